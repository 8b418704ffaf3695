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

    private static final float EPS_S = 1e-6f;
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
    /** √I in the transposed FFT layout of {@link SplitFft} results: (kx, ky) at {@code kx * H + ky}. */
    private final float[] ampT;
    /** Valid pixels, same layout, as 1/0 so the projection loops have no branch. */
    private final float[] validT;
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
        this.ampT = new float[n * m];
        this.validT = new float[m];
        for (int ky = 0; ky < h; ky++) {
            for (int kx = 0; kx < w; kx++) {
                validT[kx * h + ky] = valid[ky * w + kx] ? 1f : 0f;
                for (int p = 0; p < n; p++) {
                    ampT[p * m + kx * h + ky] = amp[p * m + ky * w + kx];
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
     * Per-worker arrays, sized once: real-space fields {@code [K][H][W]} (re, im) and Fourier-space fields in the
     * transposed layout {@code [K][W][H]}.
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
            col = new float[colFloats];
        }
    }

    /** A Java buffer: a float array. */
    static final class JBuffer implements Buffer {
        final int count;
        final int height;
        final int width;
        final boolean complex;
        final float[] data;

        JBuffer(int count, int height, int width, boolean complex) {
            this.count = count;
            this.height = height;
            this.width = width;
            this.complex = complex;
            long len = (long) count * height * width * (complex ? 2 : 1);
            if (len > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("A " + count + " x " + height + " x " + width
                        + " buffer is too large for one Java array");
            }
            this.data = new float[(int) len];
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
        if (src.length != d.data.length) {
            throw new IllegalArgumentException("Buffer holds " + d.data.length + " floats, got " + src.length);
        }
        System.arraycopy(src, 0, d.data, 0, src.length);
    }

    @Override
    public void read(Buffer src, float[] dst) {
        JBuffer s = j(src);
        if (dst.length != s.data.length) {
            throw new IllegalArgumentException("Buffer holds " + s.data.length + " floats, got " + dst.length);
        }
        System.arraycopy(s.data, 0, dst, 0, dst.length);
    }

    @Override
    public void free(Buffer buffer) {
        j(buffer);
    }

    @Override
    public void mixModes(Buffer fields, float[] u) {
        JBuffer b = j(fields);
        if (u.length != 2 * k * k || b.count % k != 0 || b.height * b.width != m || !b.complex) {
            throw new IllegalArgumentException("mixModes needs a " + k + " x " + k + " complex matrix and groups of "
                    + k + " complex " + h + " x " + w + " fields");
        }
        if (k == 1) {
            float ur = u[0];
            float ui = u[1];
            float[] d = b.data;
            parallel(b.count * m, (wk, from, to) -> {
                for (int i = from; i < to; i++) {
                    float vr = d[2 * i];
                    float vi = d[2 * i + 1];
                    d[2 * i] = ur * vr - ui * vi;
                    d[2 * i + 1] = ur * vi + ui * vr;
                }
            });
            return;
        }
        int groups = b.count / k;
        float[] d = b.data;
        parallel(groups * m, (wk, from, to) -> {
            float[] vr = new float[k];
            float[] vi = new float[k];
            for (int gi = from; gi < to; gi++) {
                int g = gi / m;
                int q = gi % m;
                for (int jm = 0; jm < k; jm++) {
                    int i = 2 * ((g * k + jm) * m + q);
                    vr[jm] = d[i];
                    vi[jm] = d[i + 1];
                }
                for (int km = 0; km < k; km++) {
                    float sr = 0;
                    float si = 0;
                    for (int jm = 0; jm < k; jm++) {
                        float ar = u[2 * (km * k + jm)];
                        float ai = u[2 * (km * k + jm) + 1];
                        sr += ar * vr[jm] - ai * vi[jm];
                        si += ar * vi[jm] + ai * vr[jm];
                    }
                    int i = 2 * ((g * k + km) * m + q);
                    d[i] = sr;
                    d[i + 1] = si;
                }
            }
        });
    }

    @Override
    public void copy(Buffer src, Buffer dst) {
        float[] s = j(src).data;
        float[] d = j(dst).data;
        if (s.length != d.length) {
            throw new IllegalArgumentException("copy between " + s.length + " and " + d.length + " floats");
        }
        System.arraycopy(s, 0, d, 0, s.length);
    }

    @Override
    public void scaleAdd(Buffer y, float a, Buffer x, float b) {
        float[] yd = j(y).data;
        float[] xd = b == 0 ? null : j(x).data;
        if (xd != null && xd.length != yd.length) {
            throw new IllegalArgumentException("scaleAdd between " + yd.length + " and " + xd.length + " floats");
        }
        parallel(yd.length, (wk, from, to) -> {
            if (xd == null) {
                for (int i = from; i < to; i++) {
                    yd[i] = a * yd[i];
                }
            } else {
                for (int i = from; i < to; i++) {
                    yd[i] = a * yd[i] + b * xd[i];
                }
            }
        });
    }

    @Override
    public double dot(Buffer a, Buffer b) {
        float[] ad = j(a).data;
        float[] bd = j(b).data;
        if (ad.length != bd.length) {
            throw new IllegalArgumentException("dot between " + ad.length + " and " + bd.length + " floats");
        }
        double[] part = new double[workers];
        parallel(ad.length / 2, (wk, from, to) -> {
            double s = 0;
            for (int i = from; i < to; i++) {
                s += (double) ad[2 * i] * bd[2 * i] + (double) ad[2 * i + 1] * bd[2 * i + 1];
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
        parallel(b.count, (wk, from, to) -> {
            for (int f = from; f < to; f++) {
                if (forward) {
                    fft.forward(b.data, 2 * f * m, scratch[wk].col);
                } else {
                    fft.inverse(b.data, 2 * f * m, scratch[wk].col, true);
                }
            }
        });
    }

    /** {@code dst_k ← P_k · O_view} for the view with top-left (y0, x0); dst holds K fields from offset 0. */
    private void views(float[] o, float[] p, int y0, int x0, float[] dst, int dstOff) {
        for (int y = 0; y < h; y++) {
            int orow = 2 * ((y0 + y) * ow + x0);
            for (int md = 0; md < k; md++) {
                int prow = 2 * (md * m + y * w);
                int drow = dstOff + prow;
                for (int x = 0; x < w; x++) {
                    float or = o[orow + 2 * x];
                    float oi = o[orow + 2 * x + 1];
                    float pr = p[prow + 2 * x];
                    float pi = p[prow + 2 * x + 1];
                    dst[drow + 2 * x] = pr * or - pi * oi;
                    dst[drow + 2 * x + 1] = pr * oi + pi * or;
                }
            }
        }
    }

    /** Split-form views: {@code (re, im)[k][y][x] ← P_k(y, x) · O(y0 + y, x0 + x)}. */
    private void viewsSplit(float[] o, float[] p, int y0, int x0, float[][][] re, float[][][] im) {
        for (int md = 0; md < k; md++) {
            for (int y = 0; y < h; y++) {
                int orow = 2 * ((y0 + y) * ow + x0);
                int prow = 2 * (md * m + y * w);
                float[] rr = re[md][y];
                float[] ri = im[md][y];
                for (int x = 0; x < w; x++) {
                    float or = o[orow + 2 * x];
                    float oi = o[orow + 2 * x + 1];
                    float pr = p[prow + 2 * x];
                    float pi = p[prow + 2 * x + 1];
                    rr[x] = pr * or - pi * oi;
                    ri[x] = pr * oi + pi * or;
                }
            }
        }
    }

    /** Forward 2-D FFT of real-space {@code t} (destroyed) into transposed Fourier-space {@code f}. */
    private void forward(float[][][] tRe, float[][][] tIm, float[][][] fRe, float[][][] fIm) {
        for (int md = 0; md < k; md++) {
            fftH.transform(tRe[md], tIm[md], w, false);
            SplitFft.transpose(tRe[md], fRe[md], h, w);
            SplitFft.transpose(tIm[md], fIm[md], h, w);
            fftW.transform(fRe[md], fIm[md], h, false);
        }
    }

    /** Unnormalised inverse of {@link #forward}: transposed {@code f} (destroyed) into real-space {@code t}. */
    private void inverse(float[][][] fRe, float[][][] fIm, float[][][] tRe, float[][][] tIm) {
        for (int md = 0; md < k; md++) {
            fftW.transform(fRe[md], fIm[md], h, true);
            SplitFft.transpose(fRe[md], tRe[md], w, h);
            SplitFft.transpose(fIm[md], tIm[md], w, h);
            fftH.transform(tRe[md], tIm[md], w, true);
        }
    }

    /**
     * e_n of the K transposed Fourier fields; with {@code project} also projects them: moduli to
     * {@code A + (√S − A) renorm} on valid pixels (renorm 0: the plain projection), masked pixels kept.
     */
    private double errorAndProject(float[][][] fr, float[][][] fi, int pos, float renorm, boolean project,
            float[] gain, float[] dev) {
        double e = 0;
        int aoff = pos * m;
        for (int kx = 0; kx < w; kx++) {
            int base = kx * h;
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
            // No reduction in this loop, so C2 vectorises it; the sum follows in a plain loop.
            for (int ky = 0; ky < h; ky++) {
                float a = (float) Math.sqrt(s[ky]);
                float meas = ampT[aoff + base + ky];
                float v = validT[base + ky];
                float d = (a - meas) * v;
                dev[ky] = d * d;
                s[ky] = v * (meas + (a - meas) * renorm) / (a + EPS_PROJ) + (1 - v);
            }
            float rowErr = 0;
            for (int ky = 0; ky < h; ky++) {
                rowErr += dev[ky];
            }
            e += rowErr;
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

    @Override
    public void exitWaves(Buffer object, Buffer probe, Buffer waves) {
        float[] o = j(object).data;
        float[] p = j(probe).data;
        float[] wv = j(waves).data;
        parallel(n, (wk, from, to) -> {
            for (int pos = from; pos < to; pos++) {
                views(o, p, py[pos], px[pos], wv, 2 * pos * k * m);
            }
        });
    }

    @Override
    public void accumulateObject(Buffer waves, Buffer probe, Buffer numer, Buffer denom) {
        float[] wv = j(waves).data;
        float[] p = j(probe).data;
        float[] num = j(numer).data;
        float[] den = denom == null ? null : j(denom).data;
        parallel(oh, (wk, r0, r1) -> {
            java.util.Arrays.fill(num, 2 * r0 * ow, 2 * r1 * ow, 0f);
            if (den != null) {
                java.util.Arrays.fill(den, r0 * ow, r1 * ow, 0f);
            }
            for (int pos = 0; pos < n; pos++) {
                int ya = Math.max(r0, py[pos]);
                int yb = Math.min(r1, py[pos] + h);
                for (int r = ya; r < yb; r++) {
                    int y = r - py[pos];
                    int orow = r * ow + px[pos];
                    for (int md = 0; md < k; md++) {
                        int prow = 2 * (md * m + y * w);
                        int wrow = 2 * ((pos * k + md) * m + y * w);
                        for (int x = 0; x < w; x++) {
                            float pr = p[prow + 2 * x];
                            float pi = p[prow + 2 * x + 1];
                            float vr = wv[wrow + 2 * x];
                            float vi = wv[wrow + 2 * x + 1];
                            int oi = 2 * (orow + x);
                            num[oi] += pr * vr + pi * vi;
                            num[oi + 1] += pr * vi - pi * vr;
                            if (den != null) {
                                den[orow + x] += pr * pr + pi * pi;
                            }
                        }
                    }
                }
            }
        });
    }

    @Override
    public void accumulateProbe(Buffer waves, Buffer object, Buffer numer, Buffer denom) {
        float[] wv = j(waves).data;
        float[] o = j(object).data;
        float[] num = j(numer).data;
        float[] den = denom == null ? null : j(denom).data;
        parallel(h, (wk, y0, y1) -> {
            for (int md = 0; md < k; md++) {
                java.util.Arrays.fill(num, 2 * (md * m + y0 * w), 2 * (md * m + y1 * w), 0f);
            }
            if (den != null) {
                java.util.Arrays.fill(den, y0 * w, y1 * w, 0f);
            }
            for (int pos = 0; pos < n; pos++) {
                for (int y = y0; y < y1; y++) {
                    int orow = 2 * ((py[pos] + y) * ow + px[pos]);
                    for (int md = 0; md < k; md++) {
                        int prow = 2 * (md * m + y * w);
                        int wrow = 2 * ((pos * k + md) * m + y * w);
                        for (int x = 0; x < w; x++) {
                            float or = o[orow + 2 * x];
                            float oi = o[orow + 2 * x + 1];
                            float vr = wv[wrow + 2 * x];
                            float vi = wv[wrow + 2 * x + 1];
                            num[prow + 2 * x] += or * vr + oi * vi;
                            num[prow + 2 * x + 1] += or * vi - oi * vr;
                        }
                    }
                    if (den != null) {
                        for (int x = 0; x < w; x++) {
                            float or = o[orow + 2 * x];
                            float oi = o[orow + 2 * x + 1];
                            den[y * w + x] += or * or + oi * oi;
                        }
                    }
                }
            }
        });
    }

    @Override
    public void divide(Buffer numer, Buffer denom, float inertia, Buffer target, float amplitudeLimit) {
        JBuffer nb = j(numer);
        float[] num = nb.data;
        float[] den = j(denom).data;
        float[] t = j(target).data;
        int fieldPixels = nb.height * nb.width;
        if (den.length != fieldPixels || num.length != t.length) {
            throw new IllegalArgumentException("divide: denominator of " + den.length + " values for fields of "
                    + fieldPixels + ", numerator " + num.length + " and target " + t.length + " floats");
        }
        float lim2 = amplitudeLimit * amplitudeLimit;
        parallel(num.length / 2, (wk, from, to) -> {
            for (int i = from; i < to; i++) {
                float d = den[i % fieldPixels] + inertia;
                if (d == 0) {
                    continue;
                }
                float re = (num[2 * i] + inertia * t[2 * i]) / d;
                float im = (num[2 * i + 1] + inertia * t[2 * i + 1]) / d;
                if (amplitudeLimit > 0) {
                    float a2 = re * re + im * im;
                    if (a2 > lim2) {
                        float s = (float) (amplitudeLimit / Math.sqrt(a2));
                        re *= s;
                        im *= s;
                    }
                }
                t[2 * i] = re;
                t[2 * i + 1] = im;
            }
        });
    }

    @Override
    public double pieUpdate(int pos, Buffer object, Buffer probe, float objectStep, float objectMix, float probeStep,
            float probeMix, float amplitudeLimit) {
        float[] o = j(object).data;
        float[] p = j(probe).data;
        Scratch s = scratch[0];
        int y0 = py[pos];
        int x0 = px[pos];
        viewsSplit(o, p, y0, x0, s.ar, s.ai);
        copyFields(s.ar, s.ai, s.tr, s.ti);
        forward(s.tr, s.ti, s.f1r, s.f1i);
        double e = errorAndProject(s.f1r, s.f1i, pos, 0f, true, s.gain, s.dev);
        inverse(s.f1r, s.f1i, s.tr, s.ti);
        // Δ_k = F⁻¹Π_F Ψ_k − ψ_k, kept in t
        float inv = 1f / m;
        for (int md = 0; md < k; md++) {
            for (int y = 0; y < h; y++) {
                float[] dr = s.tr[md][y];
                float[] di = s.ti[md][y];
                float[] ar = s.ar[md][y];
                float[] ai = s.ai[md][y];
                for (int x = 0; x < w; x++) {
                    dr[x] = dr[x] * inv - ar[x];
                    di[x] = di[x] * inv - ai[x];
                }
            }
        }
        float maxSp = 0;
        float maxO = 0;
        for (int y = 0; y < h; y++) {
            int orow = 2 * ((y0 + y) * ow + x0);
            for (int x = 0; x < w; x++) {
                float or = o[orow + 2 * x];
                float oi = o[orow + 2 * x + 1];
                maxO = Math.max(maxO, or * or + oi * oi);
            }
        }
        if (k == 1) {
            for (int i = 0; i < 2 * m; i += 2) {
                maxSp = Math.max(maxSp, p[i] * p[i] + p[i + 1] * p[i + 1]);
            }
            return updateOneMode(o, p, s, y0, x0, e, maxSp, maxO, objectStep, objectMix, probeStep, probeMix,
                    amplitudeLimit);
        }
        for (int q = 0; q < m; q++) {
            float sp = 0;
            for (int md = 0; md < k; md++) {
                int i = 2 * (md * m + q);
                sp += p[i] * p[i] + p[i + 1] * p[i + 1];
            }
            maxSp = Math.max(maxSp, sp);
        }
        float lim2 = amplitudeLimit * amplitudeLimit;
        for (int y = 0; y < h; y++) {
            int orow = 2 * ((y0 + y) * ow + x0);
            for (int x = 0; x < w; x++) {
                int q = y * w + x;
                float or = o[orow + 2 * x];
                float oi = o[orow + 2 * x + 1];
                float sp = 0;
                float nr = 0;
                float ni = 0;
                for (int md = 0; md < k; md++) {
                    int i = 2 * (md * m + q);
                    float pr = p[i];
                    float pi = p[i + 1];
                    float dr = s.tr[md][y][x];
                    float di = s.ti[md][y][x];
                    sp += pr * pr + pi * pi;
                    nr += pr * dr + pi * di;
                    ni += pr * di - pi * dr;
                }
                if (probeStep != 0) {
                    float od = (1 - probeMix) * (or * or + oi * oi) + probeMix * maxO;
                    if (od > 0) {
                        float g = probeStep / od;
                        for (int md = 0; md < k; md++) {
                            int i = 2 * (md * m + q);
                            float dr = s.tr[md][y][x];
                            float di = s.ti[md][y][x];
                            p[i] += g * (or * dr + oi * di);
                            p[i + 1] += g * (or * di - oi * dr);
                        }
                    }
                }
                float pd = (1 - objectMix) * sp + objectMix * maxSp;
                if (pd > 0) {
                    float g = objectStep / pd;
                    float re = or + g * nr;
                    float im = oi + g * ni;
                    if (amplitudeLimit > 0) {
                        float a2 = re * re + im * im;
                        if (a2 > lim2) {
                            float sc = (float) (amplitudeLimit / Math.sqrt(a2));
                            re *= sc;
                            im *= sc;
                        }
                    }
                    o[orow + 2 * x] = re;
                    o[orow + 2 * x + 1] = im;
                }
            }
        }
        return e;
    }

    /** The PIE update of {@link #pieUpdate} for one probe mode, Δ in the scratch's t fields; returns e. */
    private double updateOneMode(float[] o, float[] p, Scratch s, int y0, int x0, double e, float maxSp, float maxO,
            float objectStep, float objectMix, float probeStep, float probeMix, float amplitudeLimit) {
        float lim2 = amplitudeLimit * amplitudeLimit;
        float po = probeMix * maxO;
        float pp = objectMix * maxSp;
        float cp = 1 - probeMix;
        float co = 1 - objectMix;
        for (int y = 0; y < h; y++) {
            int orow = 2 * ((y0 + y) * ow + x0);
            int prow = 2 * y * w;
            float[] drow = s.tr[0][y];
            float[] dirow = s.ti[0][y];
            for (int x = 0; x < w; x++) {
                int oi2 = orow + 2 * x;
                int pi2 = prow + 2 * x;
                float or = o[oi2];
                float oi = o[oi2 + 1];
                float pr = p[pi2];
                float pi = p[pi2 + 1];
                float dr = drow[x];
                float di = dirow[x];
                float od = cp * (or * or + oi * oi) + po;
                if (probeStep != 0 && od > 0) {
                    float g = probeStep / od;
                    p[pi2] = pr + g * (or * dr + oi * di);
                    p[pi2 + 1] = pi + g * (or * di - oi * dr);
                }
                float pd = co * (pr * pr + pi * pi) + pp;
                if (pd > 0) {
                    float g = objectStep / pd;
                    float re = or + g * (pr * dr + pi * di);
                    float im = oi + g * (pr * di - pi * dr);
                    if (amplitudeLimit > 0) {
                        float a2 = re * re + im * im;
                        if (a2 > lim2) {
                            float sc = (float) (amplitudeLimit / Math.sqrt(a2));
                            re *= sc;
                            im *= sc;
                        }
                    }
                    o[oi2] = re;
                    o[oi2 + 1] = im;
                }
            }
        }
        return e;
    }

    private void copyFields(float[][][] srcRe, float[][][] srcIm, float[][][] dstRe, float[][][] dstIm) {
        for (int md = 0; md < k; md++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(srcRe[md][y], 0, dstRe[md][y], 0, w);
                System.arraycopy(srcIm[md][y], 0, dstIm[md][y], 0, w);
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
        float[] o = j(object).data;
        float[] p = j(probe).data;
        float[] wv = j(waves).data;
        float inv = 1f / m;
        parallel(n, (wk, from, to) -> {
            Scratch s = scratch[wk];
            for (int pos = from; pos < to; pos++) {
                viewsSplit(o, p, py[pos], px[pos], s.ar, s.ai);
                for (int md = 0; md < k; md++) {
                    int off = 2 * (pos * k + md) * m;
                    for (int y = 0; y < h; y++) {
                        float[] ar = s.ar[md][y];
                        float[] ai = s.ai[md][y];
                        float[] tr = s.tr[md][y];
                        float[] ti = s.ti[md][y];
                        int row = off + 2 * y * w;
                        for (int x = 0; x < w; x++) {
                            tr[x] = 2 * ar[x] - wv[row + 2 * x];
                            ti[x] = 2 * ai[x] - wv[row + 2 * x + 1];
                        }
                    }
                }
                forward(s.tr, s.ti, s.f1r, s.f1i);
                errors[pos] = project(s, pos, powerBound);
                inverse(s.f1r, s.f1i, s.tr, s.ti);
                for (int md = 0; md < k; md++) {
                    int off = 2 * (pos * k + md) * m;
                    for (int y = 0; y < h; y++) {
                        float[] ar = s.ar[md][y];
                        float[] ai = s.ai[md][y];
                        float[] tr = s.tr[md][y];
                        float[] ti = s.ti[md][y];
                        int row = off + 2 * y * w;
                        for (int x = 0; x < w; x++) {
                            wv[row + 2 * x] += beta * (tr[x] * inv - ar[x]);
                            wv[row + 2 * x + 1] += beta * (ti[x] * inv - ai[x]);
                        }
                    }
                }
            }
        });
    }

    @Override
    public double[] mlGradientWaves(Buffer object, Buffer probe, Buffer chi) {
        float[] o = j(object).data;
        float[] p = j(probe).data;
        float[] cv = j(chi).data;
        double[] part = new double[n];
        double[] errs = new double[n];
        parallel(n, (wk, from, to) -> {
            Scratch s = scratch[wk];
            for (int pos = from; pos < to; pos++) {
                viewsSplit(o, p, py[pos], px[pos], s.tr, s.ti);
                forward(s.tr, s.ti, s.f1r, s.f1i);
                double l = 0;
                double e = 0;
                int aoff = pos * m;
                float[] sm = s.gain;
                for (int kx = 0; kx < w; kx++) {
                    int base = kx * h;
                    for (int ky = 0; ky < h; ky++) {
                        float s0 = 0;
                        for (int md = 0; md < k; md++) {
                            float re = s.f1r[md][kx][ky];
                            float im = s.f1i[md][kx][ky];
                            s0 += re * re + im * im;
                        }
                        float v = validT[base + ky];
                        float a = ampT[aoff + base + ky];
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
                    int off = 2 * (pos * k + md) * m;
                    for (int y = 0; y < h; y++) {
                        float[] tr = s.tr[md][y];
                        float[] ti = s.ti[md][y];
                        int row = off + 2 * y * w;
                        for (int x = 0; x < w; x++) {
                            cv[row + 2 * x] = tr[x];
                            cv[row + 2 * x + 1] = ti[x];
                        }
                    }
                }
                part[pos] = l;
                errs[pos] = e;
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

    @Override
    public double[] mlLineDerivatives(Buffer object, Buffer probe, Buffer objectDir, Buffer probeDir) {
        float[] o = j(object).data;
        float[] p = j(probe).data;
        float[] ho = j(objectDir).data;
        float[] hp = j(probeDir).data;
        double[] d1 = new double[n];
        double[] d2 = new double[n];
        double[] d3 = new double[n];
        parallel(n, (wk, from, to) -> {
            Scratch s = scratch[wk];
            for (int pos = from; pos < to; pos++) {
                int y0 = py[pos];
                int x0 = px[pos];
                viewsSplit(o, p, y0, x0, s.tr, s.ti);
                forward(s.tr, s.ti, s.f1r, s.f1i);
                viewsSplit(ho, p, y0, x0, s.tr, s.ti);
                viewsSplit(o, hp, y0, x0, s.ar, s.ai);
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
                viewsSplit(ho, hp, y0, x0, s.tr, s.ti);
                forward(s.tr, s.ti, s.f3r, s.f3i);
                double l1 = 0;
                double l2 = 0;
                double l3 = 0;
                int aoff = pos * m;
                for (int kx = 0; kx < w; kx++) {
                    int base = kx * h;
                    for (int ky = 0; ky < h; ky++) {
                        if (validT[base + ky] == 0) {
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
                        double a = ampT[aoff + base + ky];
                        double meas = a * a;
                        double r = 1 - meas / s0;
                        l1 += r * s1;
                        l2 += 2 * r * s2 + meas * s1 * s1 / (s0 * s0);
                        l3 += s1 * s1 / s0;
                    }
                }
                d1[pos] = l1;
                d2[pos] = l2;
                d3[pos] = l3;
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

    @Override
    public void trialErrors(Buffer object, Buffer probe, int[] dy, int[] dx, double[] errors) {
        float[] o = j(object).data;
        float[] p = j(probe).data;
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
                    viewsSplit(o, p, y0, x0, s.tr, s.ti);
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
