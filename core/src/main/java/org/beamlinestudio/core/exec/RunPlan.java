package org.beamlinestudio.core.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.beamlinestudio.core.stage.DataKind;
import org.beamlinestudio.core.stage.ParamValues;
import org.beamlinestudio.core.stage.StageFactory;

/**
 * How a pipeline's stages are grouped for streaming: consecutive stages that can share one stream
 * axis form a segment; where a stage needs its input streamed along another axis than the data
 * arrives on, a new segment starts and the data between them goes through a temporary file. The
 * first segment reads the (lazy) source along whatever axis it needs, with no temporary file.
 */
final class RunPlan {

    /** One configured stage with what the plan derived about it. */
    record PlannedStage(StageFactory factory, ParamValues params) {
    }

    /**
     * A run of stages streamed along one axis of their input.
     *
     * @param readAxis   the axis the segment's input is read along
     * @param inputShape shape of the segment's input array
     * @param inputKind  kind of the segment's input
     * @param stages     the stages, in order
     * @param alignment  chunks along the read axis are multiples of this (all stages' alignments)
     * @param outputAxis the axis the segment's output arrives along
     * @param outputShape shape of the segment's output array
     * @param outputKind kind of the segment's output
     */
    record Segment(int readAxis, long[] inputShape, DataKind inputKind, List<PlannedStage> stages, int alignment,
                   int outputAxis, long[] outputShape, DataKind outputKind) {
    }

    private RunPlan() {
    }

    /** Groups the enabled stages into segments, starting from the source's shape, kind and axis. */
    static List<Segment> of(long[] sourceShape, DataKind sourceKind, int sourceAxis, List<PlannedStage> stages) {
        List<Segment> segments = new ArrayList<>();
        long[] shape = sourceShape.clone();
        DataKind kind = sourceKind;
        int axis = sourceAxis;
        // The first segment may read the source along any axis: take the first stage's wish.
        if (!stages.isEmpty()) {
            OptionalInt wanted = stages.get(0).factory().streamAxis(kind);
            if (wanted.isPresent()) {
                axis = wanted.getAsInt();
            }
        }
        int readAxis = axis;
        long[] segShape = shape.clone();
        DataKind segKind = kind;
        List<PlannedStage> current = new ArrayList<>();
        int alignment = 1;
        for (PlannedStage st : stages) {
            OptionalInt wanted = st.factory().streamAxis(kind);
            if (wanted.isPresent() && wanted.getAsInt() != axis) {
                segments.add(new Segment(readAxis, segShape, segKind, List.copyOf(current), alignment, axis,
                        shape.clone(), kind));
                current = new ArrayList<>();
                alignment = 1;
                axis = wanted.getAsInt();
                readAxis = axis;
                segShape = shape.clone();
                segKind = kind;
            }
            current.add(st);
            alignment = lcm(alignment, Math.max(1, st.factory().streamAlignment(st.params())));
            shape = st.factory().outputShape(shape, st.params());
            axis = st.factory().outputStreamAxis(axis, st.params());
            kind = st.factory().outputKind(kind);
        }
        segments.add(new Segment(readAxis, segShape, segKind, List.copyOf(current), alignment, axis, shape, kind));
        return segments;
    }

    static int lcm(int a, int b) {
        return a / gcd(a, b) * b;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
