package org.beamlinestudio.tomography.stages.phase;

/**
 * The physics of single-material (Paganin) phase retrieval and the padded grid it is applied on.
 *
 * <p>Paganin et al., J. Microsc. 206 (2002) 33–40, eq. (10), for a homogeneous object of refractive
 * index {@code n = 1 − δ + iβ}, with {@code μ = 4πβ/λ}: the projected thickness is
 * {@code T = −(1/μ) ln( F⁻¹[ F[I/I₀] / (1 + z·δ·|k|²/μ) ] )} with {@code k} the angular spatial
 * frequency (2π × cycles per length). With {@code f = |k|/2π} in cycles per length that is
 * {@code 1 / (1 + π·λ·z·(δ/β)·f²)}, which is what {@link #transfer} evaluates. At {@code f = 0} it is
 * 1: the mean transmission is kept.
 *
 * @param energyKeV      photon energy in keV
 * @param distanceMm     sample–detector (propagation) distance in mm
 * @param pixelSizeUm    effective pixel size in µm
 * @param deltaBetaRatio δ/β of the material
 * @param pad            pad each projection by edge values to at least twice its size (then to a
 *                       2-3-5-smooth size, fast for the FFT) so the filter does not wrap one edge onto
 *                       the other
 */
public record PaganinParameters(double energyKeV, double distanceMm, double pixelSizeUm, double deltaBetaRatio,
                                boolean pad) {

    /** h·c in keV·m: λ[m] = 1.23984198…e-9 / E[keV]. */
    public static final double HC_KEV_M = 1.2398419843320026e-9;

    public PaganinParameters {
        if (!(energyKeV > 0) || !(distanceMm >= 0) || !(pixelSizeUm > 0) || !(deltaBetaRatio > 0)) {
            throw new IllegalArgumentException("Paganin needs energy > 0, distance ≥ 0, pixel size > 0 and δ/β > 0; got "
                    + energyKeV + " keV, " + distanceMm + " mm, " + pixelSizeUm + " µm, δ/β " + deltaBetaRatio);
        }
    }

    /** Wavelength in metres. */
    public double wavelengthM() {
        return HC_KEV_M / energyKeV;
    }

    /** {@code π·λ·z·δ/β} in m²: the filter is {@code 1 / (1 + alpha·f²)} with f in cycles per metre. */
    public double alphaM2() {
        return Math.PI * wavelengthM() * distanceMm * 1e-3 * deltaBetaRatio;
    }

    /** The same in pixel² units: the filter is {@code 1/(1 + alphaPx·(u² + v²))} with u, v in cycles per pixel. */
    public double alphaPx() {
        double dx = pixelSizeUm * 1e-6;
        return alphaM2() / (dx * dx);
    }

    /** The filter at spatial frequency (fx, fy) in cycles per metre. */
    public double transfer(double fxPerM, double fyPerM) {
        return 1.0 / (1.0 + alphaM2() * (fxPerM * fxPerM + fyPerM * fyPerM));
    }

    /** The padded size of an axis of {@code n} pixels (n itself without padding). */
    public int paddedSize(int n) {
        return pad ? fastSize(2 * n) : n;
    }

    /** The smallest integer ≥ {@code n} whose only prime factors are 2, 3 and 5. */
    public static int fastSize(int n) {
        int m = Math.max(1, n);
        while (true) {
            int r = m;
            for (int p : new int[] {2, 3, 5}) {
                while (r % p == 0) {
                    r /= p;
                }
            }
            if (r == 1) {
                return m;
            }
            m++;
        }
    }

    /** The signed FFT frequency index of bin {@code k} of {@code n} (numpy's fftfreq × n). */
    public static int signedIndex(int k, int n) {
        return k <= (n - 1) / 2 ? k : k - n;
    }
}
