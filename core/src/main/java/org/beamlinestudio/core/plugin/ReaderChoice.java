package org.beamlinestudio.core.plugin;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The readers' verdict on a file: a single winner, a tie (reported, never guessed), or nobody.
 *
 * @param winner     the most confident reader when exactly one is most confident
 * @param tied       the readers sharing the top confidence when more than one does; empty otherwise
 * @param candidates every reader's answer, most confident first
 */
public record ReaderChoice(Path file, Optional<DatasetReader> winner, List<Candidate> tied, List<Candidate> candidates) {

    /** One reader's answer. */
    public record Candidate(DatasetReader reader, ProbeResult result) {
    }

    public boolean isTie() {
        return !tied.isEmpty();
    }

    /** A sentence for the user when there is no single winner. */
    public String explain() {
        if (winner.isPresent()) {
            return file + ": read as " + winner.get().displayName();
        }
        if (isTie()) {
            return file + ": several readers are equally sure ("
                    + tied.stream().map(c -> c.reader().displayName() + ": " + c.result().reason())
                    .collect(Collectors.joining("; ")) + "); choose one";
        }
        return file + ": no technique reader recognises this layout"
                + (candidates.isEmpty() ? " (no technique plugins are loaded)" : "");
    }
}
