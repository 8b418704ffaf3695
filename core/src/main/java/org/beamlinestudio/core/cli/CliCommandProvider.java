package org.beamlinestudio.core.cli;

import java.util.List;

/**
 * Lets a plugin add commands to {@code studio} (e.g. {@code studio reconstruct}). Found through
 * {@link java.util.ServiceLoader}; each command is a picocli {@code @Command}-annotated object. A
 * provider that fails is reported on stderr and skipped; the other commands keep working.
 */
public interface CliCommandProvider {

    /** Fresh command objects (picocli keeps option state in them). */
    List<Object> commands();

    /** Fresh benchmark commands, run as {@code studio bench NAME} (e.g. {@code studio bench tomography}). */
    default List<Object> benchCommands() {
        return List.of();
    }
}
