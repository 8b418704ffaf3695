package org.beamlinestudio.tomography.ui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.beamlinestudio.core.pipeline.Pipeline;
import org.beamlinestudio.core.pipeline.PipelineJson;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.tomography.TomographyPlugin;
import org.beamlinestudio.tomography.stages.FbpStageFactory;
import org.beamlinestudio.tomography.stages.MinusLogStageFactory;
import org.beamlinestudio.tomography.stages.ReconstructionStages;
import org.beamlinestudio.viewer.perspective.PerspectiveContext;

/**
 * What the tomography perspective's steps share for one opened scan: the source, the pipeline being tuned (its
 * last stage reconstructs), the detector row the previews use, the center of rotation and the latest
 * reconstruction. Properties are read and written on the FX thread only; the center and the reconstruction
 * stage's {@code centerOfRotation} parameter are kept equal both ways.
 */
public final class TomographySession {

    private final OpenedSource source;
    private final PerspectiveContext context;
    private final ObjectProperty<Pipeline> pipeline = new SimpleObjectProperty<>(this, "pipeline");
    private final IntegerProperty previewRow = new SimpleIntegerProperty(this, "previewRow");
    private final DoubleProperty center = new SimpleDoubleProperty(this, "center", Double.NaN);
    private final ObjectProperty<Path> result = new SimpleObjectProperty<>(this, "result");
    private boolean syncing;

    /** A session on {@code source} starting from {@code initial} (see {@link #perspectivePipeline}). FX thread. */
    public TomographySession(OpenedSource source, PerspectiveContext context, Pipeline initial) {
        this.source = source;
        this.context = context;
        long[] shape = source.primary().shape();
        previewRow.set(shape.length == 3 ? (int) (shape[1] / 2) : 0);
        pipeline.set(initial);
        center.set(centerIn(initial));
        pipeline.addListener((obs, o, n) -> {
            if (!syncing && n != null) {
                double c = centerIn(n);
                if (!Double.isNaN(c) && c != center.get()) {
                    syncing = true;
                    try {
                        center.set(c);
                    } finally {
                        syncing = false;
                    }
                }
            }
        });
        center.addListener((obs, o, n) -> {
            if (!syncing && pipeline.get() != null && !Double.isNaN(n.doubleValue())) {
                syncing = true;
                try {
                    pipeline.set(withCenter(pipeline.get(), n.doubleValue()));
                } finally {
                    syncing = false;
                }
            }
        });
    }

    /**
     * The pipeline the perspective starts from: the plugin's default for this source (normalise, −log) followed
     * by filtered back-projection with the center left open until it is estimated.
     */
    public static Pipeline perspectivePipeline(TomographyPlugin plugin, OpenedSource source) {
        Pipeline base = plugin.defaultPipeline(source).orElseGet(() -> new Pipeline(PipelineJson.FORMAT_VERSION,
                TomographyPlugin.ID, new Pipeline.PipelineInput(source.file().toAbsolutePath().toString(),
                        source.readerId(), source.primary().path(), -1, ""),
                List.of(new Pipeline.StageSpec(MinusLogStageFactory.ID, true, Map.of())), null, null));
        List<Pipeline.StageSpec> stages = new ArrayList<>(base.stages());
        stages.add(new Pipeline.StageSpec(FbpStageFactory.ID, true, Map.of()));
        return base.withStages(stages);
    }

    /** The scan as its reader opened it (thread-safe, lazy). */
    public OpenedSource source() {
        return source;
    }

    /** The shell's services. */
    public PerspectiveContext context() {
        return context;
    }

    /** The pipeline being tuned; its last enabled reconstruction stage carries the center. */
    public ObjectProperty<Pipeline> pipelineProperty() {
        return pipeline;
    }

    /** Detector row (0-based) the sinogram, before/after and center previews show. */
    public IntegerProperty previewRowProperty() {
        return previewRow;
    }

    /** Center of rotation in detector pixels (full resolution); NaN until estimated or chosen. */
    public DoubleProperty centerProperty() {
        return center;
    }

    /** The latest finished reconstruction (a TIFF folder or an HDF5 file), null before the first. */
    public ObjectProperty<Path> resultProperty() {
        return result;
    }

    /** Number of detector rows of the scan. */
    public int rows() {
        long[] shape = source.primary().shape();
        return shape.length == 3 ? (int) shape[1] : 1;
    }

    /** Number of detector columns of the scan. */
    public int columns() {
        long[] shape = source.primary().shape();
        return (int) shape[shape.length - 1];
    }

    /** Index of the last enabled reconstruction stage of {@code p}, or −1. */
    public static int reconstructionStageIndex(Pipeline p) {
        return ReconstructionStages.lastEnabledIndex(p);
    }

    /** The center set in {@code p}'s reconstruction stage, NaN when none is set. */
    public static double centerIn(Pipeline p) {
        int i = reconstructionStageIndex(p);
        if (i < 0) {
            return Double.NaN;
        }
        Object c = p.stages().get(i).params().get(FbpStageFactory.CENTER);
        return c instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** {@code p} with {@code center} in its reconstruction stage (unchanged when it has none). */
    public static Pipeline withCenter(Pipeline p, double center) {
        int i = reconstructionStageIndex(p);
        if (i < 0) {
            return p;
        }
        List<Pipeline.StageSpec> stages = new ArrayList<>(p.stages());
        Pipeline.StageSpec s = stages.get(i);
        Map<String, Object> params = new LinkedHashMap<>(s.params());
        params.put(FbpStageFactory.CENTER, center);
        stages.set(i, new Pipeline.StageSpec(s.stage(), s.enabled(), params));
        return p.withStages(stages);
    }
}
