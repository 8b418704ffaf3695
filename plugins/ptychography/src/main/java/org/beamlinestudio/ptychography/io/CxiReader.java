package org.beamlinestudio.ptychography.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.hdf5.H5Values;
import org.beamlinestudio.core.hdf5.Hdf5File;
import org.beamlinestudio.core.plugin.DatasetReader;
import org.beamlinestudio.core.plugin.ProbeResult;
import org.beamlinestudio.core.stage.ParamSpec;
import org.beamlinestudio.ptychography.data.ComplexField;

/**
 * Reads CXI ptychography files: patterns at {@code /entry_1/data_1/data} (usually a soft link) or
 * {@code /entry_1/instrument_1/detector_1/data}; detector {@code mask} (CXI: non-zero marks a bad pixel),
 * {@code distance}, {@code x_pixel_size}, {@code y_pixel_size} (or the lengths of {@code basis_vectors});
 * source {@code wavelength} or {@code energy} in joules and an optional {@code probe}; the sample
 * {@code geometry_1/translation} in metres, N×3 or 3×N (x, y, z), its sign chosen by {@link #TRANSLATION_SIGN}.
 */
public final class CxiReader implements DatasetReader {

    /** Reader id in pipelines and results. */
    public static final String ID = "ptychography.cxi";
    /** Option: the patterns' dataset path (default: the data_1 link, else the detector's data). */
    public static final String DATA_PATH = "dataPath";
    /** Option: +1 uses the stored translation as the object-frame position, −1 flips it (other writers' sign). */
    public static final String TRANSLATION_SIGN = "translationSign";
    /** Option: "cxi" (non-zero = bad pixel, the CXI rule) or "valid" (non-zero = good pixel). */
    public static final String MASK_CONVENTION = "maskConvention";

    static final String ENTRY = "/entry_1";
    static final String DETECTOR = "/entry_1/instrument_1/detector_1";
    static final String SOURCE = "/entry_1/instrument_1/source_1";
    static final String TRANSLATION = "/entry_1/sample_1/geometry_1/translation";
    static final String DATA_LINK = "/entry_1/data_1/data";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "CXI ptychography";
    }

    @Override
    public List<ParamSpec> options() {
        return List.of(
                new ParamSpec(DATA_PATH, "Patterns dataset", org.beamlinestudio.core.stage.ParamType.STRING, "",
                        null, null, "", "Path of the N×H×W patterns; empty = " + DATA_LINK + " or "
                        + DETECTOR + "/data.", List.of(), ""),
                ParamSpec.ofChoice(TRANSLATION_SIGN, "Translation sign", "1", List.of("1", "-1"),
                        "+1: the stored translation is the object-frame position; -1: the writer used the opposite "
                                + "sign."),
                ParamSpec.ofChoice(MASK_CONVENTION, "Mask convention", "cxi", List.of("cxi", "valid"),
                        "cxi: non-zero marks a bad pixel; valid: non-zero marks a good pixel."));
    }

    @Override
    public ProbeResult probe(Path file) {
        try (H5Values h5 = H5Values.open(file)) {
            boolean data = h5.has(DATA_LINK) || h5.has(DETECTOR + "/data");
            boolean translation = h5.has(TRANSLATION);
            boolean cxi = h5.has("/cxi_version");
            if (data && translation) {
                return new ProbeResult(cxi ? 0.95 : 0.9, "CXI entry with detector data and sample translation"
                        + (cxi ? " (cxi_version present)" : ""));
            }
            if (data && cxi) {
                return new ProbeResult(0.2, "CXI file with data but no " + TRANSLATION
                        + ": not a ptychography scan");
            }
            return ProbeResult.no("no " + DETECTOR + "/data with " + TRANSLATION);
        } catch (DataFileException | RuntimeException e) {
            return ProbeResult.no("not readable as HDF5: " + e.getMessage());
        }
    }

    @Override
    public PtychoSource open(Path file) throws DataFileException {
        return open(file, Map.of());
    }

    @Override
    public PtychoSource open(Path file, Map<String, ?> options) throws DataFileException {
        double sign = ReaderSupport.sign(options, TRANSLATION_SIGN);
        String convention = ReaderSupport.text(options, MASK_CONVENTION).toLowerCase(Locale.ROOT);
        if (!convention.isEmpty() && !convention.equals("cxi") && !convention.equals("valid")) {
            throw new IllegalArgumentException("option " + MASK_CONVENTION + "=" + convention
                    + ": expected cxi or valid");
        }
        List<AutoCloseable> resources = new ArrayList<>();
        Hdf5File h5 = Hdf5File.open(file);
        resources.add(h5);
        try (H5Values small = H5Values.open(file)) {
            String dataPath = ReaderSupport.text(options, DATA_PATH);
            if (dataPath.isEmpty()) {
                dataPath = small.has(DATA_LINK) ? DATA_LINK : DETECTOR + "/data";
            }
            LazyDataset patterns = openPatterns(h5, small, file, dataPath);
            int n = (int) patterns.shape()[0];
            int h = (int) patterns.shape()[1];
            int w = (int) patterns.shape()[2];

            double wavelength = wavelength(small, file);
            double distance = ReaderSupport.positive(file, DETECTOR + "/distance",
                    small.number(DETECTOR + "/distance"), "distance (m)");
            double[] pixel = pixelSize(small, file);

            boolean[] mask = mask(small, file, h, w, !"valid".equals(convention));
            double[][] pos = translation(small, file, n, sign);
            Optional<ComplexField> probe = Optional.empty();
            if (small.has(SOURCE + "/probe")) {
                ComplexField p = ComplexDatasets.read(small, SOURCE + "/probe");
                if (p.height() != h || p.width() != w) {
                    throw new DataFileException(file, SOURCE + "/probe", "a " + p.height() + " × " + p.width()
                            + " probe", "the patterns' size " + h + " × " + w);
                }
                probe = Optional.of(p);
            }
            return new PtychoSource(file, ID, patterns.path(), List.of(patterns), mask, pos[0], pos[1], wavelength,
                    distance, pixel[0], pixel[1], probe, resources);
        } catch (DataFileException | RuntimeException e) {
            h5.close();
            throw e;
        }
    }

    private static LazyDataset openPatterns(Hdf5File h5, H5Values small, Path file, String path)
            throws DataFileException {
        if (!small.has(path)) {
            throw new DataFileException(file, path, "no dataset at this path",
                    "the diffraction patterns (N × H × W) at " + DATA_LINK + " or " + DETECTOR + "/data");
        }
        try {
            return ReaderSupport.patterns(h5, file, path);
        } catch (DataFileException e) {
            // A soft link may be indexed under its target only.
            if (path.equals(DATA_LINK) && small.has(DETECTOR + "/data")) {
                return ReaderSupport.patterns(h5, file, DETECTOR + "/data");
            }
            throw e;
        }
    }

    private static double wavelength(H5Values small, Path file) throws DataFileException {
        Optional<Double> lambda = small.numberIfPresent(SOURCE + "/wavelength");
        if (lambda.isPresent() && lambda.get() > 0) {
            return ReaderSupport.positive(file, SOURCE + "/wavelength", lambda.get(), "wavelength (m)");
        }
        Optional<Double> energy = small.numberIfPresent(SOURCE + "/energy");
        if (energy.isEmpty()) {
            throw new DataFileException(file, SOURCE, "neither wavelength nor energy",
                    SOURCE + "/wavelength (m) or " + SOURCE + "/energy (J)");
        }
        double joules = ReaderSupport.positive(file, SOURCE + "/energy", energy.get(), "energy (J)");
        if (joules > 1e-12) {
            throw new DataFileException(file, SOURCE + "/energy", "energy " + joules
                    + ", which is not joules (an X-ray photon has about 1e-15 J)", "the photon energy in joules");
        }
        return ReaderSupport.HC_EV_M / (joules / ReaderSupport.EV_J);
    }

    private static double[] pixelSize(H5Values small, Path file) throws DataFileException {
        Optional<Double> px = small.numberIfPresent(DETECTOR + "/x_pixel_size");
        Optional<Double> py = small.numberIfPresent(DETECTOR + "/y_pixel_size");
        if (px.isPresent() || py.isPresent()) {
            double x = ReaderSupport.positive(file, DETECTOR + "/x_pixel_size", px.orElse(py.orElse(0.0)),
                    "pixel size (m)");
            double y = ReaderSupport.positive(file, DETECTOR + "/y_pixel_size", py.orElse(x), "pixel size (m)");
            return new double[] {y, x};
        }
        if (small.has(DETECTOR + "/basis_vectors")) {
            double[] b = small.doubles(DETECTOR + "/basis_vectors");
            if (b.length != 6) {
                throw new DataFileException(file, DETECTOR + "/basis_vectors", b.length + " values",
                        "2 × 3 vectors (slow axis, fast axis) in metres");
            }
            double y = Math.sqrt(b[0] * b[0] + b[1] * b[1] + b[2] * b[2]);
            double x = Math.sqrt(b[3] * b[3] + b[4] * b[4] + b[5] * b[5]);
            return new double[] {ReaderSupport.positive(file, DETECTOR + "/basis_vectors", y, "pixel size (m)"),
                ReaderSupport.positive(file, DETECTOR + "/basis_vectors", x, "pixel size (m)")};
        }
        throw new DataFileException(file, DETECTOR, "no pixel size", "x_pixel_size, y_pixel_size or basis_vectors");
    }

    private static boolean[] mask(H5Values small, Path file, int h, int w, boolean nonZeroIsBad)
            throws DataFileException {
        boolean[] valid = new boolean[h * w];
        Arrays.fill(valid, true);
        String path = DETECTOR + "/mask";
        if (!small.has(path)) {
            return valid;
        }
        double[] m = small.doubles(path);
        if (m.length != h * w) {
            throw new DataFileException(file, path, "a mask of " + Arrays.toString(small.shape(path)),
                    "one value per pattern pixel, " + h + " × " + w);
        }
        for (int k = 0; k < valid.length; k++) {
            valid[k] = (m[k] != 0) != nonZeroIsBad;
        }
        return valid;
    }

    /** Rows y and x of the translation, sign applied. */
    private static double[][] translation(H5Values small, Path file, int n, double sign) throws DataFileException {
        if (!small.has(TRANSLATION)) {
            throw new DataFileException(file, TRANSLATION, "no dataset at this path",
                    "the sample translation, N × 3 (x, y, z) in metres");
        }
        int[] shape = small.shape(TRANSLATION);
        double[] t = small.doubles(TRANSLATION);
        double[] y = new double[n];
        double[] x = new double[n];
        if (shape.length == 2 && shape[0] == n && (shape[1] == 3 || shape[1] == 2)) {
            int c = shape[1];
            for (int i = 0; i < n; i++) {
                x[i] = sign * t[i * c];
                y[i] = sign * t[i * c + 1];
            }
        } else if (shape.length == 2 && shape[1] == n && (shape[0] == 3 || shape[0] == 2)) {
            for (int i = 0; i < n; i++) {
                x[i] = sign * t[i];
                y[i] = sign * t[n + i];
            }
        } else {
            throw new DataFileException(file, TRANSLATION, "shape " + Arrays.toString(shape),
                    n + " × 3 or 3 × " + n + " (one x, y, z per pattern)");
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                throw new DataFileException(file, TRANSLATION, "a non-finite position at pattern " + i,
                        "finite positions in metres");
            }
        }
        return new double[][] {y, x};
    }
}
