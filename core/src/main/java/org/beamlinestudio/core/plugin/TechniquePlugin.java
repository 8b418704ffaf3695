package org.beamlinestudio.core.plugin;

import java.util.List;
import java.util.Optional;
import org.beamlinestudio.core.pipeline.Pipeline;
import org.beamlinestudio.core.stage.StageFactory;

/**
 * A technique (tomography, XPCS, ptychography...): its readers, its stages, and the pipeline it
 * proposes for a file it recognises. Found through {@link java.util.ServiceLoader}; a plugin jar
 * lists its class in {@code META-INF/services/org.beamlinestudio.core.plugin.TechniquePlugin}.
 */
public interface TechniquePlugin {

    /** Stable id, lower case, e.g. {@code tomography}. Used in pipeline JSON. */
    String id();

    /** Name shown to people, e.g. "Tomography". */
    String displayName();

    /** The plugin's version, recorded in every output's provenance. */
    String version();

    /** Readers this technique contributes. */
    List<DatasetReader> readers();

    /** Stages this technique contributes. */
    List<org.beamlinestudio.core.stage.StageFactory> stageFactories();

    /**
     * The pipeline this technique proposes for a source one of its readers opened, or empty when it
     * has none. The pipeline's input block is filled in; its output is left for the caller.
     */
    default Optional<Pipeline> defaultPipeline(OpenedSource source) {
        return Optional.empty();
    }

    /**
     * File name of this technique's demo dataset (e.g. {@code tomography-demo.h5}), or empty when
     * it has none.
     */
    default Optional<String> demoDatasetFileName() {
        return Optional.empty();
    }

    /**
     * Writes this technique's demo dataset: synthetic data with known answers, made by the plugin's
     * own code, readable by one of its readers. Only called when {@link #demoDatasetFileName()} is
     * present.
     */
    default void writeDemoDataset(java.nio.file.Path file) throws java.io.IOException {
        throw new UnsupportedOperationException(id() + " has no demo dataset");
    }

    /** Looks up one of this plugin's stage factories by id. */
    default Optional<StageFactory> stageFactory(String stageId) {
        return stageFactories().stream().filter(f -> f.id().equals(stageId)).findFirst();
    }
}
