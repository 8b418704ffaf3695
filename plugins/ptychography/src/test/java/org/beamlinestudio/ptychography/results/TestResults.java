package org.beamlinestudio.ptychography.results;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.beamlinestudio.core.compute.ComputeDevices;
import org.beamlinestudio.ptychography.data.ComplexField;
import org.beamlinestudio.ptychography.data.PtychoScan;
import org.beamlinestudio.ptychography.io.TestScans;
import org.beamlinestudio.ptychography.recon.EngineKind;
import org.beamlinestudio.ptychography.recon.EngineStep;
import org.beamlinestudio.ptychography.recon.IterationReport;
import org.beamlinestudio.ptychography.recon.ProbeInit;
import org.beamlinestudio.ptychography.recon.PtychoResult;
import org.beamlinestudio.ptychography.recon.PtychoState;
import org.beamlinestudio.ptychography.recon.ReconstructionOptions;

/** Made-up results for the writer, reader and result-view tests. */
public final class TestResults {

    private TestResults() {
    }

    /** A field of Gaussian noise. */
    public static ComplexField random(int h, int w, Random r) {
        float[] d = new float[2 * h * w];
        for (int k = 0; k < d.length; k++) {
            d[k] = (float) r.nextGaussian();
        }
        return new ComplexField(h, w, d);
    }

    /** A small result: 3×3 scan of 16², 30×34 object, two probe modes, 5 iterations (3 DM, 2 ML), stopped early. */
    public static PtychoResult sample(Path source) {
        TestScans.Sim s = TestScans.simulate(3, 16, 4);
        boolean[] mask = new boolean[256];
        java.util.Arrays.fill(mask, true);
        PtychoScan scan = new PtychoScan(source, "/entry_1/data_1/data", s.n(), 16, 16, s.patterns(), mask, s.y(),
                s.x(), 1.239841984e-6 / s.energyEv(), s.distance(), s.pixel(), s.pixel(), Optional.empty());
        Random r = new Random(7);
        List<IterationReport> hist = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            hist.add(new IterationReport(i, i <= 3 ? EngineKind.DM : EngineKind.ML, 1.0 / i,
                    i <= 3 ? Double.NaN : 2.5 / i, 10 + i));
        }
        double[] py = new double[s.n()];
        double[] px = new double[s.n()];
        for (int i = 0; i < s.n(); i++) {
            py[i] = 2 + (i / 3) * 4.25;
            px[i] = 2 + (i % 3) * 3.75;
        }
        PtychoState st = new PtychoState(5, random(30, 34, r), List.of(random(16, 16, r), random(16, 16, r)), py, px,
                hist);
        List<EngineStep> plan = List.of(new EngineStep(EngineKind.DM, 3, Map.of("beta", 0.9), 0),
                EngineStep.of(EngineKind.ML, 2));
        ReconstructionOptions opts = ReconstructionOptions.defaults().withProbeModes(2)
                .withProbeInit(ProbeInit.APERTURE, 1e-6, 0).withPositionRefinement(2, 3);
        return new PtychoResult(scan, plan, opts, ComputeDevices.javaDevice(), st, scan.objectPixelSize(), true);
    }
}
