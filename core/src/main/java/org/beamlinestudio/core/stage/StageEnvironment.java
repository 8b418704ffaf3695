package org.beamlinestudio.core.stage;

/**
 * What a stage factory may know about where its stage will run.
 *
 * @param compute which compute device to use: {@code "auto"} (GPU, else CPU OpenCL, else Java),
 *                {@code "java"}, or a device id as {@code studio devices} lists it
 */
public record StageEnvironment(String compute) {

    /** Automatic device choice. */
    public static StageEnvironment auto() {
        return new StageEnvironment("auto");
    }
}
