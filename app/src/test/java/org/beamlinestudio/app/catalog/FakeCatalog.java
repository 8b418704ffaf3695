package org.beamlinestudio.app.catalog;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.beamlinestudio.catalog.Catalog;
import org.beamlinestudio.catalog.CatalogEntry;
import org.beamlinestudio.catalog.CatalogException;
import org.beamlinestudio.catalog.CatalogPage;
import org.beamlinestudio.catalog.CatalogQuery;
import org.beamlinestudio.catalog.CatalogSort;

/**
 * An in-memory catalog for the panel's tests: words and conditions evaluated in Java, sorting, paging, a
 * per-query delay (to test that the latest search wins) and a record of every search asked.
 */
final class FakeCatalog implements Catalog {
    final List<CatalogEntry> entries;
    final List<String> asked = new CopyOnWriteArrayList<>();
    final List<CatalogSort> sorts = new CopyOnWriteArrayList<>();
    volatile Function<CatalogQuery, Long> delayMillis = q -> 0L;
    volatile boolean closed;

    FakeCatalog(List<CatalogEntry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** {@code n} scans: scan_0000.h5 … with sample, energy (10 + i % 30 keV), scan_id, size and date rising with i. */
    static FakeCatalog scans(Path folder, int n) {
        List<CatalogEntry> list = new ArrayList<>();
        String[] samples = {"tooth", "bone", "shell", "coral"};
        for (int i = 0; i < n; i++) {
            String name = String.format(Locale.ROOT, "scan_%04d.h5", i);
            Map<String, Object> meta = Map.of("sample", samples[i % samples.length], "energy", 10.0 + i % 30,
                    "scan_id", (long) (1000 + i), "/entry/instrument/source/current", 101.5,
                    "/entry/sample@temperature", "295 K");
            list.add(new CatalogEntry("fake", folder.resolve(name).toString(), name, i % 5 == 0 ? "xpcs" : "tomography",
                    "file", Optional.of(folder.resolve(name)), Instant.parse("2026-11-01T00:00:00Z").plusSeconds(60L * i),
                    1_000_000L + 1000L * ((i * 7919L) % n), new long[] {181, 64, 64}, meta));
        }
        return new FakeCatalog(list);
    }

    @Override
    public String id() {
        return "fake";
    }

    @Override
    public String displayName() {
        return "Fake catalog";
    }

    @Override
    public CatalogPage search(CatalogQuery query, CatalogSort sort, int offset, int limit) throws CatalogException {
        asked.add(query.words() + " " + query.conditions());
        sorts.add(sort);
        long delay = delayMillis.apply(query);
        if (delay > 0) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<CatalogEntry> hits = entries.stream().filter(e -> matches(e, query)).sorted(order(sort)).toList();
        List<CatalogEntry> page = hits.subList(Math.min(offset, hits.size()), Math.min(offset + limit, hits.size()));
        return new CatalogPage(page, offset, hits.size(), 1.5);
    }

    private static boolean matches(CatalogEntry e, CatalogQuery q) {
        for (String w : q.words()) {
            String lw = w.toLowerCase(Locale.ROOT);
            boolean any = e.name().toLowerCase(Locale.ROOT).contains(lw)
                    || e.metadata().values().stream().anyMatch(v -> String.valueOf(v).toLowerCase(Locale.ROOT)
                            .contains(lw));
            if (!any) {
                return false;
            }
        }
        for (CatalogQuery.Condition c : q.conditions()) {
            Object v = ResultColumns.value(e, c.field());
            if (v == null) {
                return false;
            }
            if (c.op() == CatalogQuery.Op.CONTAINS) {
                if (!String.valueOf(v).toLowerCase(Locale.ROOT).contains(String.valueOf(c.value())
                        .toLowerCase(Locale.ROOT))) {
                    return false;
                }
                continue;
            }
            double a = ((Number) v).doubleValue();
            double b = ((Number) c.value()).doubleValue();
            boolean ok = switch (c.op()) {
                case EQ -> a == b;
                case NE -> a != b;
                case LT -> a < b;
                case LE -> a <= b;
                case GT -> a > b;
                case GE -> a >= b;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Comparator<CatalogEntry> order(CatalogSort sort) {
        Comparator<CatalogEntry> c = Comparator.comparing(e -> (Comparable) ResultColumns.value(e, sort.field()),
                Comparator.nullsLast(Comparator.naturalOrder()));
        return sort.descending() ? c.reversed() : c;
    }

    @Override
    public CatalogEntry entry(String id) throws CatalogException {
        return entries.stream().filter(e -> e.id().equals(id)).findFirst()
                .orElseThrow(() -> new CatalogException("no entry " + id));
    }

    @Override
    public void close() {
        closed = true;
    }
}
