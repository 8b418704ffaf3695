package org.beamlinestudio.catalog;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.beamlinestudio.catalog.CatalogQuery.Condition;
import org.beamlinestudio.catalog.CatalogQuery.Op;

/** Parses the search bar's text into a {@link CatalogQuery}. */
public final class CatalogQueryParser {

    private static final java.util.regex.Pattern NUMBER_WITH_UNIT =
            java.util.regex.Pattern.compile("([-+]?[0-9.]+(?:[eE][-+]?[0-9]+)?)\\s*([a-zA-Zµμ]+)");
    private static final String EXAMPLE = "e.g. tooth energy > 20 sample:tooth date:2026-11-01..2026-11-21 sort newest";

    private CatalogQueryParser() {
    }

    /**
     * The search bar's text read whole: the query and, when the text ends with a sort clause
     * ({@code sort newest}, {@code sort oldest}, {@code sort name}, {@code sort:energy}, {@code sort:-energy},
     * {@code sort energy desc}), the order it asks for.
     *
     * @param query the words and conditions
     * @param sort the order the text asked for, if it did
     */
    public record Parsed(CatalogQuery query, Optional<CatalogSort> sort) {
    }

    /**
     * Parses {@code words}, {@code "quoted phrases"}, {@code field:text}, {@code field op number}
     * ({@code > >= < <= = !=}, with or without spaces), {@code field:FROM..TO} (numbers) and dates:
     * {@code date:2026-11-01..2026-11-21}, {@code date:2026-11-01}, {@code date>2026-11-01}. {@code energy} (keV) and
     * {@code pixel_size} (µm) comparisons accept a unit: {@code energy>8000eV}, {@code pixel_size<650nm}. A sort clause is
     * accepted and ignored here (see {@link #parseWithSort}). Date days are the computer's local days.
     *
     * @throws IllegalArgumentException with a message that shows the part it could not read and an example
     */
    public static CatalogQuery parse(String text) {
        return parseWithSort(text).query();
    }

    /** Like {@link #parse} but also returns the sort clause, if the text has one. */
    public static Parsed parseWithSort(String text) {
        return new Scanner(text == null ? "" : text, ZoneId.systemDefault()).run();
    }

    /** Parses with dates taken in a given time zone (tests). */
    static Parsed parseWithSort(String text, ZoneId zone) {
        return new Scanner(text == null ? "" : text, zone).run();
    }

    /** A hand-written scanner: the grammar is small and its error messages must point at the bad part. */
    private static final class Scanner {
        private final String s;
        private final ZoneId zone;
        private int pos;
        private final List<String> words = new ArrayList<>();
        private final List<Condition> conditions = new ArrayList<>();
        private CatalogSort sort;

        Scanner(String s, ZoneId zone) {
            this.s = s;
            this.zone = zone;
        }

        Parsed run() {
            while (true) {
                skipSpace();
                if (pos >= s.length()) {
                    break;
                }
                int start = pos;
                if (s.charAt(pos) == '"') {
                    String phrase = quoted();
                    if (!phrase.isBlank()) {
                        words.add(phrase.trim());
                    }
                    continue;
                }
                String field = bare();
                if (field.isEmpty()) {
                    // an operator with nothing before it, e.g. "> 20"
                    String op = operator();
                    throw error(start, pos + 1, "a comparison '" + op + "' needs a field name before it",
                            "energy > 20");
                }
                int afterField = pos;
                if (pos < s.length() && s.charAt(pos) == ':') {
                    pos++;
                    if (field.equalsIgnoreCase("sort")) {
                        sortClause(start, valueToken(start, field + ":", "sort:energy"));
                        continue;
                    }
                    String value = valueToken(start, field + ":", field + ":tooth");
                    colonCondition(start, field, value);
                    continue;
                }
                skipSpace();
                String op = operator();
                if (op.isEmpty()) {
                    pos = afterField;
                    if (field.equalsIgnoreCase("sort") && sort == null) {
                        skipSpace();
                        String what = bare();
                        if (what.isEmpty()) {
                            throw error(start, pos, "'sort' needs what to sort by", "sort newest, sort energy desc");
                        }
                        int mark = pos;
                        skipSpace();
                        String dir = bare();
                        if (dir.equalsIgnoreCase("desc") || dir.equalsIgnoreCase("asc")) {
                            sortClause(start, (dir.equalsIgnoreCase("desc") ? "-" : "") + what);
                        } else {
                            pos = mark;
                            sortClause(start, what);
                        }
                        continue;
                    }
                    words.add(field);
                    continue;
                }
                skipSpace();
                String value = valueToken(start, field + " " + op, field + " " + op + " 20");
                comparison(start, field, op, value);
            }
            return new Parsed(new CatalogQuery(words, conditions), Optional.ofNullable(sort));
        }

        private void colonCondition(int start, String field, String value) {
            String f = canonicalField(field);
            if (f.equals("modified")) {
                int dots = value.indexOf("..");
                if (dots >= 0) {
                    String from = value.substring(0, dots);
                    String to = value.substring(dots + 2);
                    if (from.isEmpty() && to.isEmpty()) {
                        throw error(start, pos, "a date range needs at least one end", field + ":2026-11-01..2026-11-21");
                    }
                    if (!from.isEmpty()) {
                        conditions.add(new Condition(f, Op.GE, dayStart(start, from)));
                    }
                    if (!to.isEmpty()) {
                        conditions.add(new Condition(f, Op.LE, dayEnd(start, to)));
                    }
                } else {
                    conditions.add(new Condition(f, Op.GE, dayStart(start, value)));
                    conditions.add(new Condition(f, Op.LE, dayEnd(start, value)));
                }
                return;
            }
            int dots = value.indexOf("..");
            if (dots >= 0) {
                String from = value.substring(0, dots);
                String to = value.substring(dots + 2);
                Double lo = from.isEmpty() ? null : number(from);
                Double hi = to.isEmpty() ? null : number(to);
                if ((lo != null || from.isEmpty()) && (hi != null || to.isEmpty()) && (lo != null || hi != null)) {
                    if (lo != null) {
                        conditions.add(new Condition(f, Op.GE, lo));
                    }
                    if (hi != null) {
                        conditions.add(new Condition(f, Op.LE, hi));
                    }
                    return;
                }
                throw error(start, pos, "a range needs numbers on both sides of '..'", field + ":10..20");
            }
            conditions.add(new Condition(f, Op.CONTAINS, value));
        }

        private void comparison(int start, String field, String opText, String value) {
            Op op = op(opText);
            String f = canonicalField(field);
            if (f.equals("modified")) {
                Object v;
                switch (op) {
                    case GT:
                        v = dayEnd(start, value);
                        break;
                    case LE:
                        v = dayEnd(start, value);
                        break;
                    case EQ:
                        conditions.add(new Condition(f, Op.GE, dayStart(start, value)));
                        conditions.add(new Condition(f, Op.LE, dayEnd(start, value)));
                        return;
                    case NE:
                        throw error(start, pos, "'!=' on a date", field + ">2026-11-01 or " + field
                                + ":2026-11-01..2026-11-21");
                    default:
                        v = dayStart(start, value);
                        break;
                }
                conditions.add(new Condition(f, op, v));
                return;
            }
            Double n = number(value);
            if (n == null) {
                n = withUnit(start, f, value);
            }
            if (n != null) {
                conditions.add(new Condition(f, op, n));
                return;
            }
            if (op == Op.EQ || op == Op.NE) {
                conditions.add(new Condition(f, op, value));
                return;
            }
            throw error(start, pos, "'" + opText + "' compares numbers but '" + value + "' is not a number",
                    field + " " + opText + " 20");
        }

        private void sortClause(int start, String what) {
            String w = what.trim();
            boolean desc = false;
            if (w.startsWith("-")) {
                desc = true;
                w = w.substring(1);
            } else if (w.startsWith("+")) {
                w = w.substring(1);
            }
            if (w.isEmpty()) {
                throw error(start, pos, "'sort' needs what to sort by", "sort newest, sort:-energy");
            }
            switch (w.toLowerCase(Locale.ROOT)) {
                case "newest":
                    sort = new CatalogSort("modified", true);
                    break;
                case "oldest":
                    sort = new CatalogSort("modified", false);
                    break;
                case "largest":
                case "biggest":
                    sort = new CatalogSort("size", true);
                    break;
                case "smallest":
                    sort = new CatalogSort("size", false);
                    break;
                default:
                    sort = new CatalogSort(canonicalField(w), desc);
            }
        }

        private static String canonicalField(String field) {
            String f = field.toLowerCase(Locale.ROOT);
            switch (f) {
                case "date":
                case "modified":
                case "time":
                    return "modified";
                case "name":
                case "size":
                case "technique":
                case "path":
                    return f;
                default:
                    // metadata keys keep their case (paths such as /entry/instrument/source/energy)
                    return field.startsWith("/") ? field : f;
            }
        }

        private String dayStart(int start, String text) {
            return instant(start, text, false).toString();
        }

        private String dayEnd(int start, String text) {
            return instant(start, text, true).toString();
        }

        /** A day's first (or last) instant in the zone, or the instant an ISO date-time names. */
        private Instant instant(int start, String text, boolean endOfDay) {
            try {
                LocalDate d = LocalDate.parse(text);
                Instant from = d.atStartOfDay(zone).toInstant();
                return endOfDay ? d.plusDays(1).atStartOfDay(zone).toInstant().minusNanos(1) : from;
            } catch (DateTimeParseException e) {
                // not a plain day: try a date-time below
            }
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                // no offset: local time
            }
            try {
                return LocalDateTime.parse(text).atZone(zone).toInstant();
            } catch (DateTimeParseException e) {
                throw error(start, pos, "'" + text + "' is not a date (year-month-day)",
                        "date:2026-11-01..2026-11-21 or date>2026-11-01");
            }
        }

        /**
         * A number with a unit, for the fields the catalog keeps in fixed units: {@code energy} in keV
         * ({@code 8000eV}, {@code 12.4keV}), {@code pixel_size} in µm ({@code 650nm}, {@code 0.65um}); null when
         * the value has no unit this knows.
         */
        private Double withUnit(int start, String field, String value) {
            java.util.regex.Matcher m = NUMBER_WITH_UNIT.matcher(value);
            if (!m.matches() || number(m.group(1)) == null) {
                return null;
            }
            double v = number(m.group(1));
            String unit = m.group(2).toLowerCase(Locale.ROOT);
            if (field.equals("energy")) {
                switch (unit) {
                    case "kev":
                        return v;
                    case "ev":
                        return v / 1000;
                    case "mev":
                        return v * 1000;
                    default:
                        throw error(start, pos, "energy is kept in keV; '" + unit + "' is not an energy unit",
                                "energy > 20keV or energy > 8000eV");
                }
            }
            if (field.equals("pixel_size")) {
                switch (unit) {
                    case "um":
                    case "µm":
                    case "μm":
                        return v;
                    case "nm":
                        return v / 1000;
                    case "mm":
                        return v * 1000;
                    case "m":
                        return v * 1e6;
                    default:
                        throw error(start, pos, "pixel_size is kept in µm; '" + unit + "' is not a length unit",
                                "pixel_size < 1um or pixel_size < 650nm");
                }
            }
            return null;
        }

        private static Double number(String v) {
            try {
                double d = Double.parseDouble(v);
                return Double.isFinite(d) ? d : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }

        private static Op op(String op) {
            switch (op) {
                case ">":
                    return Op.GT;
                case ">=":
                    return Op.GE;
                case "<":
                    return Op.LT;
                case "<=":
                    return Op.LE;
                case "!=":
                    return Op.NE;
                default:
                    return Op.EQ;
            }
        }

        private String quoted() {
            int open = pos;
            int close = s.indexOf('"', pos + 1);
            if (close < 0) {
                throw error(open, s.length(), "the quote opened here is never closed",
                        "\"tooth 2\" or sample:\"tooth 2\"");
            }
            pos = close + 1;
            return s.substring(open + 1, close);
        }

        /** A run of characters up to a space, a quote, a colon or an operator character. */
        private String bare() {
            int from = pos;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (Character.isWhitespace(c) || c == '"' || c == ':' || c == '<' || c == '>' || c == '='
                        || (c == '!' && pos + 1 < s.length() && s.charAt(pos + 1) == '=')) {
                    break;
                }
                pos++;
            }
            return s.substring(from, pos);
        }

        /** The value after {@code field:} or an operator: quoted, or up to the next space. */
        private String valueToken(int start, String what, String example) {
            if (pos < s.length() && s.charAt(pos) == '"') {
                return quoted();
            }
            int from = pos;
            while (pos < s.length() && !Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
            String v = s.substring(from, pos);
            if (v.isEmpty()) {
                throw error(start, pos, "'" + what + "' has no value after it", example);
            }
            if (v.startsWith("<") || v.startsWith(">") || v.startsWith("=") || v.startsWith("!")) {
                throw error(start, pos, "'" + v + "' is not a value: two comparisons in a row", example);
            }
            return v;
        }

        private String operator() {
            if (pos >= s.length()) {
                return "";
            }
            char c = s.charAt(pos);
            char n = pos + 1 < s.length() ? s.charAt(pos + 1) : 0;
            if ((c == '>' || c == '<' || c == '!') && n == '=') {
                pos += 2;
                return "" + c + n;
            }
            if (c == '=' && n == '=') {
                pos += 2;
                return "=";
            }
            if (c == '>' || c == '<' || c == '=') {
                pos += 1;
                return String.valueOf(c);
            }
            return "";
        }

        private void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private IllegalArgumentException error(int from, int to, String what, String example) {
            String part = s.substring(Math.max(0, from), Math.min(s.length(), Math.max(from, to))).trim();
            return new IllegalArgumentException("cannot read '" + part + "' (at character " + (from + 1) + "): " + what
                    + "; for example " + example + " (" + EXAMPLE + ")");
        }
    }
}
