package org.beamlinestudio.tomography.stages;

import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Chunk;
import org.beamlinestudio.core.stage.DataKind;
import org.beamlinestudio.core.stage.ParamSpec;
import org.beamlinestudio.core.stage.ParamValues;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.core.stage.Stage;
import org.beamlinestudio.core.stage.StageEnvironment;
import org.beamlinestudio.core.stage.StageFactory;

/**
 * {@code −ln(transmission)}: turns normalised projections into line integrals of attenuation.
 * Values at or below the floor (dead pixels, noise below zero) are clipped to it, and NaN becomes
 * the floor too, so one bad pixel cannot spread Inf or NaN through a reconstruction.
 */
public final class MinusLogStageFactory implements StageFactory {

    /** Stage id in pipelines. */
    public static final String ID = "tomography.minuslog";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "−log";
    }

    @Override
    public String description() {
        return "Line integrals from transmission: −ln(value), with values at or below the floor clipped "
                + "to it and NaN/Inf repaired.";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(ParamSpec.ofDouble("floor", "Floor", 1e-6, 1e-12, 1.0, "",
                "Smallest transmission kept; lower values (and NaN) are clipped to it before the logarithm."));
    }

    @Override
    public Set<DataKind> inputKinds() {
        return Set.of(DataKind.PROJECTIONS, DataKind.SINOGRAMS);
    }

    @Override
    public Stage create(ParamValues params, StageEnvironment environment) {
        float floor = (float) params.getDouble("floor");
        return (Chunk input, Progress progress, Cancellation cancel) -> {
            float[] in = input.block().data();
            float[] out = new float[in.length];
            float ceiling = -(float) Math.log(floor);
            IntStream.range(0, (in.length + 65535) >> 16).parallel().forEach(block -> {
                int end = Math.min(in.length, (block + 1) << 16);
                for (int i = block << 16; i < end; i++) {
                    float v = in[i];
                    // NaN fails every comparison: route it to the floor explicitly.
                    out[i] = (v > floor) ? (v == Float.POSITIVE_INFINITY ? 0f : -(float) Math.log(v)) : ceiling;
                }
            });
            progress.update(1, "−log");
            return input.withData(out);
        };
    }
}
