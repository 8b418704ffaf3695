package org.beamlinestudio.tomography.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.hdf5.H5Attribute;
import org.beamlinestudio.core.hdf5.H5DatasetInfo;
import org.beamlinestudio.core.hdf5.H5Group;
import org.beamlinestudio.core.hdf5.H5Node;
import org.beamlinestudio.core.hdf5.Hdf5File;
import org.beamlinestudio.core.plugin.DatasetReader;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.plugin.ProbeResult;
import org.beamlinestudio.core.stage.ParamSpec;
import org.beamlinestudio.core.stage.ParamValues;

/**
 * The legacy ALS 8.3.2 HDF5 layout (what dxchange's {@code read_als_832h5} reads): one group named
 * after the scan, its scan parameters as string attributes ({@code nangles}, {@code arange}, …),
 * and one (1, rows, columns) dataset per image: {@code <scan>_0000_<i>.tif} projections,
 * {@code <scan>bak_<r>_<i>.tif} flats and {@code <scan>drk_<r>_<i>.tif} darks, where {@code <i>} is
 * the projection index they were taken at (0 = before the projections, the last = after). No
 * angles are stored: they are {@code nangles} evenly spaced over 0 … {@code arange}° with both ends
 * (the ALS' odd counts such as 1313 or 1969 are steps + 1).
 */
public final class Als832Reader implements DatasetReader {

    /** Reader id recorded in pipelines. */
    public static final String ID = "tomography.als832";

    private static final Pattern IMAGE = Pattern.compile("(.*?)(bak|drk)?_(\\d{4})_(\\d{4})\\.tif");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "ALS 8.3.2 (legacy HDF5)";
    }

    @Override
    public List<ParamSpec> options() {
        return ScanAssembly.commonOptions();
    }

    /** One image dataset and what its name says. */
    record Image(String path, String kind, int repeat, int index) {
    }

    @Override
    public ProbeResult probe(Path file) {
        try (Hdf5File h5 = Hdf5File.open(file)) {
            Optional<H5Group> g = scanGroup(h5);
            if (g.isEmpty()) {
                return ProbeResult.no("no group with nangles/arange attributes and <name>_0000_0000.tif datasets");
            }
            return new ProbeResult(0.9, g.get().path() + " with ALS 8.3.2 attributes (nangles "
                    + attr(g.get(), "nangles").orElse("?") + ", arange " + attr(g.get(), "arange").orElse("?") + ")");
        } catch (DataFileException | RuntimeException e) {
            return ProbeResult.no("not readable as HDF5: " + e.getMessage());
        }
    }

    private static Optional<H5Group> scanGroup(Hdf5File h5) {
        for (H5Node c : h5.root().children()) {
            if (c instanceof H5Group g && attr(g, "nangles").isPresent() && attr(g, "arange").isPresent()
                    && g.children().stream().anyMatch(n -> n.name().endsWith("_0000_0000.tif"))) {
                return Optional.of(g);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> attr(H5Group g, String name) {
        return g.attribute(name).map(H5Attribute::valueText).map(s -> s.replace("\r", "").strip())
                .filter(s -> !s.isEmpty());
    }

    @Override
    public OpenedSource open(Path file, Map<String, ?> options) throws DataFileException {
        ParamValues o = ScanAssembly.resolve(file, options(), options);
        Hdf5File h5 = Hdf5File.open(file);
        ScanAssembly scan;
        try {
            H5Group g = scanGroup(h5).orElseThrow(() -> new DataFileException(file, null,
                    "no group with nangles/arange attributes and <name>_0000_0000.tif datasets",
                    "the ALS 8.3.2 layout"));
            String base = g.name();
            List<Image> projections = new ArrayList<>();
            List<Image> flats = new ArrayList<>();
            List<Image> darks = new ArrayList<>();
            H5DatasetInfo first = null;
            for (H5Node c : g.children()) {
                Matcher m = IMAGE.matcher(c.name());
                if (!(c instanceof H5DatasetInfo d) || !m.matches() || !m.group(1).equals(base)) {
                    continue;
                }
                Image im = new Image(d.path(), m.group(2) == null ? "" : m.group(2), Integer.parseInt(m.group(3)),
                        Integer.parseInt(m.group(4)));
                if (im.kind().isEmpty()) {
                    if (im.repeat() == 0) {
                        projections.add(im);
                        first = first == null ? d : first;
                    }
                } else if (im.kind().equals("bak")) {
                    flats.add(im);
                } else {
                    darks.add(im);
                }
            }
            Comparator<Image> order = Comparator.comparingInt(Image::index).thenComparingInt(Image::repeat);
            projections.sort(order);
            flats.sort(order);
            darks.sort(order);
            if (first == null) {
                throw new DataFileException(file, g.path(), "no projection image named " + base + "_0000_<i>.tif",
                        "the ALS 8.3.2 layout");
            }
            long[] s = first.shape();
            if (s.length != 3 || s[0] != 1) {
                throw new DataFileException(file, first.path(), "shape " + first.shapeText(),
                        "one image per dataset, (1, rows, columns)");
            }
            int n = projections.size();
            for (int i = 0; i < n; i++) {
                if (projections.get(i).index() != i) {
                    throw new DataFileException(file, g.path(), "projection " + i + " missing (next is "
                            + projections.get(i).path() + ")", "images " + base + "_0000_0000.tif … _"
                            + String.format(Locale.ROOT, "%04d", n - 1) + ".tif without gaps");
                }
            }
            scan = new ScanAssembly(file, ID, stack(h5, file, g.path() + "/" + base + "_0000_*.tif", projections));
            scan.resources.add(h5);
            if (!flats.isEmpty()) {
                scan.arrays.put(ScanRoles.FLATS, stack(h5, file, g.path() + "/" + base + "bak_*.tif", flats));
                List<Image> before = flats.stream().filter(f -> f.index() == 0).toList();
                List<Image> after = flats.stream().filter(f -> f.index() >= n - 1 && f.index() > 0).toList();
                if (!before.isEmpty()) {
                    scan.arrays.put(ScanRoles.FLATS_BEFORE, stack(h5, file, g.path() + "/" + base + "bak_*_0000.tif",
                            before));
                }
                if (!after.isEmpty()) {
                    scan.arrays.put(ScanRoles.FLATS_AFTER, stack(h5, file, g.path() + "/" + base + "bak_*_last.tif",
                            after));
                }
                scan.vectors.put(ScanRoles.FLAT_POSITIONS,
                        flats.stream().mapToDouble(f -> f.index() == 0 ? 0 : Math.min(n, f.index() + 1)).toArray());
            }
            if (!darks.isEmpty()) {
                scan.arrays.put(ScanRoles.DARKS, stack(h5, file, g.path() + "/" + base + "drk_*.tif", darks));
            }
            Optional<Double> nangles = attr(g, "nangles").flatMap(Als832Reader::number);
            Optional<Double> arange = attr(g, "arange").flatMap(Als832Reader::number);
            scan.anglesLookedFor = g.path() + " attributes nangles, arange";
            if (arange.isPresent()) {
                scan.vectors.put(ScanRoles.ANGLES, Angles.evenlySpaced(n, arange.get(), true));
                scan.anglesSource = "evenly over 0…" + H5Meta.format(arange.get()) + "° from attribute arange";
                if (nangles.isPresent() && nangles.get().intValue() != n) {
                    scan.metadata.put("Warning", "nangles says " + nangles.get().intValue() + " but " + n
                            + " projection images are stored");
                }
            }
            keyMetadata(g, scan.metadata);
        } catch (DataFileException | RuntimeException e) {
            h5.close();
            throw e;
        }
        return scan.finish(o);
    }

    private static LazyDataset stack(Hdf5File h5, Path file, String label, List<Image> images)
            throws DataFileException {
        List<LazyDataset> sources = new ArrayList<>();
        long[] first = null;
        for (Image im : images) {
            LazyDataset d = h5.dataset(im.path());
            if (first == null) {
                first = d.shape();
            }
            if (!Arrays.equals(d.shape(), first)) {
                throw new DataFileException(file, im.path(), "shape " + Arrays.toString(d.shape()),
                        Arrays.toString(first) + " like " + images.get(0).path());
            }
            sources.add(d);
        }
        return new FrameMappedDataset(file, label, sources, new int[images.size()]);
    }

    private static Optional<Double> number(String s) {
        try {
            return Optional.of(Double.parseDouble(s));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void keyMetadata(H5Group g, Map<String, String> m) {
        attr(g, "senergy").flatMap(Als832Reader::number).filter(e -> e > 0)
                .ifPresent(e -> m.put("Energy", String.format(Locale.ROOT, "%.3f keV", e / 1000)));
        attr(g, "pxsize").flatMap(Als832Reader::number).filter(p -> p > 0)
                .ifPresent(p -> m.put("Pixel size", H5Meta.format(p * 1000) + " µm"));
        attr(g, "object").ifPresent(v -> m.put("Sample", v));
        attr(g, "camera_used").ifPresent(v -> m.put("Camera", v));
        attr(g, "lens_name").ifPresent(v -> m.put("Objective", v));
        attr(g, "scintillator_name").ifPresent(v -> m.put("Scintillator", v));
        attr(g, "sdate").ifPresent(v -> m.put("Date", v));
        attr(g, "scanner").ifPresent(v -> m.put("Facility", v));
    }
}
