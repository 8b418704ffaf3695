package org.beamlinestudio.catalog.local;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the facts scientists search by in a file's flattened scalars, wherever the common layouts keep them
 * (NeXus {@code /entry/sample/name}, Data Exchange / APS {@code /measurement/sample/name}, CXI
 * {@code /entry_1/instrument_1/source_1/energy}, APS 8-ID {@code /entry/instrument/incident_beam/incident_energy},
 * tomoScan {@code /measurement/instrument/detection_system/objective/resolution} ...), and normalises units:
 * {@code energy} in keV, {@code pixel_size} in µm. Where several candidates exist the preferred name wins, then
 * the shallowest path (a sample's name, not a sample stage's).
 */
final class KeyMetadata {

    /** keV per joule: 1 keV = 1.602176634e-16 J. */
    static final double KEV_PER_JOULE = 1 / 1.602176634e-16;

    private KeyMetadata() {
    }

    /** A scalar found in the file, with its {@code units} attribute when it has one. */
    record Scalar(String path, Object value, String units) {
    }

    /** The key facts found among the scalars (keys {@code sample}, {@code energy}, ... in that order). */
    static Map<String, Object> find(List<Scalar> scalars) {
        Map<String, Object> out = new LinkedHashMap<>();
        text(scalars, List.of("sample/name", "sample_1/name", "sample/sample_name", "sample_name",
                "sample/chemical_formula"), "instrument").ifPresent(v -> out.put("sample", v));
        energy(scalars).ifPresent(v -> out.put("energy", v));
        pixelSize(scalars).ifPresent(v -> out.put("pixel_size", v));
        number(scalars, List.of("num_angles", "number_of_angles", "nangles")).ifPresent(v -> out.put("angles", v.longValue()));
        value(scalars, List.of("scan_id", "scan_number", "scanid", "scan_no", "entry_identifier"), null)
                .ifPresent(v -> out.put("scan_id", v));
        text(scalars, List.of("start_time", "start_date", "starttime", "date_time_start", "collection_time"), null)
                .ifPresent(v -> out.put("start_time", v));
        text(scalars, List.of("title"), null).ifPresent(v -> out.put("title", v));
        text(scalars, List.of("definition"), null).ifPresent(v -> out.put("definition", v));
        value(scalars, List.of("proposal", "proposal_id", "experiment_identifier", "proposal_number"), null)
                .ifPresent(v -> out.put("proposal", v));
        return out;
    }

    private static Optional<Object> energy(List<Scalar> scalars) {
        List<String> names = List.of("monochromator/energy", "source/energy", "source_1/energy", "incident_energy",
                "beam/energy", "photon_energy", "beam_energy", "energy_kev", "energy");
        for (String name : names) {
            Optional<Scalar> s = best(scalars, List.of(name), "process");
            if (s.isPresent()) {
                double v = numeric(s.get().value());
                if (Double.isFinite(v) && v > 0) {
                    return Optional.of(toKeV(v, s.get().units(), s.get().path()));
                }
            }
        }
        return Optional.empty();
    }

    /** Energy in keV from a value and its units; without units, the magnitude tells (J, eV or keV). */
    static double toKeV(double v, String units, String path) {
        String u = units == null ? "" : units.trim().toLowerCase(Locale.ROOT);
        switch (u) {
            case "kev":
                return v;
            case "ev":
                return v / 1000;
            case "mev":
                return v * 1000;
            case "gev":
                return v * 1e6;
            case "j":
            case "joule":
            case "joules":
                return v * KEV_PER_JOULE;
            default:
                if (v < 1e-9) {
                    return v * KEV_PER_JOULE; // CXI keeps energies in joules
                }
                return v >= 1000 ? v / 1000 : v;
        }
    }

    private static Optional<Object> pixelSize(List<Scalar> scalars) {
        List<String> names = List.of("objective/resolution", "x_pixel_size", "pixel_size_x", "pixel_size", "pixelsize",
                "x_pixel_size_um");
        for (String name : names) {
            Optional<Scalar> s = best(scalars, List.of(name), "process");
            if (s.isPresent()) {
                double v = numeric(s.get().value());
                if (Double.isFinite(v) && v > 0) {
                    return Optional.of(toMicrons(v, s.get().units()));
                }
            }
        }
        return Optional.empty();
    }

    /** A length in µm; without units, below 1 cm it is taken as metres (NeXus, CXI), else as µm. */
    static double toMicrons(double v, String units) {
        String u = units == null ? "" : units.trim().toLowerCase(Locale.ROOT);
        switch (u) {
            case "m":
            case "meter":
            case "metre":
                return v * 1e6;
            case "mm":
                return v * 1e3;
            case "cm":
                return v * 1e4;
            case "um":
            case "µm":
            case "μm":
            case "micron":
            case "microns":
            case "micrometer":
            case "micrometre":
                return v;
            case "nm":
                return v * 1e-3;
            default:
                return v < 0.01 ? v * 1e6 : v;
        }
    }

    private static Optional<Object> text(List<Scalar> scalars, List<String> names, String avoid) {
        for (String name : names) {
            Optional<Scalar> s = best(scalars, List.of(name), avoid);
            if (s.isPresent() && !String.valueOf(s.get().value()).isBlank()) {
                return Optional.of(String.valueOf(s.get().value()).trim());
            }
        }
        if (avoid != null) {
            return text(scalars, names, null);
        }
        return Optional.empty();
    }

    private static Optional<Object> value(List<Scalar> scalars, List<String> names, String avoid) {
        for (String name : names) {
            Optional<Scalar> s = best(scalars, List.of(name), avoid);
            if (s.isPresent() && !String.valueOf(s.get().value()).isBlank()) {
                Object v = s.get().value();
                return Optional.of(v instanceof String t ? t.trim() : v);
            }
        }
        return Optional.empty();
    }

    private static Optional<Double> number(List<Scalar> scalars, List<String> names) {
        for (String name : names) {
            Optional<Scalar> s = best(scalars, List.of(name), null);
            if (s.isPresent()) {
                double v = numeric(s.get().value());
                if (Double.isFinite(v)) {
                    return Optional.of(v);
                }
            }
        }
        return Optional.empty();
    }

    /** The shallowest scalar whose path ends with one of the names (as whole path segments). */
    private static Optional<Scalar> best(List<Scalar> scalars, List<String> names, String avoidSegment) {
        List<Scalar> hits = new ArrayList<>();
        for (Scalar s : scalars) {
            String p = s.path().toLowerCase(Locale.ROOT);
            if (avoidSegment != null && p.contains("/" + avoidSegment)) {
                continue;
            }
            for (String n : names) {
                if (p.equals(n) || p.endsWith("/" + n) || p.endsWith("@" + n) && n.indexOf('/') < 0) {
                    hits.add(s);
                    break;
                }
            }
        }
        return hits.stream().min(Comparator.comparingInt(s -> depth(s.path())));
    }

    private static int depth(String path) {
        int d = 0;
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                d++;
            }
        }
        return d;
    }

    static double numeric(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            return CatalogStore.parseNumber(s);
        }
        return Double.NaN;
    }
}
