package org.beamlinestudio.ptychography.ui;

import java.util.ArrayList;
import java.util.List;
import org.beamlinestudio.core.compute.ComputeDevice;
import org.beamlinestudio.core.compute.ComputeDevices;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.ptychography.data.ComplexField;
import org.beamlinestudio.ptychography.data.PtychoScan;
import org.beamlinestudio.ptychography.io.TestScans;
import org.beamlinestudio.ptychography.recon.EngineStep;
import org.beamlinestudio.ptychography.recon.IterationReport;
import org.beamlinestudio.ptychography.recon.PtychoReconstructor;
import org.beamlinestudio.ptychography.recon.PtychoResult;
import org.beamlinestudio.ptychography.recon.PtychoState;
import org.beamlinestudio.ptychography.recon.ReconstructionOptions;

/**
 * A stand-in reconstructor for the perspective's wiring (live updates, pause, stop, save) while the engines are
 * built elsewhere: it blends from a flat object to the simulation's true object over the plan, a few ms an
 * iteration, honouring pause, snapshot and cancellation as the contract says.
 */
final class FakeReconstructor implements PtychoReconstructor {

    private final PtychoScan scan;
    private final List<EngineStep> plan;
    private final ReconstructionOptions options;
    private final TestScans.Sim sim;
    private final long millisPerIteration;
    private final Object lock = new Object();
    private volatile boolean paused;
    private PtychoState state;

    FakeReconstructor(PtychoScan scan, List<EngineStep> plan, ReconstructionOptions options, TestScans.Sim sim,
            long millisPerIteration) {
        this.scan = scan;
        this.plan = plan;
        this.options = options;
        this.sim = sim;
        this.millisPerIteration = millisPerIteration;
        this.state = stateAt(0, 1, List.of());
    }

    private PtychoState stateAt(int it, int total, List<IterationReport> hist) {
        int s = sim.objectSize();
        float t = (float) it / total;
        float[] o = new float[2 * s * s];
        for (int k = 0; k < s * s; k++) {
            o[2 * k] = (1 - t) + t * sim.object()[2 * k];
            o[2 * k + 1] = t * sim.object()[2 * k + 1];
        }
        List<ComplexField> modes = new ArrayList<>();
        modes.add(new ComplexField(sim.size(), sim.size(), sim.probe().clone()));
        for (int m = 1; m < options.probeModes(); m++) {
            float[] p = sim.probe().clone();
            for (int k = 0; k < p.length; k++) {
                p[k] *= 0.3f / m;
            }
            modes.add(new ComplexField(sim.size(), sim.size(), p));
        }
        double[] py = new double[scan.count()];
        double[] px = new double[scan.count()];
        double[] pix = scan.objectPixelSize();
        for (int i = 0; i < py.length; i++) {
            py[i] = scan.positionY()[i] / pix[0];
            px[i] = scan.positionX()[i] / pix[1];
        }
        return new PtychoState(it, new ComplexField(s, s, o), modes, py, px, hist);
    }

    @Override
    public PtychoResult run(org.beamlinestudio.ptychography.recon.ReconstructionListener listener,
            Cancellation cancel) {
        int total = 0;
        for (EngineStep st : plan) {
            total += st.iterations();
        }
        List<IterationReport> hist = new ArrayList<>();
        int it = 0;
        boolean stopped = false;
        outer:
        for (EngineStep st : plan) {
            for (int i = 0; i < st.iterations(); i++) {
                while (paused && !cancel.isCancelled()) {
                    sleep(5);
                }
                if (cancel.isCancelled()) {
                    stopped = true;
                    break outer;
                }
                sleep(millisPerIteration);
                it++;
                IterationReport r = new IterationReport(it, st.kind(), 0.5 / it, Double.NaN, millisPerIteration);
                hist.add(r);
                synchronized (lock) {
                    state = stateAt(it, total, hist);
                }
                listener.iterationDone(r);
            }
        }
        return new PtychoResult(scan, plan, options, device(), snapshot(), scan.objectPixelSize(), stopped);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void pause() {
        paused = true;
    }

    @Override
    public void resume() {
        paused = false;
    }

    @Override
    public boolean isPaused() {
        return paused;
    }

    @Override
    public PtychoState snapshot() {
        synchronized (lock) {
            return state;
        }
    }

    @Override
    public ComputeDevice device() {
        return ComputeDevices.javaDevice();
    }
}
