package org.beamlinestudio.core.exec;

/**
 * How a local run uses this machine.
 *
 * @param compute    device preference: "auto", "java" or a device id
 * @param chunkBytes memory budget for one chunk in flight through the stages; up to five arrays of
 *                   about this size are alive at once (the read-ahead, the chunk, and each stage's
 *                   fresh output while the next stage runs), beside the dataset cache (1/4 of the heap)
 */
public record ExecutionSettings(String compute, long chunkBytes) {

    public ExecutionSettings {
        if (chunkBytes < 1 << 16) {
            throw new IllegalArgumentException("chunk budget too small: " + chunkBytes + " bytes");
        }
    }

    /**
     * Automatic device; chunks of 1/32 of the heap, at most 256 MiB: five of them plus the dataset
     * cache stay well inside the heap (measured: an 8 GiB scan reconstructs in 512 MiB).
     */
    public static ExecutionSettings defaults() {
        long heap = Runtime.getRuntime().maxMemory();
        return new ExecutionSettings("auto", Math.max(1 << 20, Math.min(256L << 20, heap / 32)));
    }

    public ExecutionSettings withCompute(String preference) {
        return new ExecutionSettings(preference, chunkBytes);
    }

    public ExecutionSettings withChunkBytes(long bytes) {
        return new ExecutionSettings(compute, bytes);
    }
}
