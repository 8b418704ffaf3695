package org.beamlinestudio.ptychography.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.stage.DataKind;
import org.beamlinestudio.ptychography.data.ComplexField;

/**
 * An opened ptychography file: the raw patterns (lazy, one or more N×H×W blocks read in order), the detector mask,
 * the scan positions (metres, sign already applied), the geometry and a stored probe if any. Nothing but the small
 * arrays is read until {@link #readPatterns} is called; {@link PtychoScanLoader} turns it into a scan.
 */
public final class PtychoSource implements OpenedSource {

    private final Path file;
    private final String readerId;
    private final String datasetPath;
    private final List<LazyDataset> blocks;
    private final long[] blockStart;
    private final int count;
    private final int height;
    private final int width;
    private final boolean[] mask;
    private final double[] positionY;
    private final double[] positionX;
    private final double wavelength;
    private final double distance;
    private final double pixelY;
    private final double pixelX;
    private final Optional<ComplexField> probe;
    private final List<AutoCloseable> resources;

    PtychoSource(Path file, String readerId, String datasetPath, List<LazyDataset> blocks, boolean[] mask,
            double[] positionY, double[] positionX, double wavelength, double distance, double pixelY, double pixelX,
            Optional<ComplexField> probe, List<AutoCloseable> resources) {
        this.file = file;
        this.readerId = readerId;
        this.datasetPath = datasetPath;
        this.blocks = List.copyOf(blocks);
        this.blockStart = new long[blocks.size() + 1];
        long n = 0;
        for (int b = 0; b < blocks.size(); b++) {
            blockStart[b] = n;
            n += blocks.get(b).shape()[0];
        }
        blockStart[blocks.size()] = n;
        this.count = Math.toIntExact(n);
        this.height = (int) blocks.get(0).shape()[1];
        this.width = (int) blocks.get(0).shape()[2];
        this.mask = mask;
        this.positionY = positionY;
        this.positionX = positionX;
        this.wavelength = wavelength;
        this.distance = distance;
        this.pixelY = pixelY;
        this.pixelX = pixelX;
        this.probe = probe;
        this.resources = new ArrayList<>(resources);
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public String readerId() {
        return readerId;
    }

    /** The patterns' dataset path (the first chunk's for a {@code .ptyd}). */
    public String datasetPath() {
        return datasetPath;
    }

    @Override
    public DataKind kind() {
        return DataKind.IMAGE_STACK;
    }

    /** The first block of patterns (the only one except for {@code .ptyd} files with several chunks). */
    @Override
    public LazyDataset primary() {
        return blocks.get(0);
    }

    /** Number of patterns. */
    public int count() {
        return count;
    }

    /** Pattern rows as stored. */
    public int height() {
        return height;
    }

    /** Pattern columns as stored. */
    public int width() {
        return width;
    }

    /** Valid detector pixels (height × width), a copy. */
    public boolean[] mask() {
        return mask.clone();
    }

    /** Vertical positions in metres, a copy. */
    public double[] positionY() {
        return positionY.clone();
    }

    /** Horizontal positions in metres, a copy. */
    public double[] positionX() {
        return positionX.clone();
    }

    /** Wavelength, metres. */
    public double wavelength() {
        return wavelength;
    }

    /** Sample–detector distance, metres. */
    public double distance() {
        return distance;
    }

    /** Detector pixel height, metres. */
    public double pixelY() {
        return pixelY;
    }

    /** Detector pixel width, metres. */
    public double pixelX() {
        return pixelX;
    }

    /** The probe stored with the data, if any. */
    public Optional<ComplexField> probe() {
        return probe;
    }

    /** Bytes the raw patterns take as float32. */
    public long rawBytes() {
        return 4L * count * height * width;
    }

    /**
     * Reads patterns {@code first .. first+n-1} as float32, n × height × width, across blocks.
     *
     * @throws DataFileException naming the file and dataset when the bytes cannot be decoded
     */
    public float[] readPatterns(int first, int n) throws DataFileException {
        if (first < 0 || n < 0 || first + n > count) {
            throw new IllegalArgumentException("patterns " + first + ".." + (first + n - 1) + " of " + count);
        }
        int frame = height * width;
        float[] out = new float[n * frame];
        int done = 0;
        while (done < n) {
            int index = first + done;
            int b = block(index);
            LazyDataset ds = blocks.get(b);
            int local = (int) (index - blockStart[b]);
            int take = (int) Math.min(n - done, blockStart[b + 1] - index);
            float[] part = ds.readFloats(new long[] {local, 0, 0}, new int[] {take, height, width});
            System.arraycopy(part, 0, out, done * frame, part.length);
            done += take;
        }
        return out;
    }

    private int block(int index) {
        for (int b = 0; b < blocks.size(); b++) {
            if (index < blockStart[b + 1]) {
                return b;
            }
        }
        throw new IllegalArgumentException("pattern " + index + " of " + count);
    }

    @Override
    public Optional<LazyDataset> array(String role) {
        return Optional.empty();
    }

    @Override
    public Optional<double[]> vector(String role) {
        switch (role) {
            case "positionY": return Optional.of(positionY());
            case "positionX": return Optional.of(positionX());
            default: return Optional.empty();
        }
    }

    @Override
    public Map<String, String> keyMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Patterns", count + " × " + height + " × " + width);
        m.put("Energy", String.format(Locale.ROOT, "%.4g keV", 1.239841984e-9 / wavelength));
        m.put("Distance", String.format(Locale.ROOT, "%.4g m", distance));
        m.put("Detector pixel", String.format(Locale.ROOT, "%.4g × %.4g µm", pixelY * 1e6, pixelX * 1e6));
        m.put("Object pixel", String.format(Locale.ROOT, "%.4g nm",
                wavelength * distance / (height * pixelY) * 1e9));
        m.put("Scan extent", String.format(Locale.ROOT, "%.3g × %.3g µm", extent(positionY) * 1e6,
                extent(positionX) * 1e6));
        int bad = 0;
        for (boolean v : mask) {
            bad += v ? 0 : 1;
        }
        m.put("Masked pixels", Integer.toString(bad));
        m.put("Stored probe", probe.isPresent() ? "yes" : "no");
        return m;
    }

    private static double extent(double[] v) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        return hi - lo;
    }

    @Override
    public void close() {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                // read-only handles: nothing to lose
            }
        }
        resources.clear();
    }
}
