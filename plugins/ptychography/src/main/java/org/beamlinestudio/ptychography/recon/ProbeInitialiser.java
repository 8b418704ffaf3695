package org.beamlinestudio.ptychography.recon;

import org.beamlinestudio.ptychography.data.ComplexField;
import org.beamlinestudio.ptychography.data.PtychoScan;

/**
 * The first probe: from the file, a Fresnel-propagated aperture, or the mean pattern; scaled so that its diffraction
 * carries the mean measured photon count ({@code M Σ|P|² = mean_n Σ_q I_n}, unnormalised FFT, object of amplitude
 * 1). Extra modes start as the first one times k phase-ramp periods across the field with 10 % of its power each
 * (orthogonal enough to separate; the engines orthogonalise them).
 */
final class ProbeInitialiser {

    static final double EXTRA_MODE_POWER = 0.1;

    private ProbeInitialiser() {
    }

    static ComplexField[] initial(PtychoScan scan, ReconstructionOptions options) {
        int h = scan.height();
        int w = scan.width();
        ComplexField p0;
        ProbeInit init = options.probeInit();
        if (init == ProbeInit.FROM_FILE && scan.initialProbe().isPresent()) {
            p0 = scan.initialProbe().get().copy();
        } else if (init == ProbeInit.MEAN_PATTERN) {
            p0 = FresnelProbe.fromMeanPattern(scan.count(), h, w, scan.intensities(), scan.mask());
        } else {
            double[] ps = scan.objectPixelSize();
            double diameterPx = options.apertureDiameter() > 0 ? options.apertureDiameter() / ps[1] : w / 3.0;
            p0 = FresnelProbe.aperture(h, w, diameterPx, options.propagationDistance(), scan.wavelength(), ps[0],
                    ps[1]);
        }
        int m = h * w;
        double power = 0;
        for (int q = 0; q < m; q++) {
            power += (double) p0.data()[2 * q] * p0.data()[2 * q] + (double) p0.data()[2 * q + 1] * p0.data()[2 * q + 1];
        }
        double photons = 0;
        boolean[] mask = scan.mask();
        int valid = 0;
        for (int q = 0; q < m; q++) {
            valid += mask[q] ? 1 : 0;
        }
        for (int n = 0; n < scan.count(); n++) {
            for (int q = 0; q < m; q++) {
                if (mask[q]) {
                    photons += Math.max(0, scan.intensities()[n * m + q]);
                }
            }
        }
        photons = photons / scan.count() * m / Math.max(1, valid);
        if (!(power > 0) || !(photons > 0)) {
            throw new IllegalArgumentException("Cannot start a probe for " + KernelReconstructor.describe(scan)
                    + ": " + (power > 0 ? "the patterns hold no photons" : "the initial probe is zero"));
        }
        int k = options.probeModes();
        double mainShare = 1 - EXTRA_MODE_POWER * (k - 1) / (1 + EXTRA_MODE_POWER * (k - 1));
        float s = (float) Math.sqrt(photons * mainShare / (m * power));
        ComplexField[] out = new ComplexField[k];
        for (int mode = 0; mode < k; mode++) {
            float[] d = new float[2 * m];
            double amp = mode == 0 ? s : s * Math.sqrt(EXTRA_MODE_POWER);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int q = y * w + x;
                    double ph = 2 * Math.PI * mode * (x / (double) w + y / (double) h);
                    float c = (float) (amp * Math.cos(ph));
                    float sn = (float) (amp * Math.sin(ph));
                    float re = p0.data()[2 * q];
                    float im = p0.data()[2 * q + 1];
                    d[2 * q] = re * c - im * sn;
                    d[2 * q + 1] = re * sn + im * c;
                }
            }
            out[mode] = new ComplexField(h, w, d);
        }
        return out;
    }
}
