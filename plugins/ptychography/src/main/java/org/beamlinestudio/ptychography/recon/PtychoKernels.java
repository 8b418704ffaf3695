package org.beamlinestudio.ptychography.recon;

import org.beamlinestudio.core.compute.ComputeDevice;

/**
 * The device side of the ptychography engines: every operation whose cost grows with the number of positions or
 * pixels. The engines ({@code EpieEngine}, {@code DmEngine}, {@code MlEngine}) are device-neutral algorithms over
 * this interface; {@link JavaPtychoKernels} is the plain-Java implementation and the test oracle, an OpenCL
 * implementation keeps the same buffers on the device between calls.
 *
 * <h2>Layout and conventions (every implementation)</h2>
 * <ul>
 * <li>A {@link Buffer} is an opaque stack of {@code count} fields of {@code height × width}, complex (interleaved
 *     re, im floats, as {@link org.beamlinestudio.ptychography.data.ComplexField}) or real. Data moves between host
 *     and device only through {@link #write} and {@link #read}.</li>
 * <li>The problem is fixed at creation ({@link Problem}): N patterns of H × W = M pixels, K probe modes, an object
 *     of OH × OW. The probe buffer is K × H × W (mode k at field k), the object 1 × OH × OW, a wave buffer
 *     (exit waves, ML residual waves) N × K × H × W with position n, mode k at field {@code n * K + k}.</li>
 * <li>Views: {@code O_n(y, x) = O(py[n] + y, px[n] + x)} with the integer top-left corners of
 *     {@link #setPositions}; every view lies inside the object (the caller guarantees
 *     {@code 0 ≤ py[n] ≤ OH − H}, {@code 0 ≤ px[n] ≤ OW − W}).</li>
 * <li>FFT: {@code F} is the unnormalised forward DFT {@code F(ψ)(q) = Σ_r ψ(r) e^{−2πi q·r / M}} in the FFT layout
 *     (zero frequency at index 0); {@code F⁻¹} includes 1/M. The measured patterns given centred in
 *     {@link Problem#intensities()} are stored by the implementation in the FFT layout (ifftshift), so
 *     {@code |F(P_k O_n)|²} is compared with the counts directly.</li>
 * <li>Measured: {@code I_n(q) ≥ 0} (negative counts are taken as 0), {@code A_n = √I_n}, valid pixels
 *     {@code V = {q : mask(q)}}. {@code S_n(q) = Σ_k |Ψ_{n,k}(q)|²} is the model intensity of the incoherent
 *     modes.</li>
 * <li>Fourier-magnitude projection {@code Π_F}: on valid pixels
 *     {@code Ψ_k ← Ψ_k · A_n / (√S_n + 1e-10)}; on masked pixels Ψ is kept. The error of a position is
 *     {@code e_n = Σ_{q∈V} (√S_n(q) − A_n(q))²}, computed before the projection.</li>
 * <li>Summation order, so that devices agree within float tolerance and repeated runs agree exactly: per-pixel
 *     accumulations over positions add position n in increasing order, and for each n mode k in increasing order,
 *     into a float accumulator initialised to 0 (the Java twin parallelises over object or probe rows, never over
 *     n). Scalar sums over pixels (errors, likelihoods, dot products) are accumulated in double; their order is
 *     free (results agree to ~1e-6 relative), but one implementation is deterministic run to run.</li>
 * <li>Implementations are used from one thread at a time (the engine's); they may use their own worker threads
 *     inside a call. No call allocates per-position or per-iteration memory beyond what {@link #create} sized.</li>
 * </ul>
 */
public interface PtychoKernels extends AutoCloseable {

    /** An opaque buffer owned by the implementation that created it. */
    interface Buffer {
        /** Fields in the stack. */
        int count();

        /** Rows of each field. */
        int height();

        /** Columns of each field. */
        int width();

        /** Whether the values are complex (2 floats each) or real. */
        boolean complex();

        /** Floats the buffer holds: {@code count · height · width · (complex ? 2 : 1)}. */
        default long floats() {
            return (long) count() * height() * width() * (complex() ? 2 : 1);
        }
    }

    /**
     * What a kernel set is sized for, fixed for its life.
     *
     * @param count N patterns
     * @param height H pattern rows
     * @param width W pattern columns
     * @param modes K probe modes
     * @param objectHeight OH
     * @param objectWidth OW
     * @param intensities N × H × W measured counts, centred (zero frequency at (H/2, W/2)), row-major
     * @param mask H × W, centred like the patterns, {@code true} where valid
     */
    record Problem(int count, int height, int width, int modes, int objectHeight, int objectWidth,
            float[] intensities, boolean[] mask) {

        /** Checks sizes. */
        public Problem {
            if (intensities.length != (long) count * height * width || mask.length != height * width) {
                throw new IllegalArgumentException("Kernel problem sizes disagree: " + count + " x " + height + " x "
                        + width + " patterns, " + intensities.length + " values, mask " + mask.length);
            }
            if (objectHeight < height || objectWidth < width || modes < 1) {
                throw new IllegalArgumentException("Object " + objectHeight + " x " + objectWidth
                        + " must hold a " + height + " x " + width + " view; modes " + modes);
            }
        }
    }

    /** Creates kernels for a device; found through {@link java.util.ServiceLoader} (the OpenCL module's twin). */
    interface Factory {
        /** Whether this factory runs on {@code device}. */
        boolean supports(ComputeDevice device);

        /** Kernels for this problem on {@code device}. */
        PtychoKernels create(ComputeDevice device, Problem problem);
    }

    /** The problem these kernels were sized for. */
    Problem problem();

    /** The device they run on. */
    ComputeDevice device();

    // ---------------------------------------------------------------- buffers

    /** A zero-filled stack of {@code count} fields of {@code height × width}. */
    Buffer allocate(int count, int height, int width, boolean complex);

    /** Copies {@code src} (length {@link Buffer#floats()}) into the buffer. */
    void write(Buffer dst, float[] src);

    /** Copies the buffer into {@code dst} (length {@link Buffer#floats()}). */
    void read(Buffer src, float[] dst);

    /** Releases a buffer from {@link #allocate}; it must not be used afterwards. */
    void free(Buffer buffer);

    /** {@code dst ← src}; same shape. */
    void copy(Buffer src, Buffer dst);

    /** {@code y ← a·y + b·x} element-wise on complex values (a, b real); same shape. {@code b = 0} ignores x. */
    void scaleAdd(Buffer y, float a, Buffer x, float b);

    /** {@code Σ Re(conj(a)·b)} over every element (double accumulation); same shape. */
    double dot(Buffer a, Buffer b);

    /**
     * Mixes probe modes: the buffer's fields form groups of K consecutive fields (the probe, or an N × K wave
     * buffer); in each group, per pixel, {@code v'_k = Σ_j U_{kj} v_j}, j increasing. {@code u} is the complex K × K
     * matrix, row-major, interleaved (re, im). The engines use the unitary U of the mode orthogonalisation, so
     * probe, exit waves and search directions stay consistent.
     */
    void mixModes(Buffer fields, float[] u);

    /** Integer top-left corners of the N views, in object pixels (copied). */
    void setPositions(int[] y, int[] x);

    /** Batched in-place 2-D FFT of every H × W field of a complex buffer: F when forward, else F⁻¹ (with 1/M). */
    void fft(Buffer fields, boolean forward);

    // ---------------------------------------------------------------- shared pieces

    /** {@code waves_{n,k} ← P_k · O_n} for every n, k (DM's first exit waves). */
    void exitWaves(Buffer object, Buffer probe, Buffer waves);

    /**
     * Object-side overlap sums: {@code numer(r) = Σ_n Σ_k conj(P_k(r − p_n)) · w_{n,k}(r − p_n)} and
     * {@code denom(r) = Σ_n Σ_k |P_k(r − p_n)|²} over the positions whose view holds r; every other element is 0.
     * Summation order as in the class comment.
     *
     * @param waves N × K wave buffer
     * @param numer 1 × OH × OW complex, overwritten
     * @param denom 1 × OH × OW real, overwritten; {@code null} to skip
     */
    void accumulateObject(Buffer waves, Buffer probe, Buffer numer, Buffer denom);

    /**
     * Probe-side overlap sums: {@code numer_k(r) = Σ_n conj(O_n(r)) · w_{n,k}(r)} and
     * {@code denom(r) = Σ_n |O_n(r)|²}, n increasing.
     *
     * @param numer K × H × W complex, overwritten
     * @param denom 1 × H × W real, overwritten; {@code null} to skip
     */
    void accumulateProbe(Buffer waves, Buffer object, Buffer numer, Buffer denom);

    /**
     * {@code target ← (numer + c·target) / (denom + c)} per element, denom broadcast over the fields of numer;
     * then, when {@code amplitudeLimit > 0}, every value with amplitude above the limit is scaled to it. Where
     * {@code denom + c == 0}, target is kept. This is the overlap constraint's normalisation (c the inertia).
     */
    void divide(Buffer numer, Buffer denom, float inertia, Buffer target, float amplitudeLimit);

    // ---------------------------------------------------------------- PIE family

    /**
     * One sequential PIE update at position n (ePIE and rPIE), in place on object and probe:
     * <ol>
     * <li>{@code ψ_k = P_k O_n}; {@code Ψ_k = F ψ_k}; e_n (class comment); {@code Ψ'_k = Π_F Ψ_k};
     *     {@code Δ_k = F⁻¹ Ψ'_k − ψ_k}.</li>
     * <li>With {@code S_P = Σ_k |P_k|²} and {@code O_n} the view before this update:
     *     {@code O_n ← O_n + objectStep · Σ_k conj(P_k) Δ_k / ((1 − objectMix) S_P + objectMix · max S_P)}, then the
     *     amplitude limit (when > 0) on the view's pixels.</li>
     * <li>{@code P_k ← P_k + probeStep · conj(O_n) Δ_k / ((1 − probeMix) |O_n|² + probeMix · max |O_n|²)} with the
     *     old O_n and old P (both updates use the values from before step 2). {@code probeStep = 0} skips it.</li>
     * </ol>
     * ePIE: objectStep α, objectMix 1, probeStep β, probeMix 1. rPIE: objectStep 1, objectMix α, probeStep 1,
     * probeMix β. Maxima are over the H × W view; a zero denominator leaves the pixel unchanged.
     *
     * @return e_n before the update
     */
    double pieUpdate(int n, Buffer object, Buffer probe, float objectStep, float objectMix, float probeStep,
            float probeMix, float amplitudeLimit);

    // ---------------------------------------------------------------- DM

    /**
     * The difference-map update of every exit wave: {@code φ_k = P_k O_n};
     * {@code Ψ_k = F((1 + γ) φ_k − γ ψ_{n,k})} with γ = 1 (ptypy's α); {@code ψ_{n,k} ← ψ_{n,k} + β (F⁻¹ Π Ψ_k
     * − φ_k)}. β = 1 is the standard difference map. Π is ptypy's power-bounded Fourier projection: with
     * {@code d = √S − A} and {@code ē_n = e_n / |V|} (mean over valid pixels), when {@code powerBound ≤ 0}
     * Π = Π_F; when {@code ē_n ≤ powerBound} Π leaves Ψ as it is; otherwise on valid pixels
     * {@code Ψ_k ← Ψ_k (A + d √(powerBound / ē_n)) / (√S + 1e-10)} (moves the moduli only part of the way, so
     * Poisson noise does not drive the exit waves).
     *
     * @param waves N × K exit waves, updated in place
     * @param powerBound ptypy's {@code pbound} in counts per pixel; 0 = plain projection
     * @param errors length N, receives e_n of Ψ (before the projection), as ptypy reports DM's error
     */
    void dmExitUpdate(Buffer object, Buffer probe, Buffer waves, float beta, float powerBound, double[] errors);

    // ---------------------------------------------------------------- ML (Poisson)

    /**
     * Poisson likelihood and its gradient waves: {@code f_k = F(P_k O_n)}, {@code S = Σ_k |f_k|² + ε} (ε = 1e-6),
     * {@code L = Σ_n Σ_{q∈V} (S − I ln S)}; {@code χ_{n,k} = M · F⁻¹(g_k)} with {@code g_k = (1 − I/S) f_k} on
     * valid pixels, 0 on masked ones (χ is {@code ∂L/∂conj(ψ)}, the adjoint F^H g). The object and probe gradients
     * are then {@link #accumulateObject} / {@link #accumulateProbe} of χ.
     *
     * @param chi N × K, overwritten
     * @return {@code {L, E}} with {@code E = Σ_n e_n} the Fourier error sum of the same model (S without ε)
     */
    double[] mlGradientWaves(Buffer object, Buffer probe, Buffer chi);

    /**
     * Derivatives of L along a search direction, for the line search: with {@code f_k = F(P_k O_n)},
     * {@code a_k = F(P_k hO_n + hP_k O_n)}, {@code b_k = F(hP_k hO_n)}, {@code S₀ = Σ_k |f_k|² + ε},
     * {@code S₁ = Σ_k 2 Re(conj(f_k) a_k)}, {@code S₂ = Σ_k (|a_k|² + 2 Re(conj(f_k) b_k))}:
     * {@code L'(0) = Σ_{n,q∈V} (1 − I/S₀) S₁}, {@code L''(0) = Σ_{n,q∈V} (2 (1 − I/S₀) S₂ + I S₁² / S₀²)} and the
     * Fisher (expected) curvature {@code C = Σ_{n,q∈V} S₁² / S₀}, which stays positive where the model is far below
     * the counts and the exact L'' is not.
     *
     * @param objectDir hO, shaped like the object
     * @param probeDir hP, shaped like the probe
     * @return {L'(0), L''(0), C}
     */
    double[] mlLineDerivatives(Buffer object, Buffer probe, Buffer objectDir, Buffer probeDir);

    // ---------------------------------------------------------------- position refinement

    /**
     * Fourier errors of trial shifts of every position: for candidate c,
     * {@code errors[n * C + c] = e_n} of the views {@code P_k · O(py[n] + dy[c] + y, px[n] + dx[c] + x)} (no
     * projection, nothing updated). A candidate whose view leaves the object gets {@code +∞}.
     *
     * @param dy candidate row shifts, length C
     * @param dx candidate column shifts, length C
     * @param errors length N · C
     */
    void trialErrors(Buffer object, Buffer probe, int[] dy, int[] dx, double[] errors);

    /** Frees every buffer and worker of this set. */
    @Override
    void close();
}
