package org.beamlinestudio.core.pipeline;

import java.util.List;
import java.util.Map;

/**
 * A saved, re-runnable pipeline: where the data comes from, the ordered stages with their
 * parameters, where the result goes, and which software made it. Written as versioned JSON by
 * {@link PipelineJson}; embedded in every output as provenance.
 *
 * @param formatVersion {@link PipelineJson#FORMAT_VERSION} when written by this build
 * @param technique     id of the technique plugin, e.g. {@code tomography}
 * @param input         the input file and how to read it
 * @param stages        the stages in order (disabled ones are kept, and skipped)
 * @param output        where and how to write the result
 * @param software      versions of the software that wrote this pipeline (filled in on save)
 */
public record Pipeline(int formatVersion, String technique, PipelineInput input, List<StageSpec> stages,
                       OutputSpec output, SoftwareInfo software) {

    public Pipeline {
        stages = List.copyOf(stages);
    }

    /** One stage as saved: which factory, whether it runs, its parameter values. */
    public record StageSpec(String stage, boolean enabled, Map<String, Object> params) {
        public StageSpec {
            params = params == null ? Map.of() : Map.copyOf(params);
        }
    }

    /**
     * The input: enough to find the file again and to notice that it changed.
     *
     * @param path           absolute or relative to the pipeline file
     * @param reader         reader id; empty to choose by probing
     * @param dataset        path of the primary dataset in the file, informative
     * @param sizeBytes      file size when the pipeline was made, -1 if unknown
     * @param sha256First1MiB checksum of the first MiB, empty if unknown
     * @param options        reader options (see {@code DatasetReader.options()}), e.g. a flats file
     */
    public record PipelineInput(String path, String reader, String dataset, long sizeBytes, String sha256First1MiB,
                                Map<String, Object> options) {
        public PipelineInput {
            options = options == null ? Map.of() : Map.copyOf(options);
        }

        /** An input read with the reader's default options. */
        public PipelineInput(String path, String reader, String dataset, long sizeBytes, String sha256First1MiB) {
            this(path, reader, dataset, sizeBytes, sha256First1MiB, Map.of());
        }
    }

    /**
     * The output.
     *
     * @param path   a folder for {@code tiff} (one float32 TIFF per slice + pipeline.json), a file for
     *               {@code hdf5}
     * @param format {@code tiff} or {@code hdf5}
     */
    public record OutputSpec(String path, String format) {
    }

    /** Software versions: the studio and each plugin, the JVM and the OS. */
    public record SoftwareInfo(String studio, Map<String, String> plugins, String java, String os) {
        public SoftwareInfo {
            plugins = plugins == null ? Map.of() : Map.copyOf(plugins);
        }
    }

    /** The same pipeline with another output. */
    public Pipeline withOutput(OutputSpec newOutput) {
        return new Pipeline(formatVersion, technique, input, stages, newOutput, software);
    }

    /** The same pipeline with other stages. */
    public Pipeline withStages(List<StageSpec> newStages) {
        return new Pipeline(formatVersion, technique, input, newStages, output, software);
    }
}
