package org.beamlinestudio.catalog.local;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import org.beamlinestudio.catalog.CatalogEntry;

/** Reads entries rows and their typed facts back into {@link CatalogEntry}s. */
final class EntryRows {

    private final Connection reader;
    private final String catalogId;

    EntryRows(Connection reader, String catalogId) {
        this.reader = reader;
        this.catalogId = catalogId;
    }

    /** An entries row before its metadata is attached. */
    record Row(long id, String path, String name, String technique, String family, Long modified, long size,
            String shape, String error) {
    }

    static List<Row> rows(PreparedStatement p) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (ResultSet r = p.executeQuery()) {
            while (r.next()) {
                long m = r.getLong(6);
                Long modified = r.wasNull() ? null : m;
                out.add(new Row(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5), modified,
                        r.getLong(7), r.getString(8), r.getString(9)));
            }
        }
        return out;
    }

    /** The entries of rows, each with all its facts (one query for the page). */
    List<CatalogEntry> entries(List<Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, Map<String, Object>> meta = new HashMap<>();
        StringJoiner ids = new StringJoiner(",", "(", ")");
        for (Row r : rows) {
            ids.add(Long.toString(r.id()));
            meta.put(r.id(), new LinkedHashMap<>());
        }
        try (Statement s = reader.createStatement();
             ResultSet r = s.executeQuery("SELECT f.entry, k.name, f.kind, f.num, f.text FROM fields f"
                     + " JOIN keys k ON k.id = f.key WHERE f.entry IN " + ids)) {
            while (r.next()) {
                double num = r.getDouble(4);
                if (r.wasNull()) {
                    num = Double.NaN; // NaN and infinities are stored as NULL
                }
                meta.get(r.getLong(1)).put(r.getString(2), value(r.getInt(3), num, r.getString(5)));
            }
        }
        List<CatalogEntry> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            Map<String, Object> m = meta.get(r.id());
            if (r.error() != null) {
                m.put(CatalogStore.ERROR_KEY, r.error());
            }
            Path file = Path.of(r.path());
            out.add(new CatalogEntry(catalogId, r.path(), r.name(), r.technique(), r.family(), Optional.of(file),
                    r.modified() == null ? null : Instant.ofEpochMilli(r.modified()), r.size(), shape(r.shape()), m));
        }
        return out;
    }

    private static Object value(int kind, double num, String text) {
        switch (kind) {
            case CatalogStore.KIND_DOUBLE:
                return num;
            case CatalogStore.KIND_LONG:
                return (long) num;
            case CatalogStore.KIND_BOOLEAN:
                return num != 0;
            default:
                return text;
        }
    }

    private static long[] shape(String text) {
        if (text == null || text.isEmpty()) {
            return new long[0];
        }
        String[] parts = text.split(",");
        long[] out = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Long.parseLong(parts[i]);
        }
        return out;
    }
}
