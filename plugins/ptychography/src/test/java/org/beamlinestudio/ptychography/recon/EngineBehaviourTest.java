package org.beamlinestudio.ptychography.recon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.beamlinestudio.core.compute.ComputeDevice;
import org.beamlinestudio.core.compute.ComputeDevices;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.ptychography.data.ComplexField;
import org.beamlinestudio.ptychography.sim.PtychoSimulator;
import org.beamlinestudio.ptychography.sim.Simulation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sequences, probe modes, position refinement, repeatability and run control on small simulated scans. */
class EngineBehaviourTest {

    static Simulation small;

    @BeforeAll
    static void simulate() {
        small = PtychoSimulator.simulate(PtychoSimulator.Spec.of(60, 64));
    }

    static ReconstructionOptions options() {
        return ReconstructionOptions.defaults().withProbeInit(ProbeInit.APERTURE, 0, 0);
    }

    @Test
    void sameSeedGivesTheSameObjectBitForBit() {
        List<EngineStep> plan = List.of(EngineStep.of(EngineKind.EPIE, 4), EngineStep.of(EngineKind.DM, 4),
                EngineStep.of(EngineKind.ML, 3));
        PtychoResult a = PtychoReconstructor.create(small.scan(), plan, options(), ComputeDevices.javaDevice())
                .run(ReconstructionListener.none(), new Cancellation());
        PtychoResult b = PtychoReconstructor.create(small.scan(), plan, options(), ComputeDevices.javaDevice())
                .run(ReconstructionListener.none(), new Cancellation());
        PtychoResult other = PtychoReconstructor.create(small.scan(), plan, options().withSeed(2),
                ComputeDevices.javaDevice()).run(ReconstructionListener.none(), new Cancellation());
        assertThat(a.state().object()).isEqualTo(b.state().object());
        assertThat(a.state().probeModes()).isEqualTo(b.state().probeModes());
        assertThat(a.state().history().get(10).fourierError()).isEqualTo(b.state().history().get(10).fourierError());
        // another seed visits positions in another order: same quality, different bits
        assertThat(other.state().object()).isNotEqualTo(a.state().object());
        assertThat(a.state().iteration()).isEqualTo(11);
        assertThat(a.stoppedEarly()).isFalse();
    }

    @Test
    void probeModesStayOrthogonalStrongestFirst() {
        ReconstructionOptions opt = options().withProbeModes(3);
        List<IterationReport> reports = new ArrayList<>();
        PtychoResult r = PtychoReconstructor.create(small.scan(), List.of(EngineStep.of(EngineKind.EPIE, 8),
                EngineStep.of(EngineKind.DM, 8), EngineStep.of(EngineKind.ML, 4)), opt, ComputeDevices.javaDevice())
                .run(reports::add, new Cancellation());
        List<ComplexField> modes = r.state().probeModes();
        assertThat(modes).hasSize(3);
        double[] power = new double[3];
        for (int i = 0; i < 3; i++) {
            power[i] = dot(modes.get(i), modes.get(i))[0];
        }
        assertThat(power[0]).isGreaterThanOrEqualTo(power[1]);
        assertThat(power[1]).isGreaterThanOrEqualTo(power[2]);
        assertThat(power[2]).isGreaterThan(0);
        for (int i = 0; i < 3; i++) {
            for (int j = i + 1; j < 3; j++) {
                double[] d = dot(modes.get(i), modes.get(j));
                assertThat(Math.hypot(d[0], d[1]) / Math.sqrt(power[i] * power[j])).as("overlap of modes %d, %d", i, j)
                        .isLessThan(1e-3);
            }
        }
        assertThat(reports.get(19).fourierError()).isLessThan(reports.get(0).fourierError());
    }

    static double[] dot(ComplexField a, ComplexField b) {
        double re = 0;
        double im = 0;
        for (int i = 0; i < a.data().length; i += 2) {
            re += (double) a.data()[i] * b.data()[i] + (double) a.data()[i + 1] * b.data()[i + 1];
            im += (double) a.data()[i] * b.data()[i + 1] - (double) a.data()[i + 1] * b.data()[i];
        }
        return new double[] {re, im};
    }

    @Test
    void positionRefinementRecoversTwoPixelDisplacements() {
        Simulation sim = PtychoSimulator.simulate(PtychoSimulator.Spec.of(100, 64));
        double px = sim.pixelSize();
        double[] y = sim.positionY().clone();
        double[] x = sim.positionX().clone();
        int[] displaced = {3, 17, 29, 41, 53, 66, 72, 88};
        for (int i = 0; i < displaced.length; i++) {
            if (i % 2 == 0) {
                y[displaced[i]] += 2 * px;
            } else {
                x[displaced[i]] -= 2 * px;
            }
        }
        ReconstructionOptions opt = options().withPositionRefinement(10, 4);
        PtychoResult r = PtychoReconstructor.create(sim.withRecordedPositions(y, x),
                List.of(EngineStep.of(EngineKind.EPIE, 50)), opt, ComputeDevices.javaDevice())
                .run(ReconstructionListener.none(), new Cancellation());
        ObjectFrame f = ObjectFrame.of(sim.withRecordedPositions(y, x), ObjectFrame.marginFor(opt));
        int recovered = 0;
        int wrongOthers = 0;
        for (int n = 0; n < sim.scan().count(); n++) {
            double dy = r.state().positionY()[n] - f.row(sim.positionY()[n]);
            double dx = r.state().positionX()[n] - f.column(sim.positionX()[n]);
            final int index = n;
            boolean isDisplaced = java.util.Arrays.stream(displaced).anyMatch(d -> d == index);
            boolean right = Math.hypot(dy, dx) < 0.5;
            if (isDisplaced && right) {
                recovered++;
            }
            if (!isDisplaced && !right) {
                wrongOthers++;
            }
        }
        System.out.printf("position refinement: %d of %d displaced recovered, %d others moved off%n", recovered,
                displaced.length, wrongOthers);
        assertThat(recovered).isGreaterThanOrEqualTo(displaced.length - 1);
        assertThat(wrongOthers).isLessThanOrEqualTo(2);
    }

    @Test
    void pauseSnapshotResumeAndStop() throws Exception {
        PtychoReconstructor r = PtychoReconstructor.create(small.scan(), List.of(EngineStep.of(EngineKind.DM, 500)),
                options(), ComputeDevices.javaDevice());
        Cancellation cancel = new Cancellation();
        CountDownLatch third = new CountDownLatch(1);
        List<IterationReport> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<PtychoResult> done = CompletableFuture.supplyAsync(() -> r.run(rep -> {
            reports.add(rep);
            if (rep.iteration() == 3) {
                r.pause();
                third.countDown();
            }
        }, cancel));
        assertThat(third.await(30, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(300);
        assertThat(r.isPaused()).isTrue();
        assertThat(reports).hasSize(3);
        PtychoState s = r.snapshot();
        assertThat(s.iteration()).isEqualTo(3);
        assertThat(s.history()).hasSize(3);
        assertThat(s.probeModes()).hasSize(1);
        assertThat(s.positionY()).hasSize(60);
        r.resume();
        long t0 = System.nanoTime();
        while (reports.size() < 6 && System.nanoTime() - t0 < 30e9) {
            Thread.sleep(5);
        }
        cancel.cancel();
        PtychoResult res = done.get(30, TimeUnit.SECONDS);
        assertThat(res.stoppedEarly()).isTrue();
        assertThat(res.state().iteration()).isBetween(6, 499);
        assertThat(r.snapshot().iteration()).isEqualTo(res.state().iteration());
        assertThat(res.device()).isEqualTo(ComputeDevices.javaDevice());
    }

    @Test
    void stopBelowErrorEndsAStepEarly() {
        List<IterationReport> reports = new ArrayList<>();
        PtychoReconstructor.create(small.scan(), List.of(new EngineStep(EngineKind.EPIE, 200, java.util.Map.of(), 0.02),
                EngineStep.of(EngineKind.DM, 2)), options(), ComputeDevices.javaDevice())
                .run(reports::add, new Cancellation());
        long epie = reports.stream().filter(rep -> rep.engine() == EngineKind.EPIE).count();
        assertThat(epie).isLessThan(200);
        assertThat(reports.get((int) epie - 1).fourierError()).isLessThan(0.02);
        assertThat(reports.get(reports.size() - 1).engine()).isEqualTo(EngineKind.DM);
    }

    @Test
    void anOpenClDeviceWithoutItsKernelsIsRefusedByName() {
        ComputeDevice gpu = new ComputeDevice("opencl:0:0", "Some GPU", ComputeDevice.Type.GPU, "X", 10, 1L << 30,
                "OpenCL C 1.2");
        assertThatThrownBy(() -> PtychoReconstructor.create(small.scan(), List.of(EngineStep.of(EngineKind.DM, 1)),
                options(), gpu)).hasMessageContaining("Some GPU");
    }

    @Test
    void javaRefusesPatternsThatAreNotPowersOfTwoNamingTheScan() {
        org.beamlinestudio.ptychography.data.PtychoScan s = small.scan();
        int side = 60;
        float[] cropped = new float[s.count() * side * side];
        org.beamlinestudio.ptychography.data.PtychoScan odd = new org.beamlinestudio.ptychography.data.PtychoScan(
                java.nio.file.Path.of("odd.cxi"), "/entry_1/data_1/data", s.count(), side, side, cropped,
                new boolean[side * side], s.positionY(), s.positionX(), s.wavelength(), s.distance(),
                s.detectorPixelY(), s.detectorPixelX(), java.util.Optional.empty());
        assertThatThrownBy(() -> PtychoReconstructor.create(odd, List.of(EngineStep.of(EngineKind.DM, 1)), options(),
                ComputeDevices.javaDevice())).hasMessageContaining("odd.cxi").hasMessageContaining("60 x 60");
    }

    @Test
    void probeInitialisationsCarryTheMeasuredPhotons() {
        double photons = 0;
        for (float v : small.scan().intensities()) {
            photons += v;
        }
        photons /= small.scan().count();
        for (ProbeInit init : ProbeInit.values()) {
            ComplexField[] p = ProbeInitialiser.initial(small.scan(), options().withProbeInit(init, 0, 20e-6));
            double power = dot(p[0], p[0])[0] * 64 * 64;
            assertThat(power / photons).as(init.name()).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-3));
        }
        // the mean-pattern guess sits in the field's centre
        ComplexField mean = ProbeInitialiser.initial(small.scan(), options().withProbeInit(ProbeInit.MEAN_PATTERN,
                0, 0))[0];
        assertThat(mean.intensity(32, 32)).isGreaterThan(10 * mean.intensity(2, 2));
    }
}
