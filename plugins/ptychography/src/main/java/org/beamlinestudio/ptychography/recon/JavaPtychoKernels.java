package org.beamlinestudio.ptychography.recon;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import org.beamlinestudio.core.compute.ComputeDevice;
import org.beamlinestudio.core.compute.ComputeDevices;

/**
 * The plain-Java {@link PtychoKernels} and the OpenCL twin's test oracle. Per-position work (views, FFTs, Fourier
 * projection, updates) runs on split-form scratch fields with {@link SplitFft}, whose butterflies over whole rows
 * HotSpot vectorises (a 128² transform in about 40 µs on one core, against 150 µs for JTransforms' 2-D float
 * transform); Fourier-space data stay in the transposed layout, with the measured amplitudes stored to match.
 * Work is split over a fork-join pool with one scratch set per worker: positions for the per-position work, object
 * or probe rows for the overlap sums, so every pixel's sum runs over positions in increasing order whatever the
 * thread count, and results are bit-identical run to run. ePIE/rPIE are sequential by nature and run on the calling
 * thread. Pattern sides must be powers of two (detector crops are; preprocessing crops or bins others).
 */
public final class JavaPtychoKernels implements PtychoKernels {

    private static final float EPS_S = 1e-2f; // the likelihood's floor, counts (see PtychoKernels)
    private static final float EPS_PROJ = 1e-10f;

    private final Problem problem;
    private final ComputeDevice device;
    private final int n;
    private final int h;
    private final int w;
    private final int m;
    private final int k;
    private final int oh;
    private final int ow;
    /**
     * √I in the transposed FFT layout of {@link SplitFft} results: pattern p, (kx, ky) at {@code [p * W + kx][ky]}.
     * One array per Fourier row, like the fields, so every array in the projection loops is indexed from 0: C2's
     * SuperWord leaves loops over arrays at different offsets scalar (4× slower at 128²).
     */
    private final float[][] ampT;
    /** Valid pixels, same layout ({@code [kx][ky]}), as 1/0 so the projection loops have no branch. */
    private final float[][] validT;
    private final SplitFft fftH;
    private final SplitFft fftW;
    private final int validCount;
    private final int[] py;
    private final int[] px;
    private final Fft2 fft;
    private final int workers;
    private final ForkJoinPool pool;
    private final Scratch[] scratch;

    /** Kernels on all cores of this machine. */
    public JavaPtychoKernels(Problem problem) {
        this(problem, Runtime.getRuntime().availableProcessors());
    }

    /** Kernels on {@code threads} workers (1 = the calling thread only). */
    public JavaPtychoKernels(Problem problem, int threads) {
        if (Integer.bitCount(problem.height()) != 1 || Integer.bitCount(problem.width()) != 1) {
            throw new IllegalArgumentException("The Java ptychography engines need power-of-two patterns, got "
                    + problem.height() + " x " + problem.width() + ": crop or bin them in the preprocessing");
        }
        this.problem = problem;
        this.device = ComputeDevices.javaDevice();
        this.n = problem.count();
        this.h = problem.height();
        this.w = problem.width();
        this.m = h * w;
        this.k = problem.modes();
        this.oh = problem.objectHeight();
        this.ow = problem.objectWidth();
        float[] amp = new float[n * m];
        boolean[] valid = new boolean[m];
        float[] in = problem.intensities();
        for (int y = 0; y < h; y++) {
            int sy = ((y - h / 2) % h + h) % h;
            for (int x = 0; x < w; x++) {
                int sx = ((x - w / 2) % w + w) % w;
                int src = y * w + x;
                int dst = sy * w + sx;
                valid[dst] = problem.mask()[src];
                for (int p = 0; p < n; p++) {
                    float v = in[p * m + src];
                    amp[p * m + dst] = v > 0 ? (float) Math.sqrt(v) : 0f;
                }
            }
        }
        int vc = 0;
        for (boolean v : valid) {
            vc += v ? 1 : 0;
        }
        this.validCount = Math.max(1, vc);
        this.ampT = new float[n * w][h];
        this.validT = new float[w][h];
        for (int ky = 0; ky < h; ky++) {
            for (int kx = 0; kx < w; kx++) {
                validT[kx][ky] = valid[ky * w + kx] ? 1f : 0f;
                for (int p = 0; p < n; p++) {
                    ampT[p * w + kx][ky] = amp[p * m + ky * w + kx];
                }
            }
        }
        this.fftH = new SplitFft(h);
        this.fftW = new SplitFft(w);
        this.py = new int[n];
        this.px = new int[n];
        this.fft = new Fft2(h, w);
        this.workers = Math.max(1, threads);
        this.pool = workers > 1 ? new ForkJoinPool(workers) : null;
        this.scratch = new Scratch[workers];
        for (int i = 0; i < workers; i++) {
            scratch[i] = new Scratch(k, h, w, fft.scratchLength());
        }
    }

    /**
     * Per-worker arrays, sized once: real-space fields {@code [K][H][W]} (re, im), Fourier-space fields in the
     * transposed layout {@code [K][W][H]}, the current object view {@code [H][W]} and single rows.
     */
    private static final class Scratch {
        final float[][][] ar;
        final float[][][] ai;
        final float[][][] tr;
        final float[][][] ti;
        final float[][][] f1r;
        final float[][][] f1i;
        final float[][][] f2r;
        final float[][][] f2i;
        final float[][][] f3r;
        final float[][][] f3i;
        /** The object view of the current position, copied out of the object's rows (see {@link #copyView}). */
        final float[][] vr;
        final float[][] vi;
        /** Row temporaries, length W: segments of object rows and per-pixel sums over modes. */
        final float[] rowA;
        final float[] rowB;
        final float[] rowC;
        /** Mode mixing: the K new rows of one pixel row. */
        final float[][] mixR;
        final float[][] mixI;
        /** One interleaved field and JTransforms' column scratch, for {@link #fft}. */
        final float[] field;
        final float[] col;
        final float[] gain;
        final float[] dev;

        Scratch(int k, int h, int w, int colFloats) {
            gain = new float[h];
            dev = new float[h];
            ar = new float[k][h][w];
            ai = new float[k][h][w];
            tr = new float[k][h][w];
            ti = new float[k][h][w];
            f1r = new float[k][w][h];
            f1i = new float[k][w][h];
            f2r = new float[k][w][h];
            f2i = new float[k][w][h];
            f3r = new float[k][w][h];
            f3i = new float[k][w][h];
            vr = new float[h][w];
            vi = new float[h][w];
            rowA = new float[w];
            rowB = new float[w];
            rowC = new float[w];
            mixR = new float[k][w];
            mixI = new float[k][w];
            field = new float[2 * h * w];
            col = new float[colFloats];
        }
    }

    /**
     * A Java buffer, in split rows: row {@code f · height + y} of {@link #re} (and {@link #im} when complex) holds
     * row y of field f. Every per-pixel loop then runs over whole arrays from index 0, the only form C2's
     * auto-vectoriser takes on JDK 17: interleaved (re, im) pairs, or an array indexed at an offset beside others
     * indexed from 0, stay scalar (2.5–4× slower). A view's object row segment is copied to a scratch row
     * ({@code System.arraycopy}) before such a loop and back after it, which costs less than the scalar loop.
     * {@link #write} and {@link #read} convert from and to the interleaved layout of the interface.
     */
    static final class JBuffer implements Buffer {
        final int count;
        final int height;
        final int width;
        final boolean complex;
        final float[][] re;
        /** {@code null} for a real buffer. */
        final float[][] im;

        JBuffer(int count, int height, int width, boolean complex) {
            this.count = count;
            this.height = height;
            this.width = width;
            this.complex = complex;
            long rows = (long) count * height;
            if (rows * width * (complex ? 2 : 1) > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("A " + count + " x " + height + " x " + width
                        + " buffer is too large to be read or written through one Java array");
            }
            this.re = new float[(int) rows][width];
            this.im = complex ? new float[(int) rows][width] : null;
        }

        int rows() {
            return re.length;
        }

        @Override
        public int count() {
            return count;
        }

        @Override
        public int height() {
            return height;
        }

        @Override
        public int width() {
            return width;
        }

        @Override
        public boolean complex() {
            return complex;
        }
    }

    @FunctionalInterface
    private interface RangeTask {
        void run(int worker, int from, int to);
    }

    /** Splits [0, total) into one contiguous chunk per worker; chunk i runs with scratch i. */
    private void parallel(int total, RangeTask task) {
        int t = Math.min(workers, Math.max(1, total));
        if (t == 1 || pool == null) {
            task.run(0, 0, total);
            return;
        }
        List<ForkJoinTask<?>> tasks = new ArrayList<>(t - 1);
        for (int i = 1; i < t; i++) {
            final int wi = i;
            final int from = (int) ((long) total * i / t);
            final int to = (int) ((long) total * (i + 1) / t);
            tasks.add(pool.submit(() -> task.run(wi, from, to)));
        }
        task.run(0, 0, (int) ((long) total / t));
        for (ForkJoinTask<?> f : tasks) {
            f.join();
        }
    }

    private static JBuffer j(Buffer b) {
        if (!(b instanceof JBuffer)) {
            throw new IllegalArgumentException("Not a Java kernel buffer: " + b);
        }
        return (JBuffer) b;
    }

    private static void sameShape(String op, JBuffer a, JBuffer b) {
        if (a.rows() != b.rows() || a.width != b.width || a.complex != b.complex) {
            throw new IllegalArgumentException(op + " between a " + a.count + " x " + a.height + " x " + a.width
                    + " and a " + b.count + " x " + b.height + " x " + b.width + " buffer");
        }
    }

    @Override
    public Problem problem() {
        return problem;
    }

    @Override
    public ComputeDevice device() {
        return device;
    }

    @Override
    public Buffer allocate(int count, int height, int width, boolean complex) {
        return new JBuffer(count, height, width, complex);
    }

    @Override
    public void write(Buffer dst, float[] src) {
        JBuffer d = j(dst);
        if (src.length != d.floats()) {
            throw new IllegalArgumentException("Buffer holds " + d.floats() + " floats, got " + src.length);
        }
        int wd = d.width;
        for (int r = 0; r < d.rows(); r++) {
            float[] rr = d.re[r];
            if (d.complex) {
                float[] ri = d.im[r];
                int base = 2 * r * wd;
                for (int x = 0; x < wd; x++) {
                    rr[x] = src[base + 2 * x];
                    ri[x] = src[base + 2 * x + 1];
                }
            } else {
                System.arraycopy(src, r * wd, rr, 0, wd);
            }
        }
    }

    @Override
    public void read(Buffer src, float[] dst) {
        JBuffer s = j(src);
        if (dst.length != s.floats()) {
            throw new IllegalArgumentException("Buffer holds " + s.floats() + " floats, got " + dst.length);
        }
        int wd = s.width;
        for (int r = 0; r < s.rows(); r++) {
            float[] rr = s.re[r];
            if (s.complex) {
                float[] ri = s.im[r];
                int base = 2 * r * wd;
                for (int x = 0; x < wd; x++) {
                    dst[base + 2 * x] = rr[x];
                    dst[base + 2 * x + 1] = ri[x];
                }
            } else {
                System.arraycopy(rr, 0, dst, r * wd, wd);
            }
        }
    }

    @Override
    public void free(Buffer buffer) {
        j(buffer);
    }

    @Override
    public void mixModes(Buffer fields, float[] u) {
        JBuffer b = j(fields);
        if (u.length != 2 * k * k || b.count % k != 0 || b.height != h || b.width != w || !b.complex) {
            throw new IllegalArgumentException("mixModes needs a " + k + " x " + k + " complex matrix and groups of "
                    + k + " complex " + h + " x " + w + " fields");
        }
        int groups = b.count / k;
        parallel(groups * h, (wk, from, to) -> {
            Scratch s = scratch[wk];
            for (int gy = from; gy < to; gy++) {
                int g = gy / h;
                int y = gy % h;
                for (int km = 0; km < k; km++) {
                    float[] sr = s.mixR[km];
                    float[] si = s.mixI[km];
                    java.util.Arrays.fill(sr, 0f);
                    java.util.Arrays.fill(si, 0f);
                    for (int jm = 0; jm < k; jm++) {
                        float ur = u[2 * (km * k + jm)];
                        float ui = u[2 * (km * k + jm) + 1];
                        float[] vr = b.re[(g * k + jm) * h + y];
                        float[] vi = b.im[(g * k + jm) * h + y];
                        for (int x = 0; x < w; x++) {
                            sr[x] += ur * vr[x] - ui * vi[x];
                            si[x] += ur * vi[x] + ui * vr[x];
                        }
                    }
                }
                for (int km = 0; km < k; km++) {
                    System.arraycopy(s.mixR[km], 0, b.re[(g * k + km) * h + y], 0, w);
                    System.arraycopy(s.mixI[km], 0, b.im[(g * k + km) * h + y], 0, w);
                }
            }
        });
    }

    @Override
    public void copy(Buffer src, Buffer dst) {
        JBuffer s = j(src);
        JBuffer d = j(dst);
        sameShape("copy", s, d);
        for (int r = 0; r < s.rows(); r++) {
            System.arraycopy(s.re[r], 0, d.re[r], 0, s.width);
            if (s.complex) {
                System.arraycopy(s.im[r], 0, d.im[r], 0, s.width);
            }
        }
    }

    @Override
    public void scaleAdd(Buffer y, float a, Buffer x, float b) {
        JBuffer yb = j(y);
        JBuffer xb = b == 0 ? null : j(x);
        if (xb != null) {
            sameShape("scaleAdd", yb, xb);
        }
        int wd = yb.width;
        parallel(yb.rows(), (wk, from, to) -> {
            for (int r = from; r < to; r++) {
                for (int part = 0; part < (yb.complex ? 2 : 1); part++) {
                    float[] yr = part == 0 ? yb.re[r] : yb.im[r];
                    if (xb == null) {
                        for (int i = 0; i < wd; i++) {
                            yr[i] = a * yr[i];
                        }
                    } else {
                        float[] xr = part == 0 ? xb.re[r] : xb.im[r];
                        for (int i = 0; i < wd; i++) {
                            yr[i] = a * yr[i] + b * xr[i];
                        }
                    }
                }
            }
        });
    }

    @Override
    public double dot(Buffer a, Buffer b) {
        JBuffer ab = j(a);
        JBuffer bb = j(b);
        sameShape("dot", ab, bb);
        int wd = ab.width;
        double[] part = new double[workers];
        parallel(ab.rows(), (wk, from, to) -> {
            double s = 0;
            for (int r = from; r < to; r++) {
                float[] xr = ab.re[r];
                float[] yr = bb.re[r];
                if (ab.complex) {
                    float[] xi = ab.im[r];
                    float[] yi = bb.im[r];
                    for (int i = 0; i < wd; i++) {
                        s += (double) xr[i] * yr[i] + (double) xi[i] * yi[i];
                    }
                } else {
                    for (int i = 0; i < wd; i++) {
                        s += (double) xr[i] * yr[i];
                    }
                }
            }
            part[wk] = s;
        });
        double s = 0;
        for (double v : part) {
            s += v;
        }
        return s;
    }

    @Override
    public void setPositions(int[] y, int[] x) {
        if (y.length != n || x.length != n) {
            throw new IllegalArgumentException("Expected " + n + " positions, got " + y.length + " and " + x.length);
        }
        for (int i = 0; i < n; i++) {
            if (y[i] < 0 || x[i] < 0 || y[i] > oh - h || x[i] > ow - w) {
                throw new IllegalArgumentException("Position " + i + " at (" + y[i] + ", " + x[i]
                        + ") puts its view outside the " + oh + " x " + ow + " object");
            }
        }
        System.arraycopy(y, 0, py, 0, n);
        System.arraycopy(x, 0, px, 0, n);
    }


    @Override
    public void fft(Buffer fields, boolean forward) {
        JBuffer b = j(fields);
        if (!b.complex || b.height != h || b.width != w) {
            throw new IllegalArgumentException("fft needs complex " + h + " x " + w + " fields");
        }
        // Not on an engine's path (their transforms run in split form on scratch): one interleaved copy per field.
        parallel(b.count, (wk, from, to) -> {
            float[] a = scratch[wk].field;
            for (int f = from; f < to; f++) {
                for (int y = 0; y < h; y++) {
                    float[] rr = b.re[f * h + y];
                    float[] ri = b.im[f * h + y];
                    for (int x = 0; x < w; x++) {
                        a[2 * (y * w + x)] = rr[x];
                        a[2 * (y * w + x) + 1] = ri[x];
                    }
                }
                if (forward) {
                    fft.forward(a, 0, scratch[wk].col);
                } else {
                    fft.inverse(a, 0, scratch[wk].col, true);
                }
                for (int y = 0; y < h; y++) {
                    float[] rr = b.re[f * h + y];
                    float[] ri = b.im[f * h + y];
                    for (int x = 0; x < w; x++) {
                        rr[x] = a[2 * (y * w + x)];
                        ri[x] = a[2 * (y * w + x) + 1];
                    }
                }
            }
        });
    }

    /** Copies the object's H × W view with top-left (y0, x0) into the scratch's view rows. */
    private void copyView(JBuffer o, int y0, int x0, Scratch s) {
        for (int y = 0; y < h; y++) {
            System.arraycopy(o.re[y0 + y], x0, s.vr[y], 0, w);
            System.arraycopy(o.im[y0 + y], x0, s.vi[y], 0, w);
        }
    }

    /** Writes the scratch's view rows back into the object at (y0, x0). */
    private void storeView(Scratch s, JBuffer o, int y0, int x0) {
        for (int y = 0; y < h; y++) {
            System.arraycopy(s.vr[y], 0, o.re[y0 + y], x0, w);
            System.arraycopy(s.vi[y], 0, o.im[y0 + y], x0, w);
        }
    }

    /**
     * {@code (re, im)[k][y][x] ← P_k(y, x) · V(y, x)} into scratch fields, for the view V in the scratch's view
     * rows.
     */
    private void viewTimesProbe(Scratch s, JBuffer p, float[][][] re, float[][][] im) {
        for (int md = 0; md < k; md++) {
            for (int y = 0; y < h; y++) {
                float[] vr = s.vr[y];
                float[] vi = s.vi[y];
                float[] pr = p.re[md * h + y];
                float[] pi = p.im[md * h + y];
                float[] rr = re[md][y];
                float[] ri = im[md][y];
                for (int x = 0; x < w; x++) {
                    rr[x] = pr[x] * vr[x] - pi[x] * vi[x];
                    ri[x] = pr[x] * vi[x] + pi[x] * vr[x];
                }
            }
        }
    }

    /** Split-form views: {@code (re, im)[k][y][x] ← P_k(y, x) · O(y0 + y, x0 + x)}. */
    private void viewsSplit(JBuffer o, JBuffer p, int y0, int x0, Scratch s, float[][][] re, float[][][] im) {
        copyView(o, y0, x0, s);
        viewTimesProbe(s, p, re, im);
    }

    /** Forward 2-D FFT of real-space {@code t} (destroyed) into transposed Fourier-space {@code f}. */
    private void forward(float[][][] tRe, float[][][] tIm, float[][][] fRe, float[][][] fIm) {
        for (int md = 0; md < k; md++) {
            fftH.transform(tRe[md], tIm[md], w, false);
            SplitFft.transpose(tRe[md], tIm[md], fRe[md], fIm[md], h, w);
            fftW.transform(fRe[md], fIm[md], h, false);
        }
    }

    /** Unnormalised inverse of {@link #forward}: transposed {@code f} (destroyed) into real-space {@code t}. */
    private void inverse(float[][][] fRe, float[][][] fIm, float[][][] tRe, float[][][] tIm) {
        for (int md = 0; md < k; md++) {
            fftW.transform(fRe[md], fIm[md], h, true);
            SplitFft.transpose(fRe[md], fIm[md], tRe[md], tIm[md], w, h);
            fftH.transform(tRe[md], tIm[md], w, true);
        }
    }

    /**
     * e_n of the K transposed Fourier fields; with {@code project} also projects them: moduli to
     * {@code A + (√S − A) renorm} on valid pixels (renorm 0: the plain projection), masked pixels kept.
     */
    private double errorAndProject(float[][][] fr, float[][][] fi, int pos, float renorm, boolean project,
            float[] gain, float[] dev) {
        if (k == 1) {
            return errorAndProjectOneMode(fr[0], fi[0], pos, renorm, project, dev);
        }
        double e = 0;
        for (int kx = 0; kx < w; kx++) {
            float[] amp = ampT[pos * w + kx];
            float[] valid = validT[kx];
            float[] s = gain;
            float[] r0 = fr[0][kx];
            float[] i0 = fi[0][kx];
            for (int ky = 0; ky < h; ky++) {
                s[ky] = r0[ky] * r0[ky] + i0[ky] * i0[ky];
            }
            for (int md = 1; md < k; md++) {
                float[] rr = fr[md][kx];
                float[] ri = fi[md][kx];
                for (int ky = 0; ky < h; ky++) {
                    s[ky] += rr[ky] * rr[ky] + ri[ky] * ri[ky];
                }
            }
            // No reduction in this loop, so C2 vectorises it; the sum follows in rowSum.
            for (int ky = 0; ky < h; ky++) {
                float a = (float) Math.sqrt(s[ky]);
                float meas = amp[ky];
                float v = valid[ky];
                float d = (a - meas) * v;
                dev[ky] = d * d;
                s[ky] = v * (meas + (a - meas) * renorm) / (a + EPS_PROJ) + (1 - v);
            }
            e += rowSum(dev);
            if (project) {
                for (int md = 0; md < k; md++) {
                    float[] rr = fr[md][kx];
                    float[] ri = fi[md][kx];
                    for (int ky = 0; ky < h; ky++) {
                        rr[ky] *= s[ky];
                        ri[ky] *= s[ky];
                    }
                }
            }
        }
        return e;
    }

    /**
     * {@link #errorAndProject} for one mode: the same operations per pixel in one pass per Fourier row (every
     * array indexed from 0, so C2 vectorises it).
     */
    private double errorAndProjectOneMode(float[][] fr, float[][] fi, int pos, float renorm, boolean project,
            float[] dev) {
        double e = 0;
        for (int kx = 0; kx < w; kx++) {
            float[] amp = ampT[pos * w + kx];
            float[] valid = validT[kx];
            float[] rr = fr[kx];
            float[] ri = fi[kx];
            if (project) {
                for (int ky = 0; ky < h; ky++) {
                    float re = rr[ky];
                    float im = ri[ky];
                    float a = (float) Math.sqrt(re * re + im * im);
                    float meas = amp[ky];
                    float v = valid[ky];
                    float d = (a - meas) * v;
                    dev[ky] = d * d;
                    float g = v * (meas + (a - meas) * renorm) / (a + EPS_PROJ) + (1 - v);
                    rr[ky] = re * g;
                    ri[ky] = im * g;
                }
            } else {
                for (int ky = 0; ky < h; ky++) {
                    float re = rr[ky];
                    float im = ri[ky];
                    float d = ((float) Math.sqrt(re * re + im * im) - amp[ky]) * valid[ky];
                    dev[ky] = d * d;
                }
            }
            e += rowSum(dev);
        }
        return e;
    }

    /**
     * Σ v over the first H values, in eight interleaved float partial sums added in double: one running sum
     * waits four cycles per add (a third of the projection's time at 128²); the order is fixed, so results repeat
     * exactly.
     */
    private double rowSum(float[] v) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        float s4 = 0;
        float s5 = 0;
        float s6 = 0;
        float s7 = 0;
        int i = 0;
        for (; i + 8 <= h; i += 8) {
            s0 += v[i];
            s1 += v[i + 1];
            s2 += v[i + 2];
            s3 += v[i + 3];
            s4 += v[i + 4];
            s5 += v[i + 5];
            s6 += v[i + 6];
            s7 += v[i + 7];
        }
        for (; i < h; i++) {
            s0 += v[i];
        }
        return ((double) s0 + s1 + s2 + s3) + ((double) s4 + s5 + s6 + s7);
    }


    @Override
    public void exitWaves(Buffer object, Buffer probe, Buffer waves) {
        JBuffer o = j(object);
        JBuffer p = j(probe);
        JBuffer wv = j(waves);
        parallel(n, (wk, from, to) -> {
            Scratch s = scratch[wk];
            for (int pos = from; pos < to; pos++) {
                copyView(o, py[pos], px[pos], s);
                for (int md = 0; md < k; md++) {
                    for (int y = 0; y < h; y++) {
                        float[] vr = s.vr[y];
                        float[] vi = s.vi[y];
                        float[] pr = p.re[md * h + y];
                        float[] pi = p.im[md * h + y];
                        float[] dr = wv.re[(pos * k + md) * h + y];
                        float[] di = wv.im[(pos * k + md) * h + y];
                        for (int x = 0; x < w; x++) {
                            dr[x] = pr[x] * vr[x] - pi[x] * vi[x];
                            di[x] = pr[x] * vi[x] + pi[x] * vr[x];
                        }
                    }
                }
            }
        });
    }

    @Override
    public void accumulateObject(Buffer waves, Buffer probe, Buffer numer, Buffer denom) {
        JBuffer wv = j(waves);
        JBuffer p = j(probe);
        JBuffer num = j(numer);
        JBuffer den = denom == null ? null : j(denom);
        parallel(oh, (wk, r0, r1) -> {
            Scratch s = scratch[wk];
            for (int r = r0; r < r1; r++) {
                java.util.Arrays.fill(num.re[r], 0f);
                java.util.Arrays.fill(num.im[r], 0f);
                if (den != null) {
                    java.util.Arrays.fill(den.re[r], 0f);
                }
            }
            for (int pos = 0; pos < n; pos++) {
                int ya = Math.max(r0, py[pos]);
                int yb = Math.min(r1, py[pos] + h);
                for (int r = ya; r < yb; r++) {
                    accumulateObjectRow(wv, p, num, den, s, pos, r);
                }
            }
        });
    }

    /**
     * Adds position {@code pos}'s terms to object row {@code r} of the overlap sums, through scratch rows (see
     * {@link JBuffer}).
     */
    private void accumulateObjectRow(JBuffer wv, JBuffer p, JBuffer num, JBuffer den, Scratch s, int pos, int r) {
        float[] nr = s.rowA;
        float[] ni = s.rowB;
        float[] dn = s.rowC;
        int y = r - py[pos];
        int x0 = px[pos];
        System.arraycopy(num.re[r], x0, nr, 0, w);
        System.arraycopy(num.im[r], x0, ni, 0, w);
        if (den != null) {
            System.arraycopy(den.re[r], x0, dn, 0, w);
        }
        for (int md = 0; md < k; md++) {
            float[] pr = p.re[md * h + y];
            float[] pi = p.im[md * h + y];
            float[] vr = wv.re[(pos * k + md) * h + y];
            float[] vi = wv.im[(pos * k + md) * h + y];
            if (den != null) {
                for (int x = 0; x < w; x++) {
                    nr[x] += pr[x] * vr[x] + pi[x] * vi[x];
                    ni[x] += pr[x] * vi[x] - pi[x] * vr[x];
                    dn[x] += pr[x] * pr[x] + pi[x] * pi[x];
                }
            } else {
                for (int x = 0; x < w; x++) {
                    nr[x] += pr[x] * vr[x] + pi[x] * vi[x];
                    ni[x] += pr[x] * vi[x] - pi[x] * vr[x];
                }
            }
        }
        System.arraycopy(nr, 0, num.re[r], x0, w);
        System.arraycopy(ni, 0, num.im[r], x0, w);
        if (den != null) {
            System.arraycopy(dn, 0, den.re[r], x0, w);
        }
    }

    @Override
    public void accumulateProbe(Buffer waves, Buffer object, Buffer numer, Buffer denom) {
        JBuffer wv = j(waves);
        JBuffer o = j(object);
        JBuffer num = j(numer);
        JBuffer den = denom == null ? null : j(denom);
        parallel(h, (wk, y0, y1) -> {
            Scratch s = scratch[wk];
            for (int y = y0; y < y1; y++) {
                for (int md = 0; md < k; md++) {
                    java.util.Arrays.fill(num.re[md * h + y], 0f);
                    java.util.Arrays.fill(num.im[md * h + y], 0f);
                }
                if (den != null) {
                    java.util.Arrays.fill(den.re[y], 0f);
                }
            }
            for (int pos = 0; pos < n; pos++) {
                for (int y = y0; y < y1; y++) {
                    accumulateProbeRow(wv, o, num, den, s, pos, y);
                }
            }
        });
    }

    /** Adds position {@code pos}'s terms to probe row {@code y} of the overlap sums. */
    private void accumulateProbeRow(JBuffer wv, JBuffer o, JBuffer num, JBuffer den, Scratch s, int pos, int y) {
        float[] or = s.rowA;
        float[] oi = s.rowB;
        System.arraycopy(o.re[py[pos] + y], px[pos], or, 0, w);
        System.arraycopy(o.im[py[pos] + y], px[pos], oi, 0, w);
        for (int md = 0; md < k; md++) {
            float[] nr = num.re[md * h + y];
            float[] ni = num.im[md * h + y];
            float[] vr = wv.re[(pos * k + md) * h + y];
            float[] vi = wv.im[(pos * k + md) * h + y];
            if (md == 0 && den != null) {
                // the denominator in the same pass as the first mode's numerator (one read of the view row)
                float[] dn = den.re[y];
                for (int x = 0; x < w; x++) {
                    nr[x] += or[x] * vr[x] + oi[x] * vi[x];
                    ni[x] += or[x] * vi[x] - oi[x] * vr[x];
                    dn[x] += or[x] * or[x] + oi[x] * oi[x];
                }
            } else {
                for (int x = 0; x < w; x++) {
                    nr[x] += or[x] * vr[x] + oi[x] * vi[x];
                    ni[x] += or[x] * vi[x] - oi[x] * vr[x];
                }
            }
        }
    }

    @Override
    public void divide(Buffer numer, Buffer denom, float inertia, Buffer target, float amplitudeLimit) {
        JBuffer num = j(numer);
        JBuffer den = j(denom);
        JBuffer t = j(target);
        if (den.count != 1 || den.height != num.height || den.width != num.width || den.complex) {
            throw new IllegalArgumentException("divide: a " + den.count + " x " + den.height + " x " + den.width
                    + " denominator for " + num.height + " x " + num.width + " fields");
        }
        sameShape("divide", num, t);
        float lim2 = amplitudeLimit * amplitudeLimit;
        int wd = num.width;
        parallel(num.rows(), (wk, from, to) -> {
            for (int r = from; r < to; r++) {
                float[] dn = den.re[r % num.height];
                float[] nr = num.re[r];
                float[] ni = num.im[r];
                float[] tr = t.re[r];
                float[] ti = t.im[r];
                for (int x = 0; x < wd; x++) {
                    float d = dn[x] + inertia;
                    if (d == 0) {
                        continue;
                    }
                    float re = (nr[x] + inertia * tr[x]) / d;
                    float im = (ni[x] + inertia * ti[x]) / d;
                    if (amplitudeLimit > 0) {
                        float a2 = re * re + im * im;
                        if (a2 > lim2) {
                            float sc = (float) (amplitudeLimit / Math.sqrt(a2));
                            re *= sc;
                            im *= sc;
                        }
                    }
                    tr[x] = re;
                    ti[x] = im;
                }
            }
        });
    }

    @Override
    public double pieUpdate(int pos, Buffer object, Buffer probe, float objectStep, float objectMix, float probeStep,
            float probeMix, float amplitudeLimit) {
        JBuffer o = j(object);
        JBuffer p = j(probe);
        Scratch s = scratch[0];
        int y0 = py[pos];
        int x0 = px[pos];
        copyView(o, y0, x0, s);
        // The view's maximum |O|² before any update. Maxima by comparison, not Math.max: its NaN handling puts
        // several dependent instructions per pixel on the running maximum's chain.
        float maxO = 0;
        for (int y = 0; y < h; y++) {
            float[] vr = s.vr[y];
            float[] vi = s.vi[y];
            for (int x = 0; x < w; x++) {
                float a2 = vr[x] * vr[x] + vi[x] * vi[x];
                if (a2 > maxO) {
                    maxO = a2;
                }
            }
        }
        viewTimesProbe(s, p, s.tr, s.ti);
        forward(s.tr, s.ti, s.f1r, s.f1i);
        double e = errorAndProject(s.f1r, s.f1i, pos, 0f, true, s.gain, s.dev);
        inverse(s.f1r, s.f1i, s.tr, s.ti);
        // Δ_k = F⁻¹Π_F Ψ_k − ψ_k, kept in t (ψ_k = P_k O_n again: neither has changed yet)
        float inv = 1f / m;
        for (int md = 0; md < k; md++) {
            for (int y = 0; y < h; y++) {
                float[] dr = s.tr[md][y];
                float[] di = s.ti[md][y];
                float[] vr = s.vr[y];
                float[] vi = s.vi[y];
                float[] pr = p.re[md * h + y];
                float[] pi = p.im[md * h + y];
                for (int x = 0; x < w; x++) {
                    dr[x] = dr[x] * inv - (pr[x] * vr[x] - pi[x] * vi[x]);
                    di[x] = di[x] * inv - (pr[x] * vi[x] + pi[x] * vr[x]);
                }
            }
        }
        float maxSp = 0;
        for (int y = 0; y < h; y++) {
            float[] sp = s.rowA;
            java.util.Arrays.fill(sp, 0f);
            for (int md = 0; md < k; md++) {
                float[] pr = p.re[md * h + y];
                float[] pi = p.im[md * h + y];
                for (int x = 0; x < w; x++) {
                    sp[x] += pr[x] * pr[x] + pi[x] * pi[x];
                }
            }
            for (int x = 0; x < w; x++) {
                if (sp[x] > maxSp) {
                    maxSp = sp[x];
                }
            }
        }
        if (k == 1) {
            updateOneMode(p, s, maxSp, maxO, objectStep, objectMix, probeStep, probeMix);
        } else {
            updateModes(p, s, maxSp, maxO, objectStep, objectMix, probeStep, probeMix);
        }
        if (amplitudeLimit > 0) {
            for (int y = 0; y < h; y++) {
                limitAmplitude(s.vr[y], s.vi[y], w, amplitudeLimit);
            }
        }
        storeView(s, o, y0, x0);
        return e;
    }

    /**
     * The PIE update of {@link #pieUpdate} for one probe mode, Δ in the scratch's t fields, in place on the view
     * rows and the probe. Where every denominator is positive (the usual case: ePIE, and rPIE with α, β in
     * (0, 1]) the loop has no branch and C2 vectorises it.
     */
    private void updateOneMode(JBuffer p, Scratch s, float maxSp, float maxO, float objectStep, float objectMix,
            float probeStep, float probeMix) {
        float po = probeMix * maxO;
        float pp = objectMix * maxSp;
        float cp = 1 - probeMix;
        float co = 1 - objectMix;
        boolean probePositive = cp >= 0 && po > 0;
        boolean objectPositive = co >= 0 && pp > 0;
        for (int y = 0; y < h; y++) {
            float[] vr = s.vr[y];
            float[] vi = s.vi[y];
            float[] pr = p.re[y];
            float[] pi = p.im[y];
            float[] dr = s.tr[0][y];
            float[] di = s.ti[0][y];
            if (co == 0 && cp == 0 && objectPositive && probeStep != 0 && probePositive) {
                // ePIE: both denominators are the maxima (0 · |v|² + max = max), so the gains are constants
                float gp = probeStep / po;
                float go = objectStep / pp;
                for (int x = 0; x < w; x++) {
                    float or = vr[x];
                    float oi = vi[x];
                    float prr = pr[x];
                    float pii = pi[x];
                    pr[x] = prr + gp * (or * dr[x] + oi * di[x]);
                    pi[x] = pii + gp * (or * di[x] - oi * dr[x]);
                    vr[x] = or + go * (prr * dr[x] + pii * di[x]);
                    vi[x] = oi + go * (prr * di[x] - pii * dr[x]);
                }
            } else if (objectPositive && probeStep != 0 && probePositive) {
                for (int x = 0; x < w; x++) {
                    float or = vr[x];
                    float oi = vi[x];
                    float prr = pr[x];
                    float pii = pi[x];
                    float gp = probeStep / (cp * (or * or + oi * oi) + po);
                    pr[x] = prr + gp * (or * dr[x] + oi * di[x]);
                    pi[x] = pii + gp * (or * di[x] - oi * dr[x]);
                    float go = objectStep / (co * (prr * prr + pii * pii) + pp);
                    vr[x] = or + go * (prr * dr[x] + pii * di[x]);
                    vi[x] = oi + go * (prr * di[x] - pii * dr[x]);
                }
            } else if (objectPositive && probeStep == 0) {
                for (int x = 0; x < w; x++) {
                    float prr = pr[x];
                    float pii = pi[x];
                    float go = objectStep / (co * (prr * prr + pii * pii) + pp);
                    vr[x] = vr[x] + go * (prr * dr[x] + pii * di[x]);
                    vi[x] = vi[x] + go * (prr * di[x] - pii * dr[x]);
                }
            } else {
                for (int x = 0; x < w; x++) {
                    float or = vr[x];
                    float oi = vi[x];
                    float prr = pr[x];
                    float pii = pi[x];
                    float od = cp * (or * or + oi * oi) + po;
                    if (probeStep != 0 && od > 0) {
                        float g = probeStep / od;
                        pr[x] = prr + g * (or * dr[x] + oi * di[x]);
                        pi[x] = pii + g * (or * di[x] - oi * dr[x]);
                    }
                    float pd = co * (prr * prr + pii * pii) + pp;
                    if (pd > 0) {
                        float g = objectStep / pd;
                        vr[x] = or + g * (prr * dr[x] + pii * di[x]);
                        vi[x] = oi + g * (prr * di[x] - pii * dr[x]);
                    }
                }
            }
        }
    }

    /** {@link #updateOneMode} for K > 1 modes: the object step sums over modes, each mode's probe is updated. */
    private void updateModes(JBuffer p, Scratch s, float maxSp, float maxO, float objectStep, float objectMix,
            float probeStep, float probeMix) {
        for (int y = 0; y < h; y++) {
            float[] vr = s.vr[y];
            float[] vi = s.vi[y];
            float[] sp = s.rowA;
            float[] nr = s.rowB;
            float[] ni = s.rowC;
            java.util.Arrays.fill(sp, 0f);
            java.util.Arrays.fill(nr, 0f);
            java.util.Arrays.fill(ni, 0f);
            for (int md = 0; md < k; md++) {
                float[] pr = p.re[md * h + y];
                float[] pi = p.im[md * h + y];
                float[] dr = s.tr[md][y];
                float[] di = s.ti[md][y];
                for (int x = 0; x < w; x++) {
                    sp[x] += pr[x] * pr[x] + pi[x] * pi[x];
                    nr[x] += pr[x] * dr[x] + pi[x] * di[x];
                    ni[x] += pr[x] * di[x] - pi[x] * dr[x];
                }
            }
            if (probeStep != 0) {
                for (int md = 0; md < k; md++) {
                    float[] pr = p.re[md * h + y];
                    float[] pi = p.im[md * h + y];
                    float[] dr = s.tr[md][y];
                    float[] di = s.ti[md][y];
                    for (int x = 0; x < w; x++) {
                        float or = vr[x];
                        float oi = vi[x];
                        float od = (1 - probeMix) * (or * or + oi * oi) + probeMix * maxO;
                        if (od > 0) {
                            float g = probeStep / od;
                            pr[x] += g * (or * dr[x] + oi * di[x]);
                            pi[x] += g * (or * di[x] - oi * dr[x]);
                        }
                    }
                }
            }
            for (int x = 0; x < w; x++) {
                float pd = (1 - objectMix) * sp[x] + objectMix * maxSp;
                if (pd > 0) {
                    float g = objectStep / pd;
                    vr[x] = vr[x] + g * nr[x];
                    vi[x] = vi[x] + g * ni[x];
                }
            }
        }
    }

    /** Scales every value of a row whose amplitude is above {@code limit} to it. */
    private static void limitAmplitude(float[] re, float[] im, int len, float limit) {
        float lim2 = limit * limit;
        for (int x = 0; x < len; x++) {
            float a2 = re[x] * re[x] + im[x] * im[x];
            if (a2 > lim2) {
                float sc = (float) (limit / Math.sqrt(a2));
                re[x] *= sc;
                im[x] *= sc;
            }
        }
    }

    /** Projects per {@link #dmExitUpdate}'s Π; returns e_n. */
    private double project(Scratch s, int pos, float powerBound) {
        if (powerBound <= 0) {
            return errorAndProject(s.f1r, s.f1i, pos, 0f, true, s.gain, s.dev);
        }
        double e = errorAndProject(s.f1r, s.f1i, pos, 0f, false, s.gain, s.dev);
        double mean = e / validCount;
        if (mean > powerBound) {
            errorAndProject(s.f1r, s.f1i, pos, (float) Math.sqrt(powerBound / mean), true, s.gain, s.dev);
        }
        return e;
    }

    @Override
    public void dmExitUpdate(Buffer object, Buffer probe, Buffer waves, float beta, float powerBound,
            double[] errors) {
        JBuffer o = j(object);
        JBuffer p = j(probe);
        JBuffer wv = j(waves);
        parallel(n, (wk, from, to) -> {
            for (int pos = from; pos < to; pos++) {
                errors[pos] = dmExitPosition(o, p, wv, scratch[wk], pos, beta, powerBound);
            }
        });
    }

    /**
     * {@link #dmExitUpdate} of one position; returns e_n. The per-position (and per-row) bodies of the parallel
     * loops are methods of their own: called hundreds of times per iteration, C2 compiles them whole after a few
     * iterations, where a loop inside a lambda that runs once per iteration waits for on-stack replacement (DM at
     * 161 × 128² ran 57 it/s for its first hundred iterations that way, 67 once warm).
     */
    private double dmExitPosition(JBuffer o, JBuffer p, JBuffer wv, Scratch s, int pos, float beta,
            float powerBound) {
        // φ = P O_n into a and the FFT input 2φ − ψ into t in one pass
        copyView(o, py[pos], px[pos], s);
        for (int md = 0; md < k; md++) {
            for (int y = 0; y < h; y++) {
                float[] ar = s.ar[md][y];
                float[] ai = s.ai[md][y];
                float[] tr = s.tr[md][y];
                float[] ti = s.ti[md][y];
                float[] vr = s.vr[y];
                float[] vi = s.vi[y];
                float[] pr = p.re[md * h + y];
                float[] pi = p.im[md * h + y];
                float[] wr = wv.re[(pos * k + md) * h + y];
                float[] wi = wv.im[(pos * k + md) * h + y];
                for (int x = 0; x < w; x++) {
                    float re = pr[x] * vr[x] - pi[x] * vi[x];
                    float im = pr[x] * vi[x] + pi[x] * vr[x];
                    ar[x] = re;
                    ai[x] = im;
                    tr[x] = 2 * re - wr[x];
                    ti[x] = 2 * im - wi[x];
                }
            }
        }
        forward(s.tr, s.ti, s.f1r, s.f1i);
        double e = project(s, pos, powerBound);
        inverse(s.f1r, s.f1i, s.tr, s.ti);
        float inv = 1f / m;
        for (int md = 0; md < k; md++) {
            for (int y = 0; y < h; y++) {
                float[] ar = s.ar[md][y];
                float[] ai = s.ai[md][y];
                float[] tr = s.tr[md][y];
                float[] ti = s.ti[md][y];
                float[] wr = wv.re[(pos * k + md) * h + y];
                float[] wi = wv.im[(pos * k + md) * h + y];
                for (int x = 0; x < w; x++) {
                    wr[x] += beta * (tr[x] * inv - ar[x]);
                    wi[x] += beta * (ti[x] * inv - ai[x]);
                }
            }
        }
        return e;
    }

    @Override
    public double[] mlGradientWaves(Buffer object, Buffer probe, Buffer chi) {
        JBuffer o = j(object);
        JBuffer p = j(probe);
        JBuffer cv = j(chi);
        double[] part = new double[n];
        double[] errs = new double[n];
        parallel(n, (wk, from, to) -> {
            for (int pos = from; pos < to; pos++) {
                double[] le = mlGradientPosition(o, p, cv, scratch[wk], pos);
                part[pos] = le[0];
                errs[pos] = le[1];
            }
        });
        double l = 0;
        double e = 0;
        for (int i = 0; i < n; i++) {
            l += part[i];
            e += errs[i];
        }
        return new double[] {l, e};
    }

    /** {@link #mlGradientWaves} of one position: its χ waves; returns {l_n, e_n}. */
    private double[] mlGradientPosition(JBuffer o, JBuffer p, JBuffer cv, Scratch s, int pos) {
        viewsSplit(o, p, py[pos], px[pos], s, s.tr, s.ti);
        forward(s.tr, s.ti, s.f1r, s.f1i);
        double l = 0;
        double e = 0;
        float[] sm = s.gain;
        for (int kx = 0; kx < w; kx++) {
            float[] validRow = validT[kx];
            float[] ampRow = ampT[pos * w + kx];
            for (int ky = 0; ky < h; ky++) {
                float s0 = 0;
                for (int md = 0; md < k; md++) {
                    float re = s.f1r[md][kx][ky];
                    float im = s.f1i[md][kx][ky];
                    s0 += re * re + im * im;
                }
                float v = validRow[ky];
                float a = ampRow[ky];
                float meas = a * a;
                float sv = s0 + EPS_S;
                if (v != 0) {
                    l += sv - meas * Math.log(sv);
                    float dv = (float) Math.sqrt(s0) - a;
                    e += (double) dv * dv;
                }
                sm[ky] = v * (1 - meas / sv);
            }
            for (int md = 0; md < k; md++) {
                float[] rr = s.f1r[md][kx];
                float[] ri = s.f1i[md][kx];
                for (int ky = 0; ky < h; ky++) {
                    rr[ky] *= sm[ky];
                    ri[ky] *= sm[ky];
                }
            }
        }
        inverse(s.f1r, s.f1i, s.tr, s.ti);
        for (int md = 0; md < k; md++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(s.tr[md][y], 0, cv.re[(pos * k + md) * h + y], 0, w);
                System.arraycopy(s.ti[md][y], 0, cv.im[(pos * k + md) * h + y], 0, w);
            }
        }
        return new double[] {l, e};
    }

    @Override
    public double[] mlLineDerivatives(Buffer object, Buffer probe, Buffer objectDir, Buffer probeDir) {
        JBuffer o = j(object);
        JBuffer p = j(probe);
        JBuffer ho = j(objectDir);
        JBuffer hp = j(probeDir);
        double[] d1 = new double[n];
        double[] d2 = new double[n];
        double[] d3 = new double[n];
        parallel(n, (wk, from, to) -> {
            for (int pos = from; pos < to; pos++) {
                double[] d = mlLinePosition(o, p, ho, hp, scratch[wk], pos);
                d1[pos] = d[0];
                d2[pos] = d[1];
                d3[pos] = d[2];
            }
        });
        double l1 = 0;
        double l2 = 0;
        double l3 = 0;
        for (int i = 0; i < n; i++) {
            l1 += d1[i];
            l2 += d2[i];
            l3 += d3[i];
        }
        return new double[] {l1, l2, l3};
    }

    /** {@link #mlLineDerivatives} of one position: {L'_n, L''_n, C_n}. */
    private double[] mlLinePosition(JBuffer o, JBuffer p, JBuffer ho, JBuffer hp, Scratch s, int pos) {
        int y0 = py[pos];
        int x0 = px[pos];
        viewsSplit(o, p, y0, x0, s, s.tr, s.ti);
        forward(s.tr, s.ti, s.f1r, s.f1i);
        viewsSplit(ho, p, y0, x0, s, s.tr, s.ti);
        viewsSplit(o, hp, y0, x0, s, s.ar, s.ai);
        for (int md = 0; md < k; md++) {
            for (int y = 0; y < h; y++) {
                float[] tr = s.tr[md][y];
                float[] ti = s.ti[md][y];
                float[] ar = s.ar[md][y];
                float[] ai = s.ai[md][y];
                for (int x = 0; x < w; x++) {
                    tr[x] += ar[x];
                    ti[x] += ai[x];
                }
            }
        }
        forward(s.tr, s.ti, s.f2r, s.f2i);
        viewsSplit(ho, hp, y0, x0, s, s.tr, s.ti);
        forward(s.tr, s.ti, s.f3r, s.f3i);
        double l1 = 0;
        double l2 = 0;
        double l3 = 0;
        for (int kx = 0; kx < w; kx++) {
            float[] validRow = validT[kx];
            float[] ampRow = ampT[pos * w + kx];
            for (int ky = 0; ky < h; ky++) {
                if (validRow[ky] == 0) {
                    continue;
                }
                double s0 = EPS_S;
                double s1 = 0;
                double s2 = 0;
                for (int md = 0; md < k; md++) {
                    float fr = s.f1r[md][kx][ky];
                    float fi = s.f1i[md][kx][ky];
                    float ar = s.f2r[md][kx][ky];
                    float ai = s.f2i[md][kx][ky];
                    float br = s.f3r[md][kx][ky];
                    float bi = s.f3i[md][kx][ky];
                    s0 += fr * fr + fi * fi;
                    s1 += 2 * (fr * ar + fi * ai);
                    s2 += ar * ar + ai * ai + 2 * (fr * br + fi * bi);
                }
                double a = ampRow[ky];
                double meas = a * a;
                double r = 1 - meas / s0;
                l1 += r * s1;
                l2 += 2 * r * s2 + meas * s1 * s1 / (s0 * s0);
                l3 += s1 * s1 / s0;
            }
        }
        return new double[] {l1, l2, l3};
    }

    @Override
    public void trialErrors(Buffer object, Buffer probe, int[] dy, int[] dx, double[] errors) {
        JBuffer o = j(object);
        JBuffer p = j(probe);
        int c = dy.length;
        if (dx.length != c || errors.length != n * c) {
            throw new IllegalArgumentException("trialErrors: " + dy.length + " / " + dx.length + " shifts, "
                    + errors.length + " outputs for " + n + " positions");
        }
        parallel(n, (wk, from, to) -> {
            Scratch s = scratch[wk];
            for (int pos = from; pos < to; pos++) {
                for (int ci = 0; ci < c; ci++) {
                    int y0 = py[pos] + dy[ci];
                    int x0 = px[pos] + dx[ci];
                    if (y0 < 0 || x0 < 0 || y0 > oh - h || x0 > ow - w) {
                        errors[pos * c + ci] = Double.POSITIVE_INFINITY;
                        continue;
                    }
                    viewsSplit(o, p, y0, x0, s, s.tr, s.ti);
                    forward(s.tr, s.ti, s.f1r, s.f1i);
                    errors[pos * c + ci] = errorAndProject(s.f1r, s.f1i, pos, 0f, false, s.gain, s.dev);
                }
            }
        });
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
