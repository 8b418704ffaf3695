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
 * HotSpot vectorises (a 128² transform pair in about 50 µs on one core, against 300 µs for JTransforms' 2-D float
 * transform); Fourier-space data stay in the transposed layout, with the measured amplitudes stored to match.
 * Work is split over a fork-join pool with one scratch set per worker: positions for the per-position work, object
 * or probe rows for the overlap sums, so every pixel's sum runs over positions in increasing order whatever the
 * thread count, and results are bit-identical run to run. ePIE/rPIE are sequential by nature and run on the calling
 * thread. Pattern sides must be powers of two (detector crops are; preprocessing crops or bins others).
 *
 * <h2>Memory layout, and why</h2>
 * Two constraints of HotSpot decide it, both measured on JDK 17:
 * <ul>
 * <li>C2 vectorises a loop only when every array in it is indexed by the same expression: interleaved (re, im)
 *     pairs, or one array read at an offset beside others read from 0, stay scalar (2.5–4× slower). So real and
 *     imaginary parts are separate arrays, and loops run either over whole fields from index 0 or over rows copied
 *     to 0-indexed scratch rows ({@code System.arraycopy}, cheaper than the scalar loop).</li>
 * <li>The per-position data (exit waves, measured amplitudes: 10–100 MB) stream from main memory every iteration.
 *     Each field is therefore one array ({@link JBuffer}): a contiguous 64 KB stream at 128², which the hardware
 *     prefetcher follows. Row arrays of 512 B, as before, were scattered over the heap by the first young
 *     collections after they were allocated, and DM at 161 × 128² ran at 54 it/s against 78 with the same rows
 *     left in allocation order.</li>
 * </ul>
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
    /** √I of pattern p in the transposed FFT layout of {@link SplitFft} results: (kx, ky) at {@code [p][kx H + ky]}. */
    private final float[][] ampT;
    /** Valid pixels as 1/0 (so the projection loops have no branch), one row per kx: {@code [kx][ky]}. */
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

    /** How the FFT runs in this JVM, for benchmarks and logs (see {@link SplitFft}). */
    public static String fftDescription() {
        return SplitFft.FUSED_BY_DEFAULT
                ? "FFT stages fused (this JVM's -XX:LoopUnrollLimit is at least " + SplitFft.UNROLL_LIMIT_NEEDED + ")"
                : "FFT stages plain, slower: this JVM's -XX:LoopUnrollLimit is below " + SplitFft.UNROLL_LIMIT_NEEDED
                        + " (the studio launchers pass 140)";
    }

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
        this.ampT = new float[n][m];
        this.validT = new float[w][h];
        float[] in = problem.intensities();
        int vc = 0;
        for (int y = 0; y < h; y++) {
            int ky = ((y - h / 2) % h + h) % h; // ifftshift: zero frequency to index 0
            for (int x = 0; x < w; x++) {
                int kx = ((x - w / 2) % w + w) % w;
                int src = y * w + x;
                boolean valid = problem.mask()[src];
                validT[kx][ky] = valid ? 1f : 0f;
                vc += valid ? 1 : 0;
                for (int p = 0; p < n; p++) {
                    float v = in[p * m + src];
                    ampT[p][kx * h + ky] = v > 0 ? (float) Math.sqrt(v) : 0f;
                }
            }
        }
        this.validCount = Math.max(1, vc);
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
     * Per-worker arrays, sized once: real-space fields {@code [K][H][W]} (re, im) and Fourier-space fields in the
     * transposed layout {@code [K][W][H]} for the FFTs, flat fields of H · W for the element-wise work, and rows.
     */
    private static final class Scratch {
        final float[][][] tr;
        final float[][][] ti;
        final float[][][] f1r;
        final float[][][] f1i;
        final float[][][] f2r;
        final float[][][] f2i;
        final float[][][] f3r;
        final float[][][] f3i;
        /** The object view of the current position, flat (see {@link #copyView}). */
        final float[] vr;
        final float[] vi;
        /** Per-mode flat fields: DM's φ = P O_n, PIE's Δ, ML's second view. */
        final float[][] ar;
        final float[][] ai;
        /** Flat fields: FFT input and output on their way to and from the rows; a view's overlap sums. */
        final float[] fr;
        final float[] fi;
        /** A third flat field: sums over modes; a view's overlap denominator. */
        final float[] sum;
        /** Mode mixing: the K rows of one group, in and out. */
        final float[][] modeInR;
        final float[][] modeInI;
        final float[][] modeOutR;
        final float[][] modeOutI;
        /** The measured amplitudes of one Fourier row, length H. */
        final float[] ampRow;
        /** |Ψ| of one mode in the transposed Fourier layout {@code [W][H]}, between DM's two projection passes. */
        final float[][] modulus;
        /** One interleaved field and JTransforms' column scratch, for {@link #fft}. */
        final float[] field;
        final float[] col;
        /** Per Fourier row (length H): the projection's gains (several modes), ML's factors; squared deviations. */
        final float[] gain;
        final float[] dev;

        Scratch(int k, int h, int w, int colFloats) {
            int m = h * w;
            gain = new float[h];
            dev = new float[h];
            ampRow = new float[h];
            modulus = new float[w][h];
            tr = new float[k][h][w];
            ti = new float[k][h][w];
            f1r = new float[k][w][h];
            f1i = new float[k][w][h];
            f2r = new float[k][w][h];
            f2i = new float[k][w][h];
            f3r = new float[k][w][h];
            f3i = new float[k][w][h];
            vr = new float[m];
            vi = new float[m];
            ar = new float[k][m];
            ai = new float[k][m];
            fr = new float[m];
            fi = new float[m];
            sum = new float[m];
            modeInR = new float[k][w];
            modeInI = new float[k][w];
            modeOutR = new float[k][w];
            modeOutI = new float[k][w];
            field = new float[2 * m];
            col = new float[colFloats];
        }
    }

    /**
     * A Java buffer: field f of the stack is {@code re[f]} (and {@code im[f]} when complex), {@code height · width}
     * floats row-major, one array per field (see the class comment). {@link #write} and {@link #read} convert from
     * and to the interleaved layout of the interface.
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
            long size = (long) height * width;
            if (size > Integer.MAX_VALUE - 8 || (long) count * size * (complex ? 2 : 1) > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("A " + count + " x " + height + " x " + width
                        + " buffer is too large to be read or written through one Java array");
            }
            this.re = new float[count][(int) size];
            this.im = complex ? new float[count][(int) size] : null;
        }

        int size() {
            return height * width;
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

    @FunctionalInterface
    private interface FieldRangeTask {
        void run(int worker, int field, int from, int to);
    }

    /**
     * Element-wise work over every value of a buffer's fields: [0, count · size) split as {@link #parallel} does,
     * each chunk handed over as pieces {@code (field, from, to)} within one field, so loops index every array by
     * the same variable.
     */
    private void parallelElements(JBuffer b, FieldRangeTask task) {
        int size = b.size();
        parallel(b.count * size, (wk, from, to) -> {
            int i = from;
            while (i < to) {
                int f = i / size;
                int lo = i - f * size;
                int hi = Math.min(size, lo + (to - i));
                task.run(wk, f, lo, hi);
                i += hi - lo;
            }
        });
    }

    private static JBuffer j(Buffer b) {
        if (!(b instanceof JBuffer)) {
            throw new IllegalArgumentException("Not a Java kernel buffer: " + b);
        }
        return (JBuffer) b;
    }

    private static void sameShape(String op, JBuffer a, JBuffer b) {
        if (a.count != b.count || a.size() != b.size() || a.complex != b.complex) {
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
        int size = d.size();
        for (int f = 0; f < d.count; f++) {
            if (d.complex) {
                float[] rr = d.re[f];
                float[] ri = d.im[f];
                int base = 2 * f * size;
                for (int i = 0; i < size; i++) {
                    rr[i] = src[base + 2 * i];
                    ri[i] = src[base + 2 * i + 1];
                }
            } else {
                System.arraycopy(src, f * size, d.re[f], 0, size);
            }
        }
    }

    @Override
    public void read(Buffer src, float[] dst) {
        JBuffer s = j(src);
        if (dst.length != s.floats()) {
            throw new IllegalArgumentException("Buffer holds " + s.floats() + " floats, got " + dst.length);
        }
        int size = s.size();
        for (int f = 0; f < s.count; f++) {
            if (s.complex) {
                float[] rr = s.re[f];
                float[] ri = s.im[f];
                int base = 2 * f * size;
                for (int i = 0; i < size; i++) {
                    dst[base + 2 * i] = rr[i];
                    dst[base + 2 * i + 1] = ri[i];
                }
            } else {
                System.arraycopy(s.re[f], 0, dst, f * size, size);
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
        // row by row: the K rows of a group are copied out (0-indexed, see the class comment), mixed, copied back
        parallel(groups * h, (wk, from, to) -> {
            Scratch s = scratch[wk];
            float[][] vr = s.modeInR;
            float[][] vi = s.modeInI;
            float[][] sr = s.modeOutR;
            float[][] si = s.modeOutI;
            for (int gy = from; gy < to; gy++) {
                int g = gy / h;
                int off = (gy % h) * w;
                for (int jm = 0; jm < k; jm++) {
                    System.arraycopy(b.re[g * k + jm], off, vr[jm], 0, w);
                    System.arraycopy(b.im[g * k + jm], off, vi[jm], 0, w);
                }
                for (int km = 0; km < k; km++) {
                    float[] outR = sr[km];
                    float[] outI = si[km];
                    java.util.Arrays.fill(outR, 0, w, 0f);
                    java.util.Arrays.fill(outI, 0, w, 0f);
                    for (int jm = 0; jm < k; jm++) {
                        float ur = u[2 * (km * k + jm)];
                        float ui = u[2 * (km * k + jm) + 1];
                        float[] xr = vr[jm];
                        float[] xi = vi[jm];
                        for (int x = 0; x < w; x++) {
                            outR[x] += ur * xr[x] - ui * xi[x];
                            outI[x] += ur * xi[x] + ui * xr[x];
                        }
                    }
                }
                for (int km = 0; km < k; km++) {
                    System.arraycopy(sr[km], 0, b.re[g * k + km], off, w);
                    System.arraycopy(si[km], 0, b.im[g * k + km], off, w);
                }
            }
        });
    }

    @Override
    public void copy(Buffer src, Buffer dst) {
        JBuffer s = j(src);
        JBuffer d = j(dst);
        sameShape("copy", s, d);
        for (int f = 0; f < s.count; f++) {
            System.arraycopy(s.re[f], 0, d.re[f], 0, s.size());
            if (s.complex) {
                System.arraycopy(s.im[f], 0, d.im[f], 0, s.size());
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
        parallelElements(yb, (wk, f, from, to) -> {
            for (int part = 0; part < (yb.complex ? 2 : 1); part++) {
                float[] yv = part == 0 ? yb.re[f] : yb.im[f];
                if (xb == null) {
                    for (int i = from; i < to; i++) {
                        yv[i] = a * yv[i];
                    }
                } else {
                    float[] xv = part == 0 ? xb.re[f] : xb.im[f];
                    for (int i = from; i < to; i++) {
                        yv[i] = a * yv[i] + b * xv[i];
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
        double[] part = new double[workers];
        parallelElements(ab, (wk, f, from, to) -> {
            double s = part[wk]; // one running sum per worker, across the fields of its chunk
            float[] xr = ab.re[f];
            float[] yr = bb.re[f];
            if (ab.complex) {
                float[] xi = ab.im[f];
                float[] yi = bb.im[f];
                for (int i = from; i < to; i++) {
                    s += (double) xr[i] * yr[i] + (double) xi[i] * yi[i];
                }
            } else {
                for (int i = from; i < to; i++) {
                    s += (double) xr[i] * yr[i];
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
                float[] rr = b.re[f];
                float[] ri = b.im[f];
                for (int i = 0; i < m; i++) {
                    a[2 * i] = rr[i];
                    a[2 * i + 1] = ri[i];
                }
                if (forward) {
                    fft.forward(a, 0, scratch[wk].col);
                } else {
                    fft.inverse(a, 0, scratch[wk].col, true);
                }
                for (int i = 0; i < m; i++) {
                    rr[i] = a[2 * i];
                    ri[i] = a[2 * i + 1];
                }
            }
        });
    }

    /** Copies the object's H × W view with top-left (y0, x0) into the scratch's flat view. */
    private void copyView(JBuffer o, int y0, int x0, Scratch s) {
        float[] or = o.re[0];
        float[] oi = o.im[0];
        for (int y = 0; y < h; y++) {
            System.arraycopy(or, (y0 + y) * ow + x0, s.vr, y * w, w);
            System.arraycopy(oi, (y0 + y) * ow + x0, s.vi, y * w, w);
        }
    }

    /** Writes the scratch's flat view back into the object at (y0, x0). */
    private void storeView(Scratch s, JBuffer o, int y0, int x0) {
        for (int y = 0; y < h; y++) {
            System.arraycopy(s.vr, y * w, o.re[0], (y0 + y) * ow + x0, w);
            System.arraycopy(s.vi, y * w, o.im[0], (y0 + y) * ow + x0, w);
        }
    }

    /** {@code out ← p · v} over one flat field (complex, split). */
    private void times(float[] pr, float[] pi, float[] vr, float[] vi, float[] outR, float[] outI) {
        for (int i = 0; i < m; i++) {
            outR[i] = pr[i] * vr[i] - pi[i] * vi[i];
            outI[i] = pr[i] * vi[i] + pi[i] * vr[i];
        }
    }

    /** Copies a flat H × W field into rows. */
    private void toRows(float[] flat, float[][] rows) {
        for (int y = 0; y < h; y++) {
            System.arraycopy(flat, y * w, rows[y], 0, w);
        }
    }

    /** Copies rows into a flat H × W field. */
    private void fromRows(float[][] rows, float[] flat) {
        for (int y = 0; y < h; y++) {
            System.arraycopy(rows[y], 0, flat, y * w, w);
        }
    }

    /**
     * Split-form views into FFT rows: {@code (re, im)[k][y][x] ← P_k(y, x) · O(y0 + y, x0 + x)}; the view stays in
     * the scratch's flat view.
     */
    private void viewsSplit(JBuffer o, JBuffer p, int y0, int x0, Scratch s, float[][][] re, float[][][] im) {
        copyView(o, y0, x0, s);
        probeTimesViewRows(p, s, re, im);
    }

    /** {@code (re, im)[k] ← P_k · V} into FFT rows, for the view V in the scratch's flat view. */
    private void probeTimesViewRows(JBuffer p, Scratch s, float[][][] re, float[][][] im) {
        for (int md = 0; md < k; md++) {
            times(p.re[md], p.im[md], s.vr, s.vi, s.fr, s.fi);
            toRows(s.fr, re[md]);
            toRows(s.fi, im[md]);
        }
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


    /** The measured amplitudes of Fourier row kx of pattern pos, in the scratch's row (0-indexed for the loops). */
    private float[] amplitudes(Scratch s, int pos, int kx) {
        System.arraycopy(ampT[pos], kx * h, s.ampRow, 0, h);
        return s.ampRow;
    }

    /**
     * e_n of the scratch's K transposed Fourier fields (f1); with {@code project} also projects them: moduli to
     * {@code A + (√S − A) renorm} on valid pixels (renorm 0: the plain projection), masked pixels kept.
     */
    private double errorAndProject(Scratch sc, int pos, float renorm, boolean project) {
        if (k == 1) {
            return errorAndProjectOneMode(sc, pos, renorm, project);
        }
        float[][][] fr = sc.f1r;
        float[][][] fi = sc.f1i;
        float[] dev = sc.dev;
        double e = 0;
        for (int kx = 0; kx < w; kx++) {
            float[] amp = amplitudes(sc, pos, kx);
            float[] valid = validT[kx];
            float[] s = sc.gain;
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
    private double errorAndProjectOneMode(Scratch sc, int pos, float renorm, boolean project) {
        float[][] fr = sc.f1r[0];
        float[][] fi = sc.f1i[0];
        float[] dev = sc.dev;
        double e = 0;
        for (int kx = 0; kx < w; kx++) {
            float[] amp = amplitudes(sc, pos, kx);
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
                    times(p.re[md], p.im[md], s.vr, s.vi, wv.re[pos * k + md], wv.im[pos * k + md]);
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
            java.util.Arrays.fill(num.re[0], r0 * ow, r1 * ow, 0f);
            java.util.Arrays.fill(num.im[0], r0 * ow, r1 * ow, 0f);
            if (den != null) {
                java.util.Arrays.fill(den.re[0], r0 * ow, r1 * ow, 0f);
            }
            for (int pos = 0; pos < n; pos++) {
                int ya = Math.max(r0, py[pos]);
                int yb = Math.min(r1, py[pos] + h);
                if (ya < yb) {
                    accumulateObjectPosition(wv, p, num, den, s, pos, ya - py[pos], yb - py[pos]);
                }
            }
        });
    }

    /**
     * Adds position {@code pos}'s terms to the overlap sums over view rows [y0, y1) (this worker's object rows):
     * the sums' view region is copied to flat scratch fields laid out like the probe and the waves, so one loop
     * indexes every array alike (see the class comment), and copied back.
     */
    private void accumulateObjectPosition(JBuffer wv, JBuffer p, JBuffer num, JBuffer den, Scratch s, int pos,
            int y0, int y1) {
        float[] nr = s.fr;
        float[] ni = s.fi;
        float[] dn = s.sum;
        int corner = py[pos] * ow + px[pos];
        for (int y = y0; y < y1; y++) {
            System.arraycopy(num.re[0], corner + y * ow, nr, y * w, w);
            System.arraycopy(num.im[0], corner + y * ow, ni, y * w, w);
            if (den != null) {
                System.arraycopy(den.re[0], corner + y * ow, dn, y * w, w);
            }
        }
        int lo = y0 * w;
        int hi = y1 * w;
        for (int md = 0; md < k; md++) {
            float[] pr = p.re[md];
            float[] pi = p.im[md];
            float[] vr = wv.re[pos * k + md];
            float[] vi = wv.im[pos * k + md];
            if (den != null) {
                for (int i = lo; i < hi; i++) {
                    nr[i] += pr[i] * vr[i] + pi[i] * vi[i];
                    ni[i] += pr[i] * vi[i] - pi[i] * vr[i];
                    dn[i] += pr[i] * pr[i] + pi[i] * pi[i];
                }
            } else {
                for (int i = lo; i < hi; i++) {
                    nr[i] += pr[i] * vr[i] + pi[i] * vi[i];
                    ni[i] += pr[i] * vi[i] - pi[i] * vr[i];
                }
            }
        }
        for (int y = y0; y < y1; y++) {
            System.arraycopy(nr, y * w, num.re[0], corner + y * ow, w);
            System.arraycopy(ni, y * w, num.im[0], corner + y * ow, w);
            if (den != null) {
                System.arraycopy(dn, y * w, den.re[0], corner + y * ow, w);
            }
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
            for (int md = 0; md < k; md++) {
                java.util.Arrays.fill(num.re[md], y0 * w, y1 * w, 0f);
                java.util.Arrays.fill(num.im[md], y0 * w, y1 * w, 0f);
            }
            if (den != null) {
                java.util.Arrays.fill(den.re[0], y0 * w, y1 * w, 0f);
            }
            for (int pos = 0; pos < n; pos++) {
                accumulateProbePosition(wv, o, num, den, s, pos, y0, y1);
            }
        });
    }

    /**
     * Adds position {@code pos}'s terms to probe rows [y0, y1) of the overlap sums: the object view's rows are
     * copied to the flat view scratch, laid out like the probe and the waves, so one loop indexes every array alike.
     */
    private void accumulateProbePosition(JBuffer wv, JBuffer o, JBuffer num, JBuffer den, Scratch s, int pos,
            int y0, int y1) {
        float[] or = s.vr;
        float[] oi = s.vi;
        int corner = py[pos] * ow + px[pos];
        for (int y = y0; y < y1; y++) {
            System.arraycopy(o.re[0], corner + y * ow, or, y * w, w);
            System.arraycopy(o.im[0], corner + y * ow, oi, y * w, w);
        }
        int lo = y0 * w;
        int hi = y1 * w;
        for (int md = 0; md < k; md++) {
            float[] nr = num.re[md];
            float[] ni = num.im[md];
            float[] wr = wv.re[pos * k + md];
            float[] wi = wv.im[pos * k + md];
            if (md == 0 && den != null) {
                // the denominator in the same pass as the first mode's numerator (one read of the view)
                float[] dn = den.re[0];
                for (int i = lo; i < hi; i++) {
                    nr[i] += or[i] * wr[i] + oi[i] * wi[i];
                    ni[i] += or[i] * wi[i] - oi[i] * wr[i];
                    dn[i] += or[i] * or[i] + oi[i] * oi[i];
                }
            } else {
                for (int i = lo; i < hi; i++) {
                    nr[i] += or[i] * wr[i] + oi[i] * wi[i];
                    ni[i] += or[i] * wi[i] - oi[i] * wr[i];
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
        parallelElements(num, (wk, f, from, to) -> {
            float[] dn = den.re[0];
            float[] nr = num.re[f];
            float[] ni = num.im[f];
            float[] tr = t.re[f];
            float[] ti = t.im[f];
            for (int i = from; i < to; i++) {
                float d = dn[i] + inertia;
                if (d == 0) {
                    continue;
                }
                float re = (nr[i] + inertia * tr[i]) / d;
                float im = (ni[i] + inertia * ti[i]) / d;
                if (amplitudeLimit > 0) {
                    float a2 = re * re + im * im;
                    if (a2 > lim2) {
                        float sc = (float) (amplitudeLimit / Math.sqrt(a2));
                        re *= sc;
                        im *= sc;
                    }
                }
                tr[i] = re;
                ti[i] = im;
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
        for (int i = 0; i < m; i++) {
            float a2 = s.vr[i] * s.vr[i] + s.vi[i] * s.vi[i];
            if (a2 > maxO) {
                maxO = a2;
            }
        }
        probeTimesViewRows(p, s, s.tr, s.ti);
        forward(s.tr, s.ti, s.f1r, s.f1i);
        double e = errorAndProject(s, pos, 0f, true);
        inverse(s.f1r, s.f1i, s.tr, s.ti);
        // Δ_k = F⁻¹Π_F Ψ_k − ψ_k into the flat a fields (ψ_k = P_k O_n again: neither has changed yet)
        float inv = 1f / m;
        for (int md = 0; md < k; md++) {
            fromRows(s.tr[md], s.fr);
            fromRows(s.ti[md], s.fi);
            float[] dr = s.ar[md];
            float[] di = s.ai[md];
            float[] pr = p.re[md];
            float[] pi = p.im[md];
            float[] vr = s.vr;
            float[] vi = s.vi;
            float[] tr = s.fr;
            float[] ti = s.fi;
            for (int i = 0; i < m; i++) {
                dr[i] = tr[i] * inv - (pr[i] * vr[i] - pi[i] * vi[i]);
                di[i] = ti[i] * inv - (pr[i] * vi[i] + pi[i] * vr[i]);
            }
        }
        float maxSp = 0;
        float[] sp = s.fr;
        java.util.Arrays.fill(sp, 0f);
        for (int md = 0; md < k; md++) {
            float[] pr = p.re[md];
            float[] pi = p.im[md];
            for (int i = 0; i < m; i++) {
                sp[i] += pr[i] * pr[i] + pi[i] * pi[i];
            }
        }
        for (int i = 0; i < m; i++) {
            if (sp[i] > maxSp) {
                maxSp = sp[i];
            }
        }
        if (k == 1) {
            updateOneMode(p, s, maxSp, maxO, objectStep, objectMix, probeStep, probeMix);
        } else {
            updateModes(p, s, maxSp, maxO, objectStep, objectMix, probeStep, probeMix);
        }
        if (amplitudeLimit > 0) {
            limitAmplitude(s.vr, s.vi, m, amplitudeLimit);
        }
        storeView(s, o, y0, x0);
        return e;
    }

    /**
     * The PIE update of {@link #pieUpdate} for one probe mode, Δ in the scratch's first a field, in place on the
     * flat view and the probe. Where every denominator is positive (the usual case: ePIE, and rPIE with α, β in
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
        float[] vr = s.vr;
        float[] vi = s.vi;
        float[] pr = p.re[0];
        float[] pi = p.im[0];
        float[] dr = s.ar[0];
        float[] di = s.ai[0];
        if (co == 0 && cp == 0 && objectPositive && probeStep != 0 && probePositive) {
            // ePIE: both denominators are the maxima (0 · |v|² + max = max), so the gains are constants
            float gp = probeStep / po;
            float go = objectStep / pp;
            for (int i = 0; i < m; i++) {
                float or = vr[i];
                float oi = vi[i];
                float prr = pr[i];
                float pii = pi[i];
                pr[i] = prr + gp * (or * dr[i] + oi * di[i]);
                pi[i] = pii + gp * (or * di[i] - oi * dr[i]);
                vr[i] = or + go * (prr * dr[i] + pii * di[i]);
                vi[i] = oi + go * (prr * di[i] - pii * dr[i]);
            }
        } else if (objectPositive && probeStep != 0 && probePositive) {
            for (int i = 0; i < m; i++) {
                float or = vr[i];
                float oi = vi[i];
                float prr = pr[i];
                float pii = pi[i];
                float gp = probeStep / (cp * (or * or + oi * oi) + po);
                pr[i] = prr + gp * (or * dr[i] + oi * di[i]);
                pi[i] = pii + gp * (or * di[i] - oi * dr[i]);
                float go = objectStep / (co * (prr * prr + pii * pii) + pp);
                vr[i] = or + go * (prr * dr[i] + pii * di[i]);
                vi[i] = oi + go * (prr * di[i] - pii * dr[i]);
            }
        } else if (objectPositive && probeStep == 0) {
            for (int i = 0; i < m; i++) {
                float prr = pr[i];
                float pii = pi[i];
                float go = objectStep / (co * (prr * prr + pii * pii) + pp);
                vr[i] = vr[i] + go * (prr * dr[i] + pii * di[i]);
                vi[i] = vi[i] + go * (prr * di[i] - pii * dr[i]);
            }
        } else {
            for (int i = 0; i < m; i++) {
                float or = vr[i];
                float oi = vi[i];
                float prr = pr[i];
                float pii = pi[i];
                float od = cp * (or * or + oi * oi) + po;
                if (probeStep != 0 && od > 0) {
                    float g = probeStep / od;
                    pr[i] = prr + g * (or * dr[i] + oi * di[i]);
                    pi[i] = pii + g * (or * di[i] - oi * dr[i]);
                }
                float pd = co * (prr * prr + pii * pii) + pp;
                if (pd > 0) {
                    float g = objectStep / pd;
                    vr[i] = or + g * (prr * dr[i] + pii * di[i]);
                    vi[i] = oi + g * (prr * di[i] - pii * dr[i]);
                }
            }
        }
    }

    /** {@link #updateOneMode} for K > 1 modes: the object step sums over modes, each mode's probe is updated. */
    private void updateModes(JBuffer p, Scratch s, float maxSp, float maxO, float objectStep, float objectMix,
            float probeStep, float probeMix) {
        float[] vr = s.vr;
        float[] vi = s.vi;
        float[] sp = s.fr;
        float[] nr = s.fi;
        float[] ni = s.sum;
        java.util.Arrays.fill(sp, 0f);
        java.util.Arrays.fill(nr, 0f);
        java.util.Arrays.fill(ni, 0f);
        for (int md = 0; md < k; md++) {
            float[] pr = p.re[md];
            float[] pi = p.im[md];
            float[] dr = s.ar[md];
            float[] di = s.ai[md];
            for (int i = 0; i < m; i++) {
                sp[i] += pr[i] * pr[i] + pi[i] * pi[i];
                nr[i] += pr[i] * dr[i] + pi[i] * di[i];
                ni[i] += pr[i] * di[i] - pi[i] * dr[i];
            }
        }
        if (probeStep != 0) {
            for (int md = 0; md < k; md++) {
                float[] pr = p.re[md];
                float[] pi = p.im[md];
                float[] dr = s.ar[md];
                float[] di = s.ai[md];
                for (int i = 0; i < m; i++) {
                    float or = vr[i];
                    float oi = vi[i];
                    float od = (1 - probeMix) * (or * or + oi * oi) + probeMix * maxO;
                    if (od > 0) {
                        float g = probeStep / od;
                        pr[i] += g * (or * dr[i] + oi * di[i]);
                        pi[i] += g * (or * di[i] - oi * dr[i]);
                    }
                }
            }
        }
        for (int i = 0; i < m; i++) {
            float pd = (1 - objectMix) * sp[i] + objectMix * maxSp;
            if (pd > 0) {
                float g = objectStep / pd;
                vr[i] = vr[i] + g * nr[i];
                vi[i] = vi[i] + g * ni[i];
            }
        }
    }

    /** Scales every value whose amplitude is above {@code limit} to it. */
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
            return errorAndProject(s, pos, 0f, true);
        }
        if (k == 1) {
            return powerBoundProjectOneMode(s, pos, powerBound);
        }
        double e = errorAndProject(s, pos, 0f, false);
        double mean = e / validCount;
        if (mean > powerBound) {
            errorAndProject(s, pos, (float) Math.sqrt(powerBound / mean), true);
        }
        return e;
    }

    /**
     * {@link #project} for one mode: the error pass keeps the moduli, so the projection pass (needed when the mean
     * deviation is above the bound, which is every position on the simulations and the Siemens star) does not take
     * the square roots again. Same values as {@link #errorAndProjectOneMode} twice.
     */
    private double powerBoundProjectOneMode(Scratch s, int pos, float powerBound) {
        float[][] fr = s.f1r[0];
        float[][] fi = s.f1i[0];
        float[] dev = s.dev;
        double e = 0;
        for (int kx = 0; kx < w; kx++) {
            float[] amp = amplitudes(s, pos, kx);
            float[] valid = validT[kx];
            float[] rr = fr[kx];
            float[] ri = fi[kx];
            float[] mod = s.modulus[kx];
            for (int ky = 0; ky < h; ky++) {
                float a = (float) Math.sqrt(rr[ky] * rr[ky] + ri[ky] * ri[ky]);
                mod[ky] = a;
                float d = (a - amp[ky]) * valid[ky];
                dev[ky] = d * d;
            }
            e += rowSum(dev);
        }
        double mean = e / validCount;
        if (mean <= powerBound) {
            return e;
        }
        float renorm = (float) Math.sqrt(powerBound / mean);
        for (int kx = 0; kx < w; kx++) {
            float[] amp = amplitudes(s, pos, kx);
            float[] valid = validT[kx];
            float[] rr = fr[kx];
            float[] ri = fi[kx];
            float[] mod = s.modulus[kx];
            for (int ky = 0; ky < h; ky++) {
                float a = mod[ky];
                float meas = amp[ky];
                float v = valid[ky];
                float g = v * (meas + (a - meas) * renorm) / (a + EPS_PROJ) + (1 - v);
                rr[ky] = rr[ky] * g;
                ri[ky] = ri[ky] * g;
            }
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
     * iterations, where a loop inside a lambda that runs once per iteration waits for on-stack replacement.
     */
    private double dmExitPosition(JBuffer o, JBuffer p, JBuffer wv, Scratch s, int pos, float beta,
            float powerBound) {
        copyView(o, py[pos], px[pos], s);
        for (int md = 0; md < k; md++) {
            // φ = P O_n into a, and the FFT input 2φ − ψ through the flat f field into the t rows
            float[] ar = s.ar[md];
            float[] ai = s.ai[md];
            float[] tr = s.fr;
            float[] ti = s.fi;
            float[] vr = s.vr;
            float[] vi = s.vi;
            float[] pr = p.re[md];
            float[] pi = p.im[md];
            float[] wr = wv.re[pos * k + md];
            float[] wi = wv.im[pos * k + md];
            for (int i = 0; i < m; i++) {
                float re = pr[i] * vr[i] - pi[i] * vi[i];
                float im = pr[i] * vi[i] + pi[i] * vr[i];
                ar[i] = re;
                ai[i] = im;
                tr[i] = 2 * re - wr[i];
                ti[i] = 2 * im - wi[i];
            }
            toRows(tr, s.tr[md]);
            toRows(ti, s.ti[md]);
        }
        forward(s.tr, s.ti, s.f1r, s.f1i);
        double e = project(s, pos, powerBound);
        inverse(s.f1r, s.f1i, s.tr, s.ti);
        float inv = 1f / m;
        for (int md = 0; md < k; md++) {
            float[] ar = s.ar[md];
            float[] ai = s.ai[md];
            float[] tr = s.fr;
            float[] ti = s.fi;
            fromRows(s.tr[md], tr);
            fromRows(s.ti[md], ti);
            float[] wr = wv.re[pos * k + md];
            float[] wi = wv.im[pos * k + md];
            for (int i = 0; i < m; i++) {
                wr[i] += beta * (tr[i] * inv - ar[i]);
                wi[i] += beta * (ti[i] * inv - ai[i]);
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

    private double[] mlGradientPosition(JBuffer o, JBuffer p, JBuffer cv, Scratch s, int pos) {
        viewsSplit(o, p, py[pos], px[pos], s, s.tr, s.ti);
        forward(s.tr, s.ti, s.f1r, s.f1i);
        double l = 0;
        double e = 0;
        float[] sm = s.gain;
        for (int kx = 0; kx < w; kx++) {
            float[] validRow = validT[kx];
            float[] ampRow = amplitudes(s, pos, kx);
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
            fromRows(s.tr[md], cv.re[pos * k + md]);
            fromRows(s.ti[md], cv.im[pos * k + md]);
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

    private double[] mlLinePosition(JBuffer o, JBuffer p, JBuffer ho, JBuffer hp, Scratch s, int pos) {
        int y0 = py[pos];
        int x0 = px[pos];
        viewsSplit(o, p, y0, x0, s, s.tr, s.ti);
        forward(s.tr, s.ti, s.f1r, s.f1i);
        // a: P hO + hP O (the O view is still in the scratch), b: hP hO
        for (int md = 0; md < k; md++) {
            times(hp.re[md], hp.im[md], s.vr, s.vi, s.ar[md], s.ai[md]);
        }
        copyView(ho, y0, x0, s);
        for (int md = 0; md < k; md++) {
            times(p.re[md], p.im[md], s.vr, s.vi, s.fr, s.fi);
            float[] ar = s.ar[md];
            float[] ai = s.ai[md];
            for (int i = 0; i < m; i++) {
                s.fr[i] += ar[i];
                s.fi[i] += ai[i];
            }
            toRows(s.fr, s.tr[md]);
            toRows(s.fi, s.ti[md]);
        }
        forward(s.tr, s.ti, s.f2r, s.f2i);
        probeTimesViewRows(hp, s, s.tr, s.ti);
        forward(s.tr, s.ti, s.f3r, s.f3i);
        double l1 = 0;
        double l2 = 0;
        double l3 = 0;
        for (int kx = 0; kx < w; kx++) {
            float[] validRow = validT[kx];
            float[] ampRow = amplitudes(s, pos, kx);
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
                    errors[pos * c + ci] = errorAndProject(s, pos, 0f, false);
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
