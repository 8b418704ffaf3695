package org.beamlinestudio.xpcs.fit;

/**
 * τc(q) = A·q^(−p), fitted on log–log axes, with the diffusion coefficient D = 1/(τc q²) when the exponent is 2.
 *
 * @param amplitude          A (τc's unit × q's unit^p: s·Å^−p for τc in s and q in Å⁻¹)
 * @param amplitudeError     standard error of A
 * @param exponent           p
 * @param exponentError      standard error of p (0 when fixed)
 * @param exponentFixed      whether p was held fixed
 * @param reducedChiSquare   χ²/(points − free parameters) on the log scale; NaN when there are no degrees of freedom
 * @param points             q-bins used
 * @param diffusive          whether D applies: p fixed at 2, or the fitted p is consistent with 2
 * @param diffusionA2PerS    D in Å²/s from a fit with p held at 2 (NaN when not diffusive)
 * @param diffusionErrorA2PerS its standard error
 */
public record PowerLawResult(double amplitude, double amplitudeError, double exponent, double exponentError,
                             boolean exponentFixed, double reducedChiSquare, int points, boolean diffusive,
                             double diffusionA2PerS, double diffusionErrorA2PerS) {

    /** 1 Å² = 10⁻⁸ µm². */
    private static final double A2_TO_UM2 = 1e-8;

    /** D in µm²/s. */
    public double diffusionUm2PerS() {
        return diffusionA2PerS * A2_TO_UM2;
    }

    /** Standard error of D in µm²/s. */
    public double diffusionErrorUm2PerS() {
        return diffusionErrorA2PerS * A2_TO_UM2;
    }

    /** The fitted τc at {@code q}. */
    public double tau(double q) {
        return amplitude * Math.pow(q, -exponent);
    }
}
