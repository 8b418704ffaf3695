package org.beamlinestudio.ptychography.recon;

import java.util.ArrayList;
import java.util.List;
import org.beamlinestudio.ptychography.data.ComplexField;
import org.beamlinestudio.ptychography.data.PtychoScan;
import org.beamlinestudio.ptychography.recon.PtychoKernels.Buffer;

/**
 * What every engine of a sequence shares and hands on: the kernels, the object and probe buffers, the (refined)
 * positions, and the host-side steps that are cheap next to the per-position work (probe support, mode
 * orthogonalisation, position bookkeeping).
 */
final class ReconstructionContext {

    final PtychoScan scan;
    final ReconstructionOptions options;
    final ObjectFrame frame;
    final PtychoKernels kernels;
    final int count;
    final int height;
    final int width;
    final int modes;
    final Buffer object;
    final Buffer probe;
    /** Top-left corners in object pixels (refined), and where they started. */
    final double[] posY;
    final double[] posX;
    final double[] startY;
    final double[] startX;
    final int[] viewY;
    final int[] viewX;
    /** Σ_n Σ_{q∈V} I: the Fourier error's normaliser. */
    final double measuredTotal;
    /** The largest Σ_{q∈V} I_n over the patterns. */
    final double maxPatternPhotons;
    /** N · |V|. */
    final double validPixels;
    /** Σ_n Σ_{q∈V} (I − I ln I), the likelihood of the saturated model. */
    final double saturatedLikelihood;
    private final float[] probeHost;
    private final float[] supportMask;

    ReconstructionContext(PtychoScan scan, ReconstructionOptions options, PtychoKernels kernels, ObjectFrame frame,
            ComplexField[] initialProbe) {
        this.scan = scan;
        this.options = options;
        this.kernels = kernels;
        this.frame = frame;
        this.count = scan.count();
        this.height = scan.height();
        this.width = scan.width();
        this.modes = options.probeModes();
        this.posY = new double[count];
        this.posX = new double[count];
        for (int i = 0; i < count; i++) {
            posY[i] = frame.row(scan.positionY()[i]);
            posX[i] = frame.column(scan.positionX()[i]);
        }
        this.startY = posY.clone();
        this.startX = posX.clone();
        this.viewY = new int[count];
        this.viewX = new int[count];
        int m = height * width;
        double total = 0;
        double sat = 0;
        int valid = 0;
        boolean[] mask = scan.mask();
        float[] in = scan.intensities();
        for (int q = 0; q < m; q++) {
            if (mask[q]) {
                valid++;
            }
        }
        double maxPattern = 0;
        for (int n = 0; n < count; n++) {
            int off = n * m;
            double pattern = 0;
            for (int q = 0; q < m; q++) {
                if (mask[q]) {
                    double v = Math.max(0, in[off + q]);
                    total += v;
                    pattern += v;
                    if (v > 0) {
                        sat += v - v * Math.log(v);
                    }
                }
            }
            maxPattern = Math.max(maxPattern, pattern);
        }
        this.maxPatternPhotons = maxPattern;
        this.measuredTotal = total;
        this.validPixels = (double) valid * count;
        this.saturatedLikelihood = sat;
        this.object = kernels.allocate(1, frame.height(), frame.width(), true);
        kernels.write(object, ComplexField.filled(frame.height(), frame.width(), 1f, 0f).data());
        this.probe = kernels.allocate(modes, height, width, true);
        this.probeHost = new float[2 * modes * m];
        for (int k = 0; k < modes; k++) {
            System.arraycopy(initialProbe[k].data(), 0, probeHost, 2 * k * m, 2 * m);
        }
        kernels.write(probe, probeHost);
        this.supportMask = supportMask(options.probeSupportRadius(), height, width);
        uploadPositions();
    }

    private static float[] supportMask(double radius, int h, int w) {
        if (radius <= 0) {
            return null;
        }
        float[] s = new float[h * w];
        double r = radius * Math.min(h, w) / 2.0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double dy = y - h / 2.0 + 0.5;
                double dx = x - w / 2.0 + 0.5;
                double d = Math.sqrt(dy * dy + dx * dx);
                // A soft edge (2 px) so the support adds no ringing of its own.
                s[y * w + x] = (float) Math.min(1, Math.max(0, (r - d) / 2 + 0.5));
            }
        }
        return s;
    }

    /** Rounds the refined positions to the views' integer corners and hands them to the kernels. */
    void uploadPositions() {
        for (int i = 0; i < count; i++) {
            viewY[i] = (int) Math.round(posY[i]);
            viewX[i] = (int) Math.round(posX[i]);
        }
        kernels.setPositions(viewY, viewX);
    }

    /**
     * After a probe update: the support (if any) and, with several modes, orthogonalisation; the same unitary mix
     * is applied to {@code alsoMix} (exit waves, search directions) so they stay consistent with the probe.
     */
    void constrainProbe(Buffer... alsoMix) {
        if (supportMask == null && modes == 1) {
            return;
        }
        int m = height * width;
        kernels.read(probe, probeHost);
        if (supportMask != null) {
            for (int k = 0; k < modes; k++) {
                for (int q = 0; q < m; q++) {
                    int i = 2 * (k * m + q);
                    probeHost[i] *= supportMask[q];
                    probeHost[i + 1] *= supportMask[q];
                }
            }
            kernels.write(probe, probeHost);
        }
        if (modes > 1) {
            float[] u = ProbeModes.orthogonalisingMix(probeHost, modes, m);
            kernels.mixModes(probe, u);
            for (Buffer b : alsoMix) {
                if (b != null) {
                    kernels.mixModes(b, u);
                }
            }
        }
    }

    /** Σ_k max_r |P_k(r)|² from the host copy after {@link #readProbe()}: scale for the inertia terms. */
    double probePowerPeak() {
        readProbe();
        int m = height * width;
        double max = 0;
        for (int q = 0; q < m; q++) {
            double s = 0;
            for (int k = 0; k < modes; k++) {
                int i = 2 * (k * m + q);
                s += probeHost[i] * probeHost[i] + probeHost[i + 1] * probeHost[i + 1];
            }
            max = Math.max(max, s);
        }
        return max;
    }

    /** The probe as host fields. */
    float[] readProbe() {
        kernels.read(probe, probeHost);
        return probeHost;
    }

    /** A copy of the probe modes. */
    List<ComplexField> probeModes() {
        readProbe();
        int m = height * width;
        List<ComplexField> out = new ArrayList<>(modes);
        for (int k = 0; k < modes; k++) {
            float[] d = new float[2 * m];
            System.arraycopy(probeHost, 2 * k * m, d, 0, 2 * m);
            out.add(new ComplexField(height, width, d));
        }
        return out;
    }

    /** A copy of the object. */
    ComplexField objectCopy() {
        float[] d = new float[2 * frame.height() * frame.width()];
        kernels.read(object, d);
        return new ComplexField(frame.height(), frame.width(), d);
    }
}
