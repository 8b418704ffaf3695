package org.beamlinestudio.tomography.io;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Small metadata values (strings and numbers, scalars or the first element of a 1-element array)
 * read straight through jhdf, which core's lazy datasets do not do for strings. Never throws:
 * metadata that cannot be read is simply absent.
 */
final class H5Meta implements AutoCloseable {

    private final HdfFile hdf;

    private H5Meta(HdfFile hdf) {
        this.hdf = hdf;
    }

    /** Opens the file for metadata, or empty when jhdf cannot. */
    static Optional<H5Meta> open(Path file) {
        try {
            return Optional.of(new H5Meta(new HdfFile(file.toAbsolutePath())));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The value at {@code path} (first element of an array), or empty. */
    Optional<Object> value(String path) {
        try {
            Node n = hdf.getByPath(path);
            if (!(n instanceof Dataset d) || d.getSize() > 16) {
                return Optional.empty();
            }
            return Optional.ofNullable(first(d.getData()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * A 1-D numeric dataset at full (double) precision, e.g. rotation angles stored as float64 that
     * the float32 lazy path would round; empty when not a readable 1-D numeric dataset.
     */
    Optional<double[]> doubles(String path) {
        try {
            Node n = hdf.getByPath(path);
            if (!(n instanceof Dataset d) || d.getDimensions().length != 1) {
                return Optional.empty();
            }
            Object data = d.getData();
            int len = Array.getLength(data);
            double[] out = new double[len];
            for (int i = 0; i < len; i++) {
                Object v = Array.get(data, i);
                if (!(v instanceof Number num)) {
                    return Optional.empty();
                }
                out[i] = num.doubleValue();
            }
            return Optional.of(out);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A string value, trimmed (bytes decoded by jhdf), or empty. */
    Optional<String> text(String path) {
        return value(path).map(v -> v.toString().replace("\0", "").trim());
    }

    /** A numeric value, or empty (also for strings that are not numbers). */
    Optional<Double> number(String path) {
        return value(path).flatMap(v -> {
            if (v instanceof Number num) {
                return Optional.of(num.doubleValue());
            }
            try {
                return Optional.of(Double.parseDouble(v.toString().trim()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /** An attribute of the object at {@code path} as text, or empty. */
    Optional<String> attribute(String path, String name) {
        try {
            Node n = hdf.getByPath(path);
            io.jhdf.api.Attribute a = n.getAttribute(name);
            if (a == null) {
                return Optional.empty();
            }
            Object v = first(a.getData());
            return v == null ? Optional.empty() : Optional.of(v.toString().replace("\0", "").trim());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Puts "value units" under {@code label} when the path holds a finite number (positive if asked). */
    void putNumber(Map<String, String> m, String label, String path, boolean positiveOnly) {
        number(path).filter(d -> Double.isFinite(d) && (!positiveOnly || d > 0)).ifPresent(d -> {
            String units = attribute(path, "units").orElse("");
            m.putIfAbsent(label, format(d) + (units.isEmpty() ? "" : " " + units));
        });
    }

    /** Puts the text under {@code label} when present and not blank. */
    void putText(Map<String, String> m, String label, String path) {
        text(path).filter(s -> !s.isBlank()).ifPresent(s -> m.putIfAbsent(label, s));
    }

    static String format(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e9) {
            return Long.toString((long) d);
        }
        return String.format(Locale.ROOT, "%.6g", d).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2").replace(".e", "e")
                .replaceAll("\\.$", "");
    }

    private static Object first(Object data) {
        if (data == null) {
            return null;
        }
        Object v = data;
        while (v != null && v.getClass().isArray()) {
            if (Array.getLength(v) == 0) {
                return null;
            }
            v = Array.get(v, 0);
        }
        return v;
    }

    @Override
    public void close() {
        try {
            hdf.close();
        } catch (RuntimeException e) {
            // metadata only: nothing to report
        }
    }
}
