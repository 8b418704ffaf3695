package org.beamlinestudio.core.cli;

import org.beamlinestudio.core.exec.ExecutionSettings;
import picocli.CommandLine.Option;

/** The options of every command that runs a pipeline here: which device, how much memory per chunk. */
final class ExecutionOptions {

    @Option(names = "--device", paramLabel = "ID", defaultValue = "auto",
            description = "auto, java, or a device id from `studio devices`. Default: ${DEFAULT-VALUE}")
    String device;

    @Option(names = "--chunk-mb", paramLabel = "MB",
            description = "memory for one chunk in flight (default: 1/32 of the heap, at most 256)")
    Integer chunkMb;

    /** The settings these options describe. */
    ExecutionSettings settings() {
        ExecutionSettings s = ExecutionSettings.defaults().withCompute(device);
        return chunkMb == null ? s : s.withChunkBytes(chunkMb * (1L << 20));
    }
}
