package org.beamlinestudio.core.exec;

import java.util.List;

/** A pipeline failed validation; one message per problem. */
public class PipelineInvalidException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public PipelineInvalidException(List<String> problems) {
        super("the pipeline is not valid:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
