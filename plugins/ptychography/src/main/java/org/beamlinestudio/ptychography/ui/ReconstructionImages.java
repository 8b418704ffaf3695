package org.beamlinestudio.ptychography.ui;

import java.util.ArrayList;
import java.util.List;
import org.beamlinestudio.ptychography.data.ComplexField;
import org.beamlinestudio.ptychography.recon.IterationReport;
import org.beamlinestudio.ptychography.recon.PtychoState;
import org.beamlinestudio.ptychography.results.PhaseDisplay;

/**
 * What the perspective shows of one estimate, computed off the FX thread: object phase (optionally unwrapped and
 * with the linear ramp removed over the illuminated region) and amplitude, each probe mode's amplitude, and the
 * error history.
 *
 * @param iteration iterations done
 * @param width object columns
 * @param height object rows
 * @param phase phase image, radians
 * @param amplitude amplitude image
 * @param probeWidth probe columns
 * @param probeHeight probe rows
 * @param probeAmplitudes one amplitude image per mode, strongest first
 * @param probePower each mode's share of the total probe power
 * @param errorIterations x of the error curve
 * @param fourierErrors y of the error curve
 */
public record ReconstructionImages(int iteration, int width, int height, float[] phase, float[] amplitude,
        int probeWidth, int probeHeight, List<float[]> probeAmplitudes, double[] probePower, double[] errorIterations,
        double[] fourierErrors) {

    /** Computes the images of {@code state}. */
    public static ReconstructionImages of(PtychoState state, boolean unwrap, boolean removeRamp) {
        ComplexField o = state.object();
        int h = o.height();
        int w = o.width();
        float[] phase = o.phase();
        int ph = state.probeModes().isEmpty() ? 1 : state.probeModes().get(0).height();
        int pw = state.probeModes().isEmpty() ? 1 : state.probeModes().get(0).width();
        boolean[] lit = illuminated(h, w, ph, pw, state.positionY(), state.positionX());
        if (unwrap) {
            phase = PhaseDisplay.unwrap(phase, h, w);
        }
        if (removeRamp) {
            phase = PhaseDisplay.removeRamp(phase, h, w, lit);
        }
        List<float[]> modes = new ArrayList<>();
        double[] power = new double[state.probeModes().size()];
        double total = 0;
        for (int m = 0; m < power.length; m++) {
            ComplexField p = state.probeModes().get(m);
            float[] a = p.amplitude();
            modes.add(a);
            for (float v : a) {
                power[m] += (double) v * v;
            }
            total += power[m];
        }
        for (int m = 0; m < power.length; m++) {
            power[m] = total > 0 ? power[m] / total : 0;
        }
        List<IterationReport> hist = state.history();
        double[] xs = new double[hist.size()];
        double[] ys = new double[hist.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = hist.get(i).iteration();
            ys[i] = hist.get(i).fourierError();
        }
        return new ReconstructionImages(state.iteration(), w, h, phase, o.amplitude(), pw, ph, modes, power, xs, ys);
    }

    /** Pixels within the central half of at least one probe window: where the object is actually measured. */
    static boolean[] illuminated(int h, int w, int ph, int pw, double[] py, double[] px) {
        boolean[] lit = new boolean[h * w];
        boolean any = false;
        for (int i = 0; i < py.length; i++) {
            int y0 = Math.max(0, (int) Math.round(py[i] + ph / 4.0));
            int y1 = Math.min(h, (int) Math.round(py[i] + 3 * ph / 4.0));
            int x0 = Math.max(0, (int) Math.round(px[i] + pw / 4.0));
            int x1 = Math.min(w, (int) Math.round(px[i] + 3 * pw / 4.0));
            for (int y = y0; y < y1; y++) {
                for (int x = x0; x < x1; x++) {
                    lit[y * w + x] = true;
                    any = true;
                }
            }
        }
        if (!any) {
            java.util.Arrays.fill(lit, true);
        }
        return lit;
    }
}
