package org.beamlinestudio.ptychography.bench;

import java.util.ArrayList;
import java.util.List;
import org.beamlinestudio.core.JvmFacts;
import org.beamlinestudio.core.compute.ComputeDevice;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.ptychography.data.PtychoScan;
import org.beamlinestudio.ptychography.recon.EngineKind;
import org.beamlinestudio.ptychography.recon.EngineStep;
import org.beamlinestudio.ptychography.recon.IterationReport;
import org.beamlinestudio.ptychography.recon.ProbeInit;
import org.beamlinestudio.ptychography.recon.PtychoReconstructor;
import org.beamlinestudio.ptychography.recon.PtychoResult;
import org.beamlinestudio.ptychography.recon.ReconstructionOptions;

/**
 * Times one engine on one scan and device: {@code warmup} iterations to let the JIT (or the OpenCL build) settle,
 * then {@code iterations} timed ones, through {@link PtychoReconstructor#create} like every caller, so an OpenCL
 * device gets its kernels when they are installed.
 */
public final class PtychoBench {

    /** ptypy on a 2-core machine (the shared bench README): DM and ePIE at 161 × 128², DM at 516 × 128². */
    public static double ptypyItersPerSecond(EngineKind engine, int positions) {
        if (positions == 161 && engine == EngineKind.DM) {
            return 6.2;
        }
        if (positions == 161 && engine == EngineKind.EPIE) {
            return 4.5;
        }
        if (positions == 516 && engine == EngineKind.DM) {
            return 1.85;
        }
        return Double.NaN;
    }

    /**
     * One measurement.
     *
     * @param itersPerSecond timed iterations over their summed wall time
     * @param cpuSeconds process CPU time over the timed iterations (a busy machine shows as wall ≫ CPU / cores)
     * @param wallSeconds their wall time
     * @param firstError Fourier error of the first timed iteration
     * @param lastError of the last
     */
    public record Measurement(double itersPerSecond, double cpuSeconds, double wallSeconds, double firstError,
            double lastError) {
    }

    private PtychoBench() {
    }

    /** Runs {@code warmup + iterations} of {@code engine} from an aperture probe and times the last ones. */
    public static Measurement time(PtychoScan scan, EngineKind engine, ComputeDevice device, int warmup,
            int iterations) {
        ReconstructionOptions options = ReconstructionOptions.defaults().withProbeInit(ProbeInit.FROM_FILE, 0, 0);
        List<IterationReport> reports = new ArrayList<>();
        long[] cpuAtWarm = new long[1];
        long[] wallAtWarm = new long[1];
        PtychoReconstructor r = PtychoReconstructor.create(scan, List.of(EngineStep.of(engine, warmup + iterations)),
                options, device);
        long wall0 = System.nanoTime();
        long cpu0 = JvmFacts.processCpuNanos();
        cpuAtWarm[0] = cpu0;
        wallAtWarm[0] = wall0;
        PtychoResult res = r.run(rep -> {
            reports.add(rep);
            if (rep.iteration() == warmup) {
                cpuAtWarm[0] = JvmFacts.processCpuNanos();
                wallAtWarm[0] = System.nanoTime();
            }
        }, new Cancellation());
        long wall1 = System.nanoTime();
        long cpu1 = JvmFacts.processCpuNanos();
        double wall = (wall1 - wallAtWarm[0]) / 1e9;
        if (res.state().iteration() != warmup + iterations) {
            throw new IllegalStateException("The run stopped after " + res.state().iteration() + " iterations");
        }
        return new Measurement(iterations / wall, (cpu1 - cpuAtWarm[0]) / 1e9, wall,
                reports.get(warmup).fourierError(), reports.get(reports.size() - 1).fourierError());
    }

}
