package org.beamlinestudio.ptychography.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.hdf5.H5DatasetInfo;
import org.beamlinestudio.core.hdf5.Hdf5File;
import org.beamlinestudio.core.stage.Cancellation;

/**
 * Reads a detector dark frame for {@link org.beamlinestudio.ptychography.prep.PatternPreprocessing#withDark}: one
 * H × W frame, or the mean of a stack of N × H × W dark frames, read frame by frame (a long dark series never has to
 * fit in memory). The dataset is named, or found: among the datasets whose frames have the patterns' raw shape, the
 * one whose name says "dark", or the only one.
 */
public final class DarkFrameReader {

    /**
     * Where a dark frame is.
     *
     * @param file an HDF5 file
     * @param dataset its dataset path, or {@code null} to find it
     */
    public record Source(Path file, String dataset) {

        /**
         * Parses {@code FILE} or {@code FILE:/DATASET} (the dataset starts with '/'; a path that exists as a file is
         * taken whole, so names with ":/" in them still work).
         */
        public static Source parse(String spec) {
            if (spec == null || spec.isBlank()) {
                throw new IllegalArgumentException("Dark frame: expected FILE or FILE:/DATASET, got nothing");
            }
            Path whole = Path.of(spec);
            int colon = spec.lastIndexOf(":/");
            if (Files.isRegularFile(whole) || colon <= 0) {
                return new Source(whole, null);
            }
            return new Source(Path.of(spec.substring(0, colon)), spec.substring(colon + 1));
        }

        @Override
        public String toString() {
            return dataset == null ? file.toString() : file + ":" + dataset;
        }
    }

    /**
     * A dark frame and what it was made of.
     *
     * @param frame H × W, row-major
     * @param source the file and dataset read
     * @param frames how many frames were averaged
     */
    public record Dark(float[] frame, Source source, int frames) {

        /** For provenance and logs: "FILE:/DATASET" or "FILE:/DATASET, mean of N frames". */
        public String describe() {
            return source + (frames > 1 ? ", mean of " + frames + " frames" : "");
        }
    }

    private DarkFrameReader() {
    }

    /**
     * Reads the dark frame for patterns of {@code height × width} raw pixels.
     *
     * @throws DataFileException naming the file and dataset, what was found and what was expected
     * @throws Cancellation.CancelledException when cancelled between frames
     */
    public static Dark read(Source source, int height, int width, Cancellation cancel)
            throws DataFileException, Cancellation.CancelledException {
        Path file = source.file();
        if (!Files.isRegularFile(file)) {
            throw new DataFileException(file, source.dataset() == null ? "" : source.dataset(), "no such file",
                    "an HDF5 file holding the detector's dark frame(s)");
        }
        try (Hdf5File h5 = Hdf5File.open(file)) {
            String path = source.dataset() != null ? source.dataset() : find(h5, file, height, width);
            LazyDataset ds = h5.dataset(path);
            long[] shape = ds.shape();
            boolean frame = shape.length == 2 && shape[0] == height && shape[1] == width;
            boolean stack = shape.length == 3 && shape[0] >= 1 && shape[1] == height && shape[2] == width;
            if (!frame && !stack) {
                throw new DataFileException(file, path, "shape " + shapeText(shape), height + " × " + width
                        + " (one dark frame) or N × " + height + " × " + width + " (frames to average), the "
                        + "patterns' raw shape");
            }
            Source read = new Source(file, path);
            if (frame) {
                return new Dark(ds.readFloats(new long[] {0, 0}, new int[] {height, width}), read, 1);
            }
            int n = Math.toIntExact(shape[0]);
            double[] sum = new double[height * width];
            for (int i = 0; i < n; i++) {
                cancel.check();
                float[] f = ds.readFloats(new long[] {i, 0, 0}, new int[] {1, height, width});
                for (int q = 0; q < f.length; q++) {
                    sum[q] += f[q];
                }
            }
            float[] mean = new float[sum.length];
            for (int q = 0; q < sum.length; q++) {
                mean[q] = (float) (sum[q] / n);
            }
            return new Dark(mean, read, n);
        }
    }

    /** The dataset that holds the dark frame(s) when none was named. */
    private static String find(Hdf5File h5, Path file, int height, int width) throws DataFileException {
        List<String> shaped = new ArrayList<>();
        List<String> named = new ArrayList<>();
        List<String> namedOtherShape = new ArrayList<>();
        for (H5DatasetInfo d : h5.datasets()) {
            long[] s = d.shape();
            int r = s.length;
            boolean dark = d.path().substring(d.path().lastIndexOf('/') + 1).toLowerCase(Locale.ROOT).contains("dark");
            if ((r == 2 || r == 3) && s[r - 2] == height && s[r - 1] == width) {
                shaped.add(d.path());
                if (dark) {
                    named.add(d.path());
                }
            } else if (dark) {
                namedOtherShape.add(d.path() + " of shape " + shapeText(s));
            }
        }
        if (shaped.isEmpty() && !namedOtherShape.isEmpty()) {
            throw new DataFileException(file, "", String.join(", ", namedOtherShape), height + " × " + width
                    + " (one dark frame) or N × " + height + " × " + width + " (frames to average), the patterns' "
                    + "raw shape");
        }
        if (named.size() == 1) {
            return named.get(0);
        }
        if (named.isEmpty() && shaped.size() == 1) {
            return shaped.get(0);
        }
        List<String> candidates = named.isEmpty() ? shaped : named;
        throw new DataFileException(file, "", candidates.isEmpty() ? "no dataset of " + height + " × " + width
                + " frames" : candidates.size() + " datasets that could be the dark frame: "
                + String.join(", ", candidates), "one dark dataset of " + height + " × " + width
                + " frames; name it as FILE:/path/to/dark");
    }

    private static String shapeText(long[] shape) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            b.append(i == 0 ? "" : " × ").append(shape[i]);
        }
        return shape.length == 0 ? "scalar" : b.toString();
    }
}
