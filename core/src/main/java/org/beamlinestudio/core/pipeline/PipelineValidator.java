package org.beamlinestudio.core.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.beamlinestudio.core.plugin.PluginRegistry;
import org.beamlinestudio.core.stage.DataKind;
import org.beamlinestudio.core.stage.ParamValues;
import org.beamlinestudio.core.stage.StageFactory;

/**
 * Checks a pipeline before it runs and says, one message per problem, what is wrong: unknown
 * technique, reader or stage, a bad parameter, a stage that cannot take what the previous one gives,
 * a missing input, an unknown output format.
 */
public final class PipelineValidator {

    /** Output formats the executors can write. */
    public static final Set<String> OUTPUT_FORMATS = Set.of("tiff", "hdf5");

    private final PluginRegistry registry;

    public PipelineValidator(PluginRegistry registry) {
        this.registry = registry;
    }

    /**
     * Validates everything that can be known without opening the input.
     *
     * @param sourceKind the kind of the input's primary array when known (checks the stage chain)
     */
    public ValidationReport validate(Pipeline p, Optional<DataKind> sourceKind) {
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (p.formatVersion() > PipelineJson.FORMAT_VERSION) {
            problems.add("formatVersion " + p.formatVersion() + " is newer than this build reads ("
                    + PipelineJson.FORMAT_VERSION + ")");
        }
        if (p.technique() == null || p.technique().isBlank()) {
            problems.add("technique: missing");
        } else if (registry.plugin(p.technique()).isEmpty()) {
            problems.add("technique '" + p.technique() + "' is not installed; installed: "
                    + registry.loaded().stream().map(l -> l.plugin().id()).toList());
        }
        checkInput(p, problems, warnings);
        checkStages(p, sourceKind, problems);
        checkOutput(p, problems);
        return new ValidationReport(problems, warnings);
    }

    private void checkInput(Pipeline p, List<String> problems, List<String> warnings) {
        Pipeline.PipelineInput in = p.input();
        if (in == null || in.path() == null || in.path().isBlank()) {
            problems.add("input: no file given");
            return;
        }
        Path file = Path.of(in.path());
        if (!Files.isRegularFile(file)) {
            problems.add("input: " + file + " does not exist or is not a file");
            return;
        }
        if (in.reader() != null && !in.reader().isBlank() && registry.reader(in.reader()).isEmpty()) {
            problems.add("input: reader '" + in.reader() + "' is not installed; installed: "
                    + registry.readers().stream().map(r -> r.id()).toList());
        }
        try {
            long size = Files.size(file);
            if (in.sizeBytes() >= 0 && size != in.sizeBytes()) {
                warnings.add("input: " + file + " is " + size + " bytes, but was " + in.sizeBytes()
                        + " bytes when the pipeline was made: it is not the same file");
            } else if (in.sha256First1MiB() != null && !in.sha256First1MiB().isBlank()
                    && !in.sha256First1MiB().equalsIgnoreCase(InputFingerprint.sha256First1MiB(file))) {
                warnings.add("input: the first MiB of " + file + " differs from when the pipeline was made");
            }
        } catch (IOException e) {
            problems.add("input: " + file + " cannot be read (" + e.getMessage() + ")");
        }
    }

    private void checkStages(Pipeline p, Optional<DataKind> sourceKind, List<String> problems) {
        DataKind kind = sourceKind.orElse(null);
        int i = 0;
        for (Pipeline.StageSpec spec : p.stages()) {
            i++;
            String where = "stage " + i + " '" + spec.stage() + "'";
            Optional<StageFactory> factory = spec.stage() == null ? Optional.empty()
                    : registry.stageFactory(spec.stage());
            if (factory.isEmpty()) {
                problems.add(where + ": unknown stage");
                kind = null;
                continue;
            }
            StageFactory f = factory.get();
            where = "stage " + i + " (" + f.displayName() + ")";
            List<String> paramProblems = new ArrayList<>();
            ParamValues.resolve(f.params(), spec.params(), paramProblems);
            for (String pp : paramProblems) {
                problems.add(where + ": " + pp);
            }
            if (!spec.enabled()) {
                continue;
            }
            if (kind != null) {
                if (!f.inputKinds().contains(kind)) {
                    problems.add(where + ": takes " + f.inputKinds() + " but receives " + kind);
                    kind = null;
                } else {
                    kind = f.outputKind(kind);
                }
            }
        }
    }

    private static void checkOutput(Pipeline p, List<String> problems) {
        Pipeline.OutputSpec out = p.output();
        if (out == null || out.path() == null || out.path().isBlank()) {
            problems.add("output: no path given");
            return;
        }
        if (out.format() == null || !OUTPUT_FORMATS.contains(out.format())) {
            problems.add("output: format '" + out.format() + "' is not one of " + OUTPUT_FORMATS);
        }
        Path target = Path.of(out.path());
        if (Files.exists(target) && !"tiff".equals(out.format()) && Files.isDirectory(target)) {
            problems.add("output: " + target + " is a folder; HDF5 output needs a file name");
        }
    }
}
