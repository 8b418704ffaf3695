package org.beamlinestudio.core.pipeline;

import java.util.List;

/**
 * The result of validating a pipeline: problems stop it from running; warnings are shown and the
 * user may go on (e.g. the input file changed since the pipeline was saved).
 */
public record ValidationReport(List<String> problems, List<String> warnings) {

    public ValidationReport {
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
    }

    public boolean isValid() {
        return problems.isEmpty();
    }
}
