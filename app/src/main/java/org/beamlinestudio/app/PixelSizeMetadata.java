package org.beamlinestudio.app;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.hdf5.H5Attribute;
import org.beamlinestudio.core.hdf5.H5DatasetInfo;

/**
 * The detector pixel size a file states, for the viewer's physical positions, profiles and areas: the NeXus
 * {@code x_pixel_size}, then Data Exchange's {@code pixel_size_x} and {@code pixel_size}, each a single number,
 * with the dataset's {@code units} attribute. Metres are shown in µm (or mm, nm) so a scale bar reads "10 µm".
 */
final class PixelSizeMetadata {

    /** A pixel size and the units it is in ("" when the file does not say). */
    record PixelSize(double size, String units, String path) {
    }

    private static final List<String> NAMES = List.of("x_pixel_size", "pixel_size_x", "pixel_size");

    private PixelSizeMetadata() {
    }

    /** The file's pixel size, if a dataset states one. Reads a few scalars: call off the FX thread. */
    static Optional<PixelSize> find(OpenedFile file) {
        List<H5DatasetInfo> datasets = file.datasets();
        for (String name : NAMES) {
            for (H5DatasetInfo d : datasets) {
                if (!d.path().endsWith("/" + name) || !d.elementType().isNumeric() || d.size() != 1
                        || d.problem().isPresent()) {
                    continue;
                }
                try {
                    LazyDataset ds = file.dataset(d.path());
                    int rank = ds.rank();
                    int[] count = new int[rank];
                    java.util.Arrays.fill(count, 1);
                    double v = ds.readFloats(new long[rank], count)[0];
                    if (v > 0 && Double.isFinite(v)) {
                        return Optional.of(readable(v, units(d), d.path()));
                    }
                } catch (Exception e) {
                    // An unreadable candidate is skipped: the viewer then shows pixel indices only.
                }
            }
        }
        return Optional.empty();
    }

    private static String units(H5DatasetInfo d) {
        for (H5Attribute a : d.attributes()) {
            if (a.name().equalsIgnoreCase("units")) {
                return a.valueText().trim();
            }
        }
        return "";
    }

    /** Converts metres (and spelled-out microns) to the unit a scientist reads at this size. */
    static PixelSize readable(double v, String units, String path) {
        String u = units.toLowerCase(Locale.ROOT);
        double metres;
        switch (u) {
            case "m", "meter", "meters", "metre", "metres" -> metres = v;
            case "mm" -> metres = v * 1e-3;
            case "um", "µm", "micron", "microns", "micrometer", "micrometers" -> metres = v * 1e-6;
            case "nm" -> metres = v * 1e-9;
            default -> {
                return new PixelSize(v, units, path);
            }
        }
        if (metres >= 1e-3) {
            return new PixelSize(metres * 1e3, "mm", path);
        }
        if (metres >= 1e-6) {
            return new PixelSize(metres * 1e6, "µm", path);
        }
        return new PixelSize(metres * 1e9, "nm", path);
    }
}
