package org.beamlinestudio.viewer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Perceptual colour maps as 256-entry ARGB tables: gray, viridis, magma, inferno, plasma, cividis, and each
 * reversed as {@code NAME_r}.
 *
 * <p>The tables in {@code colormaps.txt} were generated from matplotlib (Debian python3-matplotlib), not typed
 * by hand. viridis, magma, inferno and plasma are by Stéfan van der Walt and Nathaniel Smith; cividis is by
 * Nuñez, Anderton and Renslow (2018). Both are released under CC0.
 */
public final class Colormaps {

    /** The suffix that names a reversed map, as in matplotlib ("viridis_r"). */
    public static final String INVERTED_SUFFIX = "_r";

    private static final Map<String, int[]> TABLES = load();

    private Colormaps() {
    }

    /** The base map names, in a stable order. */
    public static List<String> names() {
        return List.copyOf(TABLES.keySet());
    }

    /** Whether {@code name} (optionally with {@code _r}) is a known map. */
    public static boolean exists(String name) {
        return name != null && TABLES.containsKey(base(name));
    }

    /** The 256-entry ARGB table of {@code name}; {@code NAME_r} gives the reversed table. */
    public static int[] table(String name) {
        int[] t = TABLES.get(base(name));
        if (t == null) {
            throw new IllegalArgumentException("unknown colour map '" + name + "'; known: " + TABLES.keySet());
        }
        if (!isInverted(name)) {
            return t.clone();
        }
        int[] r = new int[t.length];
        for (int i = 0; i < t.length; i++) {
            r[i] = t[t.length - 1 - i];
        }
        return r;
    }

    /** The colour of {@code t} in [0, 1] (clamped; NaN gives transparent) in map {@code name}, as ARGB. */
    public static int argb(String name, double t) {
        if (Double.isNaN(t)) {
            return 0;
        }
        int[] table = TABLES.get(base(name));
        if (table == null) {
            throw new IllegalArgumentException("unknown colour map '" + name + "'; known: " + TABLES.keySet());
        }
        double c = t <= 0 ? 0 : t >= 1 ? 1 : t;
        if (isInverted(name)) {
            c = 1 - c;
        }
        return table[(int) Math.round(c * (table.length - 1))];
    }

    /** The reversed variant's name of {@code name} (and back). */
    public static String inverted(String name) {
        return isInverted(name) ? base(name) : name + INVERTED_SUFFIX;
    }

    private static boolean isInverted(String name) {
        return name.endsWith(INVERTED_SUFFIX) && !TABLES.containsKey(name);
    }

    private static String base(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(INVERTED_SUFFIX) && !TABLES.containsKey(n) ? n.substring(0, n.length() - 2) : n;
    }

    private static Map<String, int[]> load() {
        String resource = "colormaps.txt";
        Map<String, int[]> tables = new LinkedHashMap<>();
        try (InputStream in = Colormaps.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " missing beside " + Colormaps.class);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            String current = null;
            List<Integer> values = new ArrayList<>();
            String line;
            while ((line = r.readLine()) != null) {
                line = line.trim();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (line.length() == 6 && line.matches("[0-9A-Fa-f]{6}")) {
                    values.add(0xFF000000 | Integer.parseInt(line, 16));
                } else {
                    put(tables, current, values, resource);
                    current = line;
                    values = new ArrayList<>();
                }
            }
            put(tables, current, values, resource);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource, e);
        }
        return tables;
    }

    private static void put(Map<String, int[]> tables, String name, List<Integer> values, String resource) {
        if (name == null) {
            return;
        }
        if (values.size() != 256) {
            throw new IllegalStateException(resource + ": map " + name + " has " + values.size()
                    + " entries, expected 256");
        }
        tables.put(name, values.stream().mapToInt(Integer::intValue).toArray());
    }
}
