package org.beamlinestudio.core.exec;

/**
 * How a local run uses this machine.
 *
 * @param compute    device preference: "auto", "java" or a device id
 * @param chunkBytes memory budget for one chunk in flight through the stages; the runner keeps at
 *                   most about three chunk-sized arrays alive (read-ahead, input, output)
 */
public record ExecutionSettings(String compute, long chunkBytes) {

    public ExecutionSettings {
        if (chunkBytes < 1 << 16) {
            throw new IllegalArgumentException("chunk budget too small: " + chunkBytes + " bytes");
        }
    }

    /** Automatic device; chunks of 1/16 of the heap, at most 256 MiB. */
    public static ExecutionSettings defaults() {
        long heap = Runtime.getRuntime().maxMemory();
        return new ExecutionSettings("auto", Math.max(1 << 20, Math.min(256L << 20, heap / 16)));
    }

    public ExecutionSettings withCompute(String preference) {
        return new ExecutionSettings(preference, chunkBytes);
    }

    public ExecutionSettings withChunkBytes(long bytes) {
        return new ExecutionSettings(compute, bytes);
    }
}
