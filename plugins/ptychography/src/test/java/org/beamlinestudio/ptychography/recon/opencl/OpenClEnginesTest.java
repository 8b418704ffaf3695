package org.beamlinestudio.ptychography.recon.opencl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.beamlinestudio.core.compute.ComputeDevice;
import org.beamlinestudio.core.compute.ComputeDevices;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.opencl.OpenClTestSupport;
import org.beamlinestudio.ptychography.data.ComplexField;
import org.beamlinestudio.ptychography.recon.EngineKind;
import org.beamlinestudio.ptychography.recon.EngineStep;
import org.beamlinestudio.ptychography.recon.IterationReport;
import org.beamlinestudio.ptychography.recon.ProbeInit;
import org.beamlinestudio.ptychography.recon.PtychoReconstructor;
import org.beamlinestudio.ptychography.recon.PtychoResult;
import org.beamlinestudio.ptychography.recon.ReconstructionOptions;
import org.beamlinestudio.ptychography.sim.PtychoSimulator;
import org.beamlinestudio.ptychography.sim.Simulation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engines on OpenCL equal the engines on Java, iteration by iteration, on a small simulated scan (same seed,
 * same plan, chosen through {@link PtychoReconstructor#create} with the device: this also proves the OpenCL kernels
 * are found through the ServiceLoader).
 *
 * <p>Tolerance: the kernels agree to float rounding per call (OpenClPtychoKernelsTest: the first iteration's errors
 * agree to ~1e-7 here), but the engines amplify any rounding difference from iteration to iteration: the Java
 * engines against themselves, on the same scan with one count in 97 raised by one ulp, drift apart by 2e-4 in
 * Fourier error after 8 ePIE iterations, 1e-4 after 8 rPIE, and 5e-3 after 6 ML iterations (measured); OpenCL
 * against Java differs in every FFT, a larger perturbation (rPIE: 3e-4 by its 4th iteration). So the runs are kept
 * short, the first iteration's Fourier error must agree to 1e-4 relative (single mode: ~1e-7 is measured; two modes
 * ~4e-5 through their orthogonalisation), later ones to 1e-3, the final object to 3e-3 and the probe to 1e-2 in RMS
 * relative to the Java values (the probe takes up
 * most of the drift: the object–probe scale is a free direction PIE does not damp; with several modes their total
 * intensity, as modes are defined up to a unitary mix). An engine that took a different
 * path (a wrong kernel, a sign, a visiting order, a lost update) differs by tens of percent.
 */
class OpenClEnginesTest {

    private static Simulation sim;
    private static ComputeDevice opencl;

    @BeforeAll
    static void setUp() {
        opencl = OpenClTestSupport.requireDevice().info();
        sim = PtychoSimulator.simulate(PtychoSimulator.Spec.of(40, 64).withSeed(7));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ePIE", "rPIE", "DM", "ML", "ML alone", "modes+positions"})
    void openClEqualsJavaIterationByIteration(String which) {
        List<EngineStep> plan;
        ReconstructionOptions options = ReconstructionOptions.defaults().withProbeInit(ProbeInit.APERTURE, 0, 0)
                .withSeed(3);
        switch (which) {
            case "ePIE":
                plan = List.of(EngineStep.of(EngineKind.EPIE, 6));
                break;
            case "rPIE":
                plan = List.of(new EngineStep(EngineKind.RPIE, 5, Map.of("alpha", 0.2), 0));
                break;
            case "DM":
                plan = List.of(EngineStep.of(EngineKind.DM, 8));
                break;
            case "ML":
                plan = List.of(EngineStep.of(EngineKind.DM, 3), EngineStep.of(EngineKind.ML, 3));
                break;
            case "ML alone":
                plan = List.of(EngineStep.of(EngineKind.ML, 4));
                break;
            default:
                plan = List.of(EngineStep.of(EngineKind.EPIE, 3), EngineStep.of(EngineKind.DM, 3));
                options = options.withProbeModes(2).withPositionRefinement(2, 2);
                break;
        }
        List<IterationReport> javaReports = new ArrayList<>();
        List<IterationReport> clReports = new ArrayList<>();
        PtychoResult j = PtychoReconstructor.create(sim.scan(), plan, options, ComputeDevices.javaDevice())
                .run(javaReports::add, new Cancellation());
        PtychoReconstructor onDevice = PtychoReconstructor.create(sim.scan(), plan, options, opencl);
        assertThat(onDevice.device()).isEqualTo(opencl);
        PtychoResult c = onDevice.run(clReports::add, new Cancellation());

        assertThat(clReports).hasSameSizeAs(javaReports);
        for (int i = 0; i < javaReports.size(); i++) {
            IterationReport a = javaReports.get(i);
            IterationReport b = clReports.get(i);
            assertThat(b.engine()).isEqualTo(a.engine());
            System.out.printf("%s iteration %d %s: Fourier error Java %.6g OpenCL %.6g (rel %.2g)%n", which,
                    a.iteration(), a.engine().label(), a.fourierError(), b.fourierError(),
                    Math.abs(b.fourierError() - a.fourierError()) / a.fourierError());
            double tolerance = i == 0 ? 1e-4 : 1e-3;
            assertThat(relative(b.fourierError(), a.fourierError())).as("%s iteration %d Fourier error: Java %s, "
                    + "OpenCL %s", which, a.iteration(), a.fourierError(), b.fourierError()).isLessThan(tolerance);
            if (!Double.isNaN(a.negLogLikelihood())) {
                assertThat(relative(b.negLogLikelihood(), a.negLogLikelihood())).as("%s iteration %d likelihood", which,
                        a.iteration()).isLessThan(tolerance);
            }
        }
        double objectDiff = rmsRelative(c.state().object(), j.state().object());
        System.out.printf("%s: object RMS difference %.3g%n", which, objectDiff);
        assertThat(objectDiff).as("%s object", which).isLessThan(3e-3);
        if (j.state().probeModes().size() == 1) {
            double probeDiff = rmsRelative(c.state().probeModes().get(0), j.state().probeModes().get(0));
            System.out.printf("%s: probe RMS difference %.3g%n", which, probeDiff);
            assertThat(probeDiff).as("%s probe", which).isLessThan(1e-2);
        } else {
            // Modes are defined up to a unitary mix (near-degenerate modes rotate freely): compare their total
            // intensity, which the patterns see.
            double probeDiff = rmsRelative(totalIntensity(c.state().probeModes()),
                    totalIntensity(j.state().probeModes()));
            System.out.printf("%s: probe intensity RMS difference %.3g%n", which, probeDiff);
            assertThat(probeDiff).as("%s probe intensity", which).isLessThan(1e-2);
        }
        for (int i = 0; i < sim.scan().count(); i++) {
            assertThat(c.state().positionY()[i]).isEqualTo(j.state().positionY()[i]);
            assertThat(c.state().positionX()[i]).isEqualTo(j.state().positionX()[i]);
        }
        assertThat(c.device()).isEqualTo(opencl);
    }

    private static double relative(double a, double b) {
        return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
    }

    private static ComplexField totalIntensity(List<ComplexField> modes) {
        ComplexField sum = ComplexField.zeros(modes.get(0).height(), modes.get(0).width());
        for (ComplexField m : modes) {
            for (int y = 0; y < m.height(); y++) {
                for (int x = 0; x < m.width(); x++) {
                    sum.data()[2 * (y * m.width() + x)] += m.intensity(y, x);
                }
            }
        }
        return sum;
    }

    private static double rmsRelative(ComplexField actual, ComplexField expected) {
        assertThat(actual.height()).isEqualTo(expected.height());
        assertThat(actual.width()).isEqualTo(expected.width());
        return rmsRelative(actual.data(), expected.data());
    }

    private static double rmsRelative(float[] a, float[] e) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < e.length; i++) {
            double d = a[i] - e[i];
            diff += d * d;
            norm += (double) e[i] * e[i];
        }
        return Math.sqrt(diff / norm);
    }
}
