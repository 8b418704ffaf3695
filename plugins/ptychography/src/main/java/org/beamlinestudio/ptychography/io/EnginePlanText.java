package org.beamlinestudio.ptychography.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.beamlinestudio.ptychography.recon.EngineKind;
import org.beamlinestudio.ptychography.recon.EngineStep;

/**
 * The engine sequence as people type it: {@code "100 DM, 100 ML"}, with optional parameters
 * {@code "50 ePIE(alpha=1, beta=0.5), 100 DM(beta=0.9)"}; the CLI's {@code --engines} and the perspective's text.
 */
public final class EnginePlanText {

    /** What the perspective and the CLI start with. */
    public static final String DEFAULT = "100 DM, 100 ML";

    private EnginePlanText() {
    }

    /**
     * Parses a sequence.
     *
     * @throws IllegalArgumentException naming the entry that could not be read and what was expected
     */
    public static List<EngineStep> parse(String text) {
        List<EngineStep> out = new ArrayList<>();
        for (String entry : splitTopLevel(text == null ? "" : text)) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            Map<String, Double> params = new LinkedHashMap<>();
            int open = e.indexOf('(');
            String head = e;
            if (open >= 0) {
                int close = e.lastIndexOf(')');
                if (close < open) {
                    throw new IllegalArgumentException("'" + e + "': unclosed '(' in the engine sequence");
                }
                head = e.substring(0, open).trim();
                for (String kv : e.substring(open + 1, close).split("[,;]")) {
                    if (kv.isBlank()) {
                        continue;
                    }
                    String[] p = kv.split("=");
                    if (p.length != 2) {
                        throw new IllegalArgumentException("'" + kv.trim() + "' in '" + e
                                + "': expected name=value, e.g. beta=0.9");
                    }
                    try {
                        params.put(p[0].trim(), Double.parseDouble(p[1].trim()));
                    } catch (NumberFormatException x) {
                        throw new IllegalArgumentException("'" + kv.trim() + "' in '" + e + "': the value is not a number");
                    }
                }
            }
            String[] parts = head.split("\\s+");
            if (parts.length != 2) {
                throw new IllegalArgumentException("'" + e + "': expected ITERATIONS ENGINE, e.g. '100 DM'");
            }
            int iterations;
            try {
                iterations = Integer.parseInt(parts[0]);
            } catch (NumberFormatException x) {
                throw new IllegalArgumentException("'" + e + "': '" + parts[0] + "' is not an iteration count");
            }
            out.add(new EngineStep(EngineKind.parse(parts[1]), iterations, params, 0));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("An empty engine sequence; expected e.g. '" + DEFAULT + "'");
        }
        return out;
    }

    /** The text that {@link #parse} reads back to the same steps. */
    public static String format(List<EngineStep> plan) {
        StringBuilder sb = new StringBuilder();
        for (EngineStep s : plan) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(s.iterations()).append(' ').append(s.kind().label());
            if (!s.parameters().isEmpty()) {
                sb.append('(');
                boolean first = true;
                for (Map.Entry<String, Double> p : new java.util.TreeMap<>(s.parameters()).entrySet()) {
                    sb.append(first ? "" : ", ").append(p.getKey()).append('=')
                            .append(String.format(Locale.ROOT, "%s", p.getValue()));
                    first = false;
                }
                sb.append(')');
            }
        }
        return sb.toString();
    }

    /** Total iterations of a plan. */
    public static int totalIterations(List<EngineStep> plan) {
        int n = 0;
        for (EngineStep s : plan) {
            n += s.iterations();
        }
        return n;
    }

    private static List<String> splitTopLevel(String text) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            if ((c == ',' || c == ';') && depth == 0) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
