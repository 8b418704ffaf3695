package org.beamlinestudio.core.exec;

import java.io.IOException;
import java.nio.file.Path;
import org.beamlinestudio.core.pipeline.Pipeline;

/** Makes the sink an output spec asks for. */
public final class OutputSinks {

    private OutputSinks() {
    }

    /** Opens a sink for a result of {@code fullShape} streamed along {@code streamAxis}. */
    public static OutputSink open(Pipeline.OutputSpec spec, long[] fullShape, int streamAxis) throws IOException {
        switch (spec.format()) {
            case "tiff":
                return new TiffStackSink(Path.of(spec.path()), fullShape, streamAxis);
            case "hdf5":
                return new Hdf5Sink(Path.of(spec.path()), fullShape, streamAxis);
            default:
                throw new IOException("output format '" + spec.format() + "' is not supported by this build");
        }
    }
}
