package org.beamlinestudio.xpcs.corr;

import java.util.stream.IntStream;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.opencl.DeviceBuffer;
import org.beamlinestudio.opencl.OpenClContext;
import org.beamlinestudio.opencl.OpenClKernel;
import org.beamlinestudio.xpcs.io.FrameSource;
import org.beamlinestudio.xpcs.qmap.QMap;
import org.jocl.cl_program;

/**
 * Two-time correlation C(t1, t2) = ⟨y(t1)·y(t2)⟩ / (⟨y(t1)⟩⟨y(t2)⟩), the averages over the pixels of a dynamic
 * bin, where y is each pixel's counts divided by the time-mean intensity of its static sub-bin (so the slope of
 * the SAXS curve across a ring does not add a false contrast). One matrix product per bin, in Java or on an OpenCL device; the frame
 * range and binning bound its N² memory.
 */
public final class TwoTimeCorrelator {

    private static final int READ_BATCH = 64;

    private final QMap qmap;
    private final double frameTime;
    private final OpenClContext context;

    /** Plain Java. */
    public TwoTimeCorrelator(QMap qmap, double frameTimeSeconds) {
        this(qmap, frameTimeSeconds, null);
    }

    /** The matrix products on an OpenCL device ({@code twotime.cl}) when {@code context} is not null. */
    public TwoTimeCorrelator(QMap qmap, double frameTimeSeconds, OpenClContext context) {
        this.qmap = qmap;
        this.frameTime = frameTimeSeconds;
        this.context = context;
    }

    /**
     * Correlates frames {@code first … first+count−1}, averaging {@code binFrames} consecutive frames into one time
     * step, for the dynamic bins {@code bins} (numbered from 1).
     */
    public TwoTimeResult correlate(FrameSource source, int first, int count, int binFrames, int[] bins)
            throws DataFileException {
        if (first < 0 || count < 2 * binFrames || first + count > source.frames() || binFrames < 1) {
            throw new IllegalArgumentException(source.describe() + ": frame range " + first + "+" + count
                    + " binned by " + binFrames + " does not fit " + source.frames() + " frames");
        }
        PixelSelection sel = PixelSelection.of(qmap);
        int steps = count / binFrames;
        int p = sel.count();
        float[] y = new float[steps * p];   // [step][pixel]
        int hw = source.height() * source.width();
        int[] idx = sel.pixels();
        for (int f0 = 0; f0 < steps * binFrames; f0 += READ_BATCH) {
            int n = Math.min(READ_BATCH, steps * binFrames - f0);
            float[] frames = source.read(first + f0, n);
            for (int b = 0; b < n; b++) {
                int row = (f0 + b) / binFrames * p;
                int base = b * hw;
                for (int i = 0; i < p; i++) {
                    y[row + i] += frames[base + idx[i]];
                }
            }
        }
        // divide by the static sub-bin's mean intensity over the range
        int ns = qmap.staticCount();
        double[] sSum = new double[ns + 1];
        int[] sN = new int[ns + 1];
        int[] sb = sel.staticBin();
        for (int i = 0; i < p; i++) {
            double s = 0;
            for (int t = 0; t < steps; t++) {
                s += y[t * p + i];
            }
            sSum[sb[i]] += s / steps;
            sN[sb[i]]++;
        }
        float[] inv = new float[p];
        for (int i = 0; i < p; i++) {
            double m = sSum[sb[i]] / sN[sb[i]];
            inv[i] = m > 0 ? (float) (1 / m) : 0f;
        }
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < p; i++) {
                y[t * p + i] *= inv[i];
            }
        }
        float[][] c = new float[bins.length][];
        for (int k = 0; k < bins.length; k++) {
            c[k] = binMatrix(y, steps, p, sel.dynamicBin(), bins[k]);
        }
        return new TwoTimeResult(first, binFrames, steps, frameTime * binFrames, bins.clone(), c);
    }

    private float[] binMatrix(float[] y, int steps, int p, int[] db, int bin) {
        int m = 0;
        for (int i = 0; i < p; i++) {
            if (db[i] == bin) {
                m++;
            }
        }
        if (m == 0) {
            throw new IllegalArgumentException("dynamic bin " + bin + " has no pixel");
        }
        // gather the bin's pixels contiguously: [step][m]
        float[] z = new float[steps * m];
        double[] mean = new double[steps];
        for (int t = 0; t < steps; t++) {
            int k = 0;
            double s = 0;
            for (int i = 0; i < p; i++) {
                if (db[i] == bin) {
                    float v = y[t * p + i];
                    z[t * m + k++] = v;
                    s += v;
                }
            }
            mean[t] = s / m;
        }
        float[] c = context != null ? gramOnDevice(z, steps, m) : gram(z, steps, m);
        for (int t1 = 0; t1 < steps; t1++) {
            for (int t2 = 0; t2 < steps; t2++) {
                c[t1 * steps + t2] = (float) (c[t1 * steps + t2] / m / (mean[t1] * mean[t2]));
            }
        }
        return c;
    }

    /** Σ_i z[t1][i]·z[t2][i] for all t1, t2. */
    private static float[] gram(float[] z, int steps, int m) {
        float[] c = new float[steps * steps];
        IntStream.range(0, steps).parallel().forEach(t1 -> {
            int r1 = t1 * m;
            for (int t2 = t1; t2 < steps; t2++) {
                int r2 = t2 * m;
                double s = 0;
                for (int i = 0; i < m; i++) {
                    s += z[r1 + i] * z[r2 + i];
                }
                c[t1 * steps + t2] = (float) s;
                c[t2 * steps + t1] = (float) s;
            }
        });
        return c;
    }

    private float[] gramOnDevice(float[] z, int steps, int m) {
        cl_program program = context.program(TwoTimeCorrelator.class, "twotime.cl");
        float[] c = new float[steps * steps];
        try (DeviceBuffer zb = context.upload(z);
             DeviceBuffer cb = context.allocateFloats(c.length);
             OpenClKernel k = context.kernel(program, "twotime_gram")) {
            k.arg(0, zb).arg(1, steps).arg(2, m).arg(3, cb);
            long g = (steps + 15L) / 16 * 16;
            context.run(k, g, g);
            context.read(cb, c, 0, c.length);
        }
        return c;
    }
}
