package org.beamlinestudio.ptychography.recon;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.beamlinestudio.core.compute.ComputeDevice;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.ptychography.data.ComplexField;
import org.beamlinestudio.ptychography.data.PtychoScan;

/**
 * Runs an engine sequence over {@link PtychoKernels} of any device: probe initialisation, the steps in order with
 * object, probe and positions carried from one to the next, position refinement, the per-iteration report, and
 * pause / resume / snapshot / stop between iterations.
 */
final class KernelReconstructor implements PtychoReconstructor {

    private final PtychoScan scan;
    private final List<EngineStep> plan;
    private final ReconstructionOptions options;
    private final PtychoKernels.Factory factory;
    private final ComputeDevice device;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition resumed = lock.newCondition();
    private final List<IterationReport> history = new ArrayList<>();
    private volatile boolean paused;
    private ReconstructionContext context;
    private PtychoState finalState;
    private int iteration;
    private boolean ran;

    KernelReconstructor(PtychoScan scan, List<EngineStep> plan, ReconstructionOptions options,
            PtychoKernels.Factory factory, ComputeDevice device) {
        if (plan.isEmpty()) {
            throw new IllegalArgumentException("No engine steps for " + describe(scan));
        }
        this.scan = scan;
        this.plan = List.copyOf(plan);
        this.options = options;
        this.factory = factory;
        this.device = device;
    }

    static String describe(PtychoScan scan) {
        return (scan.source() == null ? "the simulated scan" : scan.source().toString()) + " ("
                + scan.datasetPath() + ", " + scan.count() + " patterns of " + scan.height() + " x " + scan.width()
                + ")";
    }

    @Override
    public PtychoResult run(ReconstructionListener listener, Cancellation cancel) {
        lock.lock();
        try {
            if (ran) {
                throw new IllegalStateException("A reconstructor runs once; create another for " + describe(scan));
            }
            ran = true;
        } finally {
            lock.unlock();
        }
        ObjectFrame frame = ObjectFrame.of(scan, ObjectFrame.marginFor(options));
        PtychoKernels.Problem problem = new PtychoKernels.Problem(scan.count(), scan.height(), scan.width(),
                options.probeModes(), frame.height(), frame.width(), scan.intensities(), scan.mask());
        boolean stopped = false;
        try (PtychoKernels kernels = factory.create(device, problem)) {
            lock.lock();
            try {
                context = new ReconstructionContext(scan, options, kernels, frame, ProbeInitialiser.initial(scan,
                        options));
            } finally {
                lock.unlock();
            }
            PositionRefiner refiner = new PositionRefiner(scan.count());
            outer:
            for (int s = 0; s < plan.size(); s++) {
                EngineStep step = plan.get(s);
                IterativeEngine engine = engine(step, options.seed() + 7919L * s);
                lock.lock();
                try {
                    engine.begin(context);
                } finally {
                    lock.unlock();
                }
                try {
                    for (int it = 1; it <= step.iterations(); it++) {
                        if (!awaitResume(cancel)) {
                            stopped = true;
                            break outer;
                        }
                        IterationReport report;
                        lock.lock();
                        try {
                            long t0 = System.nanoTime();
                            double[] err = engine.iterate(context, it);
                            iteration++;
                            if (options.positionRefinementFrom() > 0 && iteration >= options.positionRefinementFrom()) {
                                refiner.refine(context);
                            }
                            report = new IterationReport(iteration, step.kind(), err[0], err[1],
                                    (System.nanoTime() - t0) / 1e6);
                            history.add(report);
                        } finally {
                            lock.unlock();
                        }
                        listener.iterationDone(report);
                        if (step.stopBelowError() > 0 && report.fourierError() < step.stopBelowError()) {
                            break;
                        }
                    }
                } finally {
                    lock.lock();
                    try {
                        engine.end(context);
                    } finally {
                        lock.unlock();
                    }
                }
            }
            PtychoState state = snapshot();
            lock.lock();
            try {
                finalState = state;
                context = null;
            } finally {
                lock.unlock();
            }
            return new PtychoResult(scan, plan, options, device, state, scan.objectPixelSize(), stopped);
        }
    }

    private static IterativeEngine engine(EngineStep step, long seed) {
        switch (step.kind()) {
            case EPIE:
                return new PieEngine(false, step, seed);
            case RPIE:
                return new PieEngine(true, step, seed);
            case DM:
                return new DifferenceMapEngine(step);
            case ML:
                return new MaximumLikelihoodEngine(step);
            default:
                throw new IllegalArgumentException("No engine for " + step.kind());
        }
    }

    /** Waits while paused; false when cancelled. */
    private boolean awaitResume(Cancellation cancel) {
        if (cancel.isCancelled()) {
            return false;
        }
        if (!paused) {
            return true;
        }
        lock.lock();
        try {
            while (paused && !cancel.isCancelled()) {
                try {
                    resumed.awaitNanos(100_000_000L);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        } finally {
            lock.unlock();
        }
        return !cancel.isCancelled();
    }

    @Override
    public void pause() {
        paused = true;
    }

    @Override
    public void resume() {
        lock.lock();
        try {
            paused = false;
            resumed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isPaused() {
        return paused;
    }

    @Override
    public PtychoState snapshot() {
        lock.lock();
        try {
            if (context == null && finalState != null) {
                return finalState;
            }
            if (context == null) {
                throw new IllegalStateException("The reconstruction of " + describe(scan)
                        + " has not started or has finished; its result holds the final state");
            }
            ComplexField object = context.objectCopy();
            return new PtychoState(iteration, object, context.probeModes(), context.posY.clone(),
                    context.posX.clone(), history);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public ComputeDevice device() {
        return device;
    }
}
