package org.beamlinestudio.tomography.recon;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.jtransforms.fft.FloatFFT_1D;

/**
 * Everything filtered back-projection precomputes for one geometry and filter, shared by the
 * plain-Java and OpenCL back-projectors so that both see bit-identical inputs: the padded filter
 * response, the angular weights, the trigonometric tables, and the layout of the filtered
 * sinogram.
 *
 * <p><b>Filtered sinogram layout.</b> {@code angles × width} pairs of floats (value, slope): row
 * {@code a}, pair {@code m} holds {@code v[m] = weight(a)·(p_a ∗ h)} at detector column
 * {@code m − left} and {@code v[m+1] − v[m]} (the float difference), zeros in the margins. The pair
 * makes linear interpolation one 8-byte read and one fused multiply-add,
 * {@code fma(t − m, slope, value)}, and the OpenCL kernel can gather 64-bit pairs (half the gather
 * elements of two float reads). The margins are wide enough that every pixel of the
 * {@code size × size} output (and of a work-group padding of up to {@value #GRID_PAD} px) lands
 * inside the row with no bounds check: the back-projector reads pair {@code floor(t)} with
 * {@code t = x·cosθ + y·sinθ + offset}, {@code offset = center + left}, and
 * {@code 1 ≤ t < width − 2} always.
 *
 * <p><b>Upsampling.</b> With {@code upsample = U > 1} the filtered rows are interpolated
 * (band-limited, by zero-padding the spectrum) onto a grid U times finer before the linear
 * interpolation, the cos/sin tables are scaled by U, and {@code offset = U·center + left}.
 *
 * <p><b>Scale.</b> FBP inverts the Radon transform as {@code f(x, y) = ∫₀^π q_θ(x cosθ + y sinθ) dθ}
 * with {@code q_θ = p_θ ∗ h} (Kak &amp; Slaney eq. 61; τ = 1 pixel). The integral becomes a sum
 * with the weights {@code w_a = Δθ_a}: half the distance between an angle's neighbours (sorted; the
 * end angles take their one neighbour's gap), so a half turn of K evenly spaced angles gives
 * exactly {@code w = π/K}. Where the angles cover more than π in total (a full turn, or a half turn
 * with both 0° and 180°), every line is measured more than once, and the weights are scaled by
 * {@code π / Σw} so the mean stays right; less than π (limited angle) is left unscaled.
 * Derivation of the units: the sinogram holds line integrals in pixel lengths (density × pixels);
 * the ramp kernel h, sampled at τ = 1 pixel, has units 1/pixel², the convolution sum contributes
 * τ = 1 pixel, so q has units density/pixel; summing over angles with weights in radians gives
 * density, i.e. attenuation per pixel length. The tests check it on the analytic phantom (mean
 * ratio 1.000 ± 0.001 at 512² and 1024²) and on a small disk of density 1 (1.00 ± 0.05 at its
 * centre).
 */
public final class FbpPlan {

    /** How far past the output edge a back-projector may evaluate pixels (work-group padding). */
    public static final int GRID_PAD = 64;
    /**
     * Default refinement of the detector grid before linear interpolation: none. Band-limited
     * upsampling of the filtered rows (2× or 4×) before the linear interpolation was tried and makes
     * the phantom's RMSE and SSIM worse (512²: RMSE 0.0159 → 0.0193, SSIM 0.943 → 0.916), as does
     * extra smoothing (a pixel-footprint sinc: RMSE 0.0172); plain linear interpolation on the
     * detector grid is what the peers do and the best of these.
     */
    public static final int UPSAMPLE = 1;

    private final ReconstructionGeometry geometry;
    private final RampFilter filter;
    private final int padded;
    private final float[] response;
    private final float[] weights;
    private final float[] cos;
    private final float[] sin;
    private final int left;
    private final int width;
    private final float offset;
    private final float half;
    private final int upsample;
    private final ThreadLocal<FloatFFT_1D> fft;
    private final ThreadLocal<FloatFFT_1D> inverse;
    private final ThreadLocal<float[]> buffers;

    /** Precomputes the plan for {@code geometry} and {@code filter}. */
    public FbpPlan(ReconstructionGeometry geometry, RampFilter filter) {
        this(geometry, filter, UPSAMPLE);
    }

    /** A plan that interpolates the filtered rows onto a grid {@code upsample} times finer (1, 2 or 4). */
    public FbpPlan(ReconstructionGeometry geometry, RampFilter filter, int upsample) {
        if (upsample != 1 && upsample != 2 && upsample != 4) {
            throw new IllegalArgumentException("upsample must be 1, 2 or 4, was " + upsample);
        }
        this.upsample = upsample;
        this.geometry = geometry;
        this.filter = filter;
        int cols = geometry.columns();
        this.padded = RampFilter.paddedLength(cols);
        double[] r = filter.response(padded);
        this.response = new float[r.length];
        for (int k = 0; k < r.length; k++) {
            // JTransforms' unscaled real inverse returns P/2 times the signal: fold 2/P in here.
            response[k] = (float) (r[k] * 2 / padded);
        }
        double[] w = angularWeights(geometry.angles());
        int n = geometry.nAngles();
        this.weights = new float[n];
        this.cos = new float[n];
        this.sin = new float[n];
        for (int a = 0; a < n; a++) {
            weights[a] = (float) w[a];
            cos[a] = (float) (upsample * Math.cos(geometry.angles()[a]));
            sin[a] = (float) (upsample * Math.sin(geometry.angles()[a]));
        }
        int size = geometry.size();
        double reach = Math.sqrt(2) * (size / 2.0 + GRID_PAD + 1);
        double c = geometry.center();
        this.left = (int) Math.max(1, Math.ceil(upsample * (reach - c)) + 2);
        int right = (int) Math.max(upsample * cols + 1, Math.ceil(upsample * (c + reach)) + 3);
        this.width = left + right;
        this.offset = (float) (upsample * c + left);
        this.half = size / 2f;
        this.fft = ThreadLocal.withInitial(() -> new FloatFFT_1D(padded));
        this.inverse = ThreadLocal.withInitial(() -> new FloatFFT_1D((long) padded * upsample));
        this.buffers = ThreadLocal.withInitial(() -> new float[padded * upsample]);
    }

    /**
     * The quadrature weights Δθ of the angles (see the class comment); π/K for K evenly spaced
     * angles over a half turn.
     */
    public static double[] angularWeights(double[] angles) {
        int n = angles.length;
        double[] w = new double[n];
        if (n == 1) {
            w[0] = Math.PI;
            return w;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (p, q) -> Double.compare(angles[p], angles[q]));
        double span = angles[order[n - 1]] - angles[order[0]];
        double step = span / (n - 1);
        boolean even = step > 0;
        for (int i = 1; i < n && even; i++) {
            double gap = angles[order[i]] - angles[order[i - 1]];
            even = Math.abs(gap - step) <= 1e-6 * step;
        }
        double total;
        if (even) {
            Arrays.fill(w, step);
            total = step * n;
        } else {
            total = 0;
            for (int i = 0; i < n; i++) {
                double lo = i > 0 ? angles[order[i]] - angles[order[i - 1]] : angles[order[1]] - angles[order[0]];
                double hi = i < n - 1 ? angles[order[i + 1]] - angles[order[i]]
                        : angles[order[n - 1]] - angles[order[n - 2]];
                w[order[i]] = (lo + hi) / 2;
                total += w[order[i]];
            }
        }
        double scale = total > Math.PI ? Math.PI / total : 1;
        for (int i = 0; i < n; i++) {
            w[i] *= scale;
        }
        if (even && Math.abs(step * n - Math.PI) <= 1e-6 * Math.PI) {
            Arrays.fill(w, Math.PI / n); // exactly the textbook π/K for the usual half turn
        }
        return w;
    }

    /**
     * Filters one sinogram ({@code angles × columns} starting at {@code sinograms[from]}) into
     * {@code out} ({@code angles × width} (value, slope) pairs, see the class comment), in parallel
     * over angles. Margins of {@code out} are written as zeros.
     */
    public void filter(float[] sinograms, int from, float[] out) {
        int n = geometry.nAngles();
        int blocks = Math.min(n, 4 * Runtime.getRuntime().availableProcessors());
        IntStream.range(0, blocks).parallel().forEach(b -> {
            for (int a = b * n / blocks; a < (b + 1) * n / blocks; a++) {
                filterRow(sinograms, from + a * geometry.columns(), out, 2 * a * width, weights[a]);
            }
        });
    }

    private void filterRow(float[] in, int inFrom, float[] out, int outFrom, float weight) {
        int cols = geometry.columns();
        float[] buf = buffers.get();
        System.arraycopy(in, inFrom, buf, 0, cols);
        Arrays.fill(buf, cols, buf.length, 0f);
        fft.get().realForward(buf, 0);
        float nyquist = buf[1] * response[padded / 2];
        buf[0] *= response[0];
        for (int k = 1; k < padded / 2; k++) {
            float r = response[k];
            buf[2 * k] *= r;
            buf[2 * k + 1] *= r;
        }
        if (upsample == 1) {
            buf[1] = nyquist;
        } else {
            // Band-limited interpolation: the same spectrum on a longer grid, the Nyquist term split
            // between ±P/2 (so its real part halves), zeros above.
            buf[1] = 0f;
            buf[padded] = nyquist / 2;
            buf[padded + 1] = 0f;
        }
        inverse.get().realInverse(buf, false);
        int m = upsample * cols;
        Arrays.fill(out, outFrom, outFrom + 2 * width, 0f);
        int base = outFrom + 2 * left;
        for (int j = 0; j < m; j++) {
            out[base + 2 * j] = buf[j] * weight;
        }
        // Slopes over the detector and one pair either side (the margins' slopes are 0 − 0).
        for (int j = -1; j < m; j++) {
            int at = base + 2 * j;
            out[at + 1] = out[at + 2] - out[at];
        }
    }

    /** The geometry this plan is for. */
    public ReconstructionGeometry geometry() {
        return geometry;
    }

    /** The filter this plan applies. */
    public RampFilter rampFilter() {
        return filter;
    }

    /** Refinement of the detector grid in the filtered rows (1: none). */
    public int upsample() {
        return upsample;
    }

    /** Zero-padded FFT length. */
    public int paddedLength() {
        return padded;
    }

    /** Floats in one filtered sinogram: angles × width × 2. */
    public int filteredLength() {
        return Math.multiplyExact(geometry.nAngles(), 2 * width);
    }

    /** (value, slope) pairs per filtered sinogram row. */
    public int width() {
        return width;
    }

    /** Zero pairs before detector column 0 in a filtered row. */
    public int left() {
        return left;
    }

    /** {@code center + left}: the filtered-row position of detector coordinate s = 0. */
    public float offset() {
        return offset;
    }

    /** {@code size / 2}, as the back-projectors compute x = k − half, y = half − i. */
    public float half() {
        return half;
    }

    /** cos θ per angle, as float. */
    public float[] cos() {
        return cos.clone();
    }

    /** sin θ per angle, as float. */
    public float[] sin() {
        return sin.clone();
    }

    /** The weights Δθ per angle (radians). */
    public float[] weights() {
        return weights.clone();
    }

    float[] cosShared() {
        return cos;
    }

    float[] sinShared() {
        return sin;
    }

    /** Whether this plan fits {@code g} (same angles, columns, centre and size) and {@code f}. */
    public boolean fits(ReconstructionGeometry g, RampFilter f) {
        return f == filter && g.columns() == geometry.columns() && g.size() == geometry.size()
                && g.center() == geometry.center() && Arrays.equals(g.angles(), geometry.angles());
    }
}
