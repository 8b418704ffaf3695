package org.beamlinestudio.app.catalog;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import org.beamlinestudio.catalog.CatalogEntry;

/**
 * The results table's columns: the built-in ones (name, technique, modified, size) and one per chosen metadata key.
 * Each column's id is its sort field, so a click on its header becomes a {@link org.beamlinestudio.catalog.CatalogSort}.
 */
final class ResultColumns {

    /** The built-in columns, by sort field. */
    static final List<String> BUILT_IN = List.of("name", "technique", "modified", "size");
    /** Metadata columns offered before any result has been seen. */
    static final List<String> SUGGESTED = List.of("sample", "energy", "scan_id", "pixel_size", "angles");

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private ResultColumns() {
    }

    /** A column for a built-in field or a metadata key; its user data is the sort field. */
    static TableColumn<CatalogEntry, Object> column(String field) {
        String title = switch (field) {
            case "name" -> "Name";
            case "technique" -> "Technique";
            case "modified" -> "Modified";
            case "size" -> "Size";
            default -> field;
        };
        TableColumn<CatalogEntry, Object> col = new TableColumn<>(title);
        col.setId("catalogColumn-" + field);
        col.setUserData(field);
        col.setPrefWidth(field.equals("name") ? 170 : field.equals("modified") ? 125 : 85);
        col.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value(c.getValue(), field)));
        col.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Object item, boolean empty) {
                super.updateItem(item, empty);
                CatalogEntry e = empty || getTableRow() == null ? null : getTableRow().getItem();
                setText(empty ? null : text(field, item));
                Object error = e == null ? null : e.metadata().get("index_error");
                setStyle(error != null ? "-fx-text-fill: #c62828;" : null);
                setTooltip(error != null ? new javafx.scene.control.Tooltip(String.valueOf(error)) : null);
            }
        });
        return col;
    }

    /** The value a column shows for an entry (null when the entry has none). */
    static Object value(CatalogEntry e, String field) {
        switch (field) {
            case "name":
                return e.name();
            case "technique":
                return e.technique();
            case "modified":
                return e.modified();
            case "size":
                return e.sizeBytes() < 0 ? null : e.sizeBytes();
            default:
                return e.metadata().get(field);
        }
    }

    /** How a value reads in the table: dates to the minute, sizes in kB/MB/GB, numbers without noise. */
    static String text(String field, Object v) {
        if (v == null) {
            return "";
        }
        if (field.equals("size") && v instanceof Long n) {
            return sizeText(n);
        }
        if (v instanceof java.time.Instant t) {
            return DATE.format(t);
        }
        if (v instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf(d.longValue())
                    : String.format(Locale.ROOT, "%.6g", d).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2").replace(".e", "e")
                            .replaceAll("\\.$", "");
        }
        return String.valueOf(v);
    }

    /** "1.2 MB". */
    static String sizeText(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
    }

    /** "181×2×640". */
    static String shapeText(long[] shape) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : "×").append(shape[i]);
        }
        return sb.toString();
    }
}
