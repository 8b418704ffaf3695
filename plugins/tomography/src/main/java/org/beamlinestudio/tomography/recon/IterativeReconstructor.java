package org.beamlinestudio.tomography.recon;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.ObjIntConsumer;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Progress;

/**
 * Iterative least-squares reconstruction, {@code min ‖A x − b‖²} with Joseph's projector
 * {@link Projector} (OpenCL or plain Java) and its exact adjoint:
 * <ul>
 *   <li><b>SIRT</b>: {@code x ← x + C Aᵀ R (b − A x)}, R and C the inverse row and column sums of A
 *       (a weighted Landweber iteration; smooth, slow, stable), optionally clamped to x ≥ 0 after
 *       every iteration;</li>
 *   <li><b>CGLS</b>: conjugate gradients on the normal equations (Hestenes–Stiefel / Björck), with
 *       the step lengths of each slice its own (slices are independent problems).</li>
 * </ul>
 * Both start from 0, so the iteration count is the regularisation: few iterations are smooth, many
 * sharpen and amplify noise. Progress is reported and cancellation checked once per iteration.
 */
public final class IterativeReconstructor implements Reconstructor {

    /** The algorithm. */
    public enum Method { SIRT, CGLS }

    private final Method method;
    private final int iterations;
    private final boolean nonNegative;
    private final String compute;
    private Projector projector;
    private ObjIntConsumer<float[]> listener;

    private IterativeReconstructor(Method method, int iterations, boolean nonNegative, String compute) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be at least 1, was " + iterations);
        }
        this.method = method;
        this.iterations = iterations;
        this.nonNegative = nonNegative;
        this.compute = compute == null ? "auto" : compute;
    }

    /** SIRT with {@code iterations} iterations on the device {@code compute} ("auto", "java" or an id). */
    public static IterativeReconstructor sirt(int iterations, boolean nonNegative, String compute) {
        return new IterativeReconstructor(Method.SIRT, iterations, nonNegative, compute);
    }

    /** CGLS with {@code iterations} iterations on the device {@code compute}. */
    public static IterativeReconstructor cgls(int iterations, String compute) {
        return new IterativeReconstructor(Method.CGLS, iterations, false, compute);
    }

    /** Uses this projector (tests, or a caller that shares one); the caller closes it. */
    IterativeReconstructor withProjector(Projector p) {
        this.projector = p;
        return this;
    }

    /** Called after each iteration with the current slab and the iteration number (1-based). */
    public IterativeReconstructor onIteration(ObjIntConsumer<float[]> perIteration) {
        this.listener = perIteration;
        return this;
    }

    @Override
    public String deviceId() {
        return projector == null ? compute : projector.deviceId();
    }

    private Projector projector(ReconstructionGeometry g) {
        if (projector != null && sameGeometry(projector.geometry(), g)) {
            return projector;
        }
        if (projector != null) {
            projector.close();
        }
        projector = Projector.forDevice(compute, g);
        return projector;
    }

    private static boolean sameGeometry(ReconstructionGeometry a, ReconstructionGeometry b) {
        return a.columns() == b.columns() && a.size() == b.size() && a.center() == b.center()
                && Arrays.equals(a.angles(), b.angles());
    }

    @Override
    public float[] reconstruct(float[] sinograms, int slices, ReconstructionGeometry geometry, Progress progress,
                               Cancellation cancel) throws Cancellation.CancelledException {
        int sinoLen = geometry.nAngles() * geometry.columns();
        if ((long) slices * sinoLen != sinograms.length) {
            throw new IllegalArgumentException("sinogram slab has " + sinograms.length + " floats, expected slices × angles"
                    + " × columns = " + slices + " × " + geometry.nAngles() + " × " + geometry.columns());
        }
        Projector p = projector(geometry);
        return method == Method.SIRT
                ? sirt(p, sinograms, slices, geometry, progress, cancel)
                : cgls(p, sinograms, slices, geometry, progress, cancel);
    }

    private float[] sirt(Projector p, float[] b, int slices, ReconstructionGeometry g, Progress progress,
                         Cancellation cancel) throws Cancellation.CancelledException {
        int img = g.size() * g.size();
        int sino = g.nAngles() * g.columns();
        // Row and column sums depend on the geometry only: one slice's worth serves every slice.
        float[] rowSum = new float[sino];
        float[] colSum = new float[img];
        float[] ones = new float[Math.max(img, sino)];
        Arrays.fill(ones, 1f);
        p.forward(ones, rowSum, 1);
        p.back(ones, colSum, 1);
        invert(rowSum);
        invert(colSum);
        float[] x = new float[slices * img];
        float[] ax = new float[slices * sino];
        float[] update = new float[slices * img];
        for (int it = 1; it <= iterations; it++) {
            cancel.check();
            p.forward(x, ax, slices);
            for (int i = 0; i < ax.length; i++) {
                ax[i] = (b[i] - ax[i]) * rowSum[i % sino];
            }
            p.back(ax, update, slices);
            for (int i = 0; i < x.length; i++) {
                float v = x[i] + update[i] * colSum[i % img];
                x[i] = nonNegative && v < 0 ? 0 : v;
            }
            report(progress, "SIRT", it, x);
        }
        return x;
    }

    private float[] cgls(Projector p, float[] b, int slices, ReconstructionGeometry g, Progress progress,
                         Cancellation cancel) throws Cancellation.CancelledException {
        int img = g.size() * g.size();
        int sino = g.nAngles() * g.columns();
        float[] x = new float[slices * img];
        float[] r = b.clone();
        float[] s = new float[slices * img];
        float[] q = new float[slices * sino];
        p.back(r, s, slices);
        float[] dir = s.clone();
        double[] gamma = norms(s, slices, img);
        for (int it = 1; it <= iterations; it++) {
            cancel.check();
            p.forward(dir, q, slices);
            double[] qq = norms(q, slices, sino);
            for (int sl = 0; sl < slices; sl++) {
                if (qq[sl] == 0 || gamma[sl] == 0) {
                    continue; // converged (or an empty sinogram): nothing left to do for this slice
                }
                float alpha = (float) (gamma[sl] / qq[sl]);
                for (int i = sl * img; i < (sl + 1) * img; i++) {
                    x[i] += alpha * dir[i];
                }
                for (int i = sl * sino; i < (sl + 1) * sino; i++) {
                    r[i] -= alpha * q[i];
                }
            }
            p.back(r, s, slices);
            double[] gammaNew = norms(s, slices, img);
            for (int sl = 0; sl < slices; sl++) {
                float beta = gamma[sl] == 0 ? 0 : (float) (gammaNew[sl] / gamma[sl]);
                for (int i = sl * img; i < (sl + 1) * img; i++) {
                    dir[i] = s[i] + beta * dir[i];
                }
            }
            gamma = gammaNew;
            report(progress, "CGLS", it, x);
        }
        return x;
    }

    private void report(Progress progress, String name, int it, float[] x) {
        if (listener != null) {
            listener.accept(x, it);
        }
        progress.update((double) it / iterations,
                String.format(Locale.ROOT, "%s iteration %d of %d", name, it, iterations));
    }

    private static void invert(float[] v) {
        for (int i = 0; i < v.length; i++) {
            v[i] = v[i] > 1e-6f ? 1f / v[i] : 0f;
        }
    }

    private static double[] norms(float[] v, int slices, int len) {
        double[] out = new double[slices];
        for (int sl = 0; sl < slices; sl++) {
            double acc = 0;
            for (int i = sl * len; i < (sl + 1) * len; i++) {
                acc += (double) v[i] * v[i];
            }
            out[sl] = acc;
        }
        return out;
    }

    @Override
    public void close() {
        if (projector != null) {
            projector.close();
            projector = null;
        }
    }
}
