package org.beamlinestudio.tomography.recon;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Progress;

/**
 * Filtered back-projection in plain Java: the oracle for the OpenCL kernel and the fallback.
 *
 * <p>Back-projection runs in parallel over bands of {@value #BAND} output rows. Within a band the
 * loop goes angle by angle (four at a time), then row, then pixel: the band's rows stay in the L1/L2
 * cache, each angle reads its filtered row sequentially, and the innermost loop is branch-free
 * (the plan's margins make every read in bounds). Each pixel sums its angles in order, starting
 * from 0, with the same fused multiply-adds as {@code fbp.cl}: position
 * {@code t = fma(x, cosθ, fma(y, sinθ, offset))}, value {@code fma(t − floor(t), slope, value)} from
 * the plan's (value, slope) pairs.
 */
public final class JavaFbpReconstructor implements FbpReconstructor {

    /** Output rows per parallel task. */
    static final int BAND = 8;

    private final RampFilter filter;
    private FbpPlan plan;

    /** A reconstructor applying {@code filter}. */
    public JavaFbpReconstructor(RampFilter filter) {
        this.filter = filter;
    }

    @Override
    public RampFilter filter() {
        return filter;
    }

    /** The plan for {@code g}, reused while the geometry stays the same. */
    FbpPlan plan(ReconstructionGeometry g) {
        if (plan == null || !plan.fits(g, filter)) {
            plan = new FbpPlan(g, filter);
        }
        return plan;
    }

    @Override
    public float[] reconstruct(float[] sinograms, int slices, ReconstructionGeometry geometry, Progress progress,
                               Cancellation cancel) throws Cancellation.CancelledException {
        Reconstructors.checkInput(sinograms, slices, geometry);
        FbpPlan p = plan(geometry);
        int size = geometry.size();
        int perSino = geometry.nAngles() * geometry.columns();
        float[] out = new float[Math.multiplyExact(slices, size * size)];
        float[] q = new float[p.filteredLength()];
        for (int s = 0; s < slices; s++) {
            cancel.check();
            p.filter(sinograms, s * perSino, q);
            cancel.check();
            backProject(p, q, out, s * size * size);
            progress.update((s + 1.0) / slices, "FBP slice " + (s + 1) + "/" + slices);
        }
        return out;
    }

    /** Back-projects one filtered sinogram {@code q} into {@code out[from .. from + size²)}. */
    static void backProject(FbpPlan p, float[] q, float[] out, int from) {
        int size = p.geometry().size();
        int bands = (size + BAND - 1) / BAND;
        AtomicInteger next = new AtomicInteger();
        int workers = Math.min(bands, Runtime.getRuntime().availableProcessors());
        // Dynamic hand-out of bands: cheap, and no band waits behind a slow neighbour.
        IntStream.range(0, workers).parallel().forEach(w -> {
            for (int b = next.getAndIncrement(); b < bands; b = next.getAndIncrement()) {
                band(p, q, out, from, b * BAND, Math.min(size, (b + 1) * BAND));
            }
        });
    }

    private static void band(FbpPlan p, float[] q, float[] out, int from, int i0, int i1) {
        int size = p.geometry().size();
        int angles = p.geometry().nAngles();
        int width = p.width();
        float half = p.half();
        float off = p.offset();
        float[] cs = p.cosShared();
        float[] sn = p.sinShared();
        // Detector support in pair positions: the slope pair just before column 0 is the first
        // non-zero one, the last column the last; t outside [lo, hi) reads zeros only.
        double lo = p.left() - 1;
        double hi = p.left() + (double) p.geometry().columns() * p.upsample();
        float[] xs = new float[size];
        for (int k = 0; k < size; k++) {
            xs[k] = k - half;
        }
        int a = 0;
        for (; a + 3 < angles; a += 4) {
            float c0 = cs[a];
            float c1 = cs[a + 1];
            float c2 = cs[a + 2];
            float c3 = cs[a + 3];
            int r0 = 2 * a * width;
            int r1 = r0 + 2 * width;
            int r2 = r1 + 2 * width;
            int r3 = r2 + 2 * width;
            for (int i = i0; i < i1; i++) {
                float y = half - i;
                float t0 = Math.fma(y, sn[a], off);
                float t1 = Math.fma(y, sn[a + 1], off);
                float t2 = Math.fma(y, sn[a + 2], off);
                float t3 = Math.fma(y, sn[a + 3], off);
                int o = from + i * size;
                // Pixels whose four rays all miss the detector add exactly +0: skip them (same floats).
                int kLo = Math.min(Math.min(first(t0, c0, lo, hi, half, size), first(t1, c1, lo, hi, half, size)),
                        Math.min(first(t2, c2, lo, hi, half, size), first(t3, c3, lo, hi, half, size)));
                int kHi = Math.max(Math.max(last(t0, c0, lo, hi, half, size), last(t1, c1, lo, hi, half, size)),
                        Math.max(last(t2, c2, lo, hi, half, size), last(t3, c3, lo, hi, half, size)));
                for (int k = kLo; k < kHi; k++) {
                    float x = xs[k];
                    float s0 = Math.fma(x, c0, t0);
                    float s1 = Math.fma(x, c1, t1);
                    float s2 = Math.fma(x, c2, t2);
                    float s3 = Math.fma(x, c3, t3);
                    int j0 = (int) s0;
                    int j1 = (int) s1;
                    int j2 = (int) s2;
                    int j3 = (int) s3;
                    int p0 = r0 + 2 * j0;
                    int p1 = r1 + 2 * j1;
                    int p2 = r2 + 2 * j2;
                    int p3 = r3 + 2 * j3;
                    float acc = out[o + k];
                    acc += Math.fma(s0 - j0, q[p0 + 1], q[p0]);
                    acc += Math.fma(s1 - j1, q[p1 + 1], q[p1]);
                    acc += Math.fma(s2 - j2, q[p2 + 1], q[p2]);
                    acc += Math.fma(s3 - j3, q[p3 + 1], q[p3]);
                    out[o + k] = acc;
                }
            }
        }
        for (; a < angles; a++) {
            float c0 = cs[a];
            int r0 = 2 * a * width;
            for (int i = i0; i < i1; i++) {
                float t0 = Math.fma(half - i, sn[a], off);
                int o = from + i * size;
                int kHi = last(t0, c0, lo, hi, half, size);
                for (int k = first(t0, c0, lo, hi, half, size); k < kHi; k++) {
                    float s0 = Math.fma(xs[k], c0, t0);
                    int j0 = (int) s0;
                    int p0 = r0 + 2 * j0;
                    out[o + k] += Math.fma(s0 - j0, q[p0 + 1], q[p0]);
                }
            }
        }
    }

    /**
     * The first pixel of a row whose position {@code t = (k − half)·c + t0} may lie in
     * {@code [lo, hi)} (2 px of slack for rounding); {@code size} when none does.
     */
    static int first(float t0, float c, double lo, double hi, float half, int size) {
        if (c == 0) {
            return t0 >= lo - 1 && t0 < hi + 1 ? 0 : size;
        }
        double a = (lo - t0) / c + half;
        double b = (hi - t0) / c + half;
        double k = Math.floor(Math.min(a, b)) - 2;
        return (int) Math.max(0, Math.min(size, k));
    }

    /** One past the last pixel of a row whose position may lie in {@code [lo, hi)}; 0 when none does. */
    static int last(float t0, float c, double lo, double hi, float half, int size) {
        if (c == 0) {
            return t0 >= lo - 1 && t0 < hi + 1 ? size : 0;
        }
        double a = (lo - t0) / c + half;
        double b = (hi - t0) / c + half;
        double k = Math.ceil(Math.max(a, b)) + 3;
        return (int) Math.max(0, Math.min(size, k));
    }

    @Override
    public String deviceId() {
        return "java";
    }

    @Override
    public String toString() {
        return "JavaFbpReconstructor[" + filter.id() + "]";
    }
}
