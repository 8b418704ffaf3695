package org.beamlinestudio.core.compute;

/**
 * A device stages can compute on, as {@code studio devices} and the settings list it.
 *
 * @param id            stable id used in settings and {@code StageEnvironment.compute}, e.g.
 *                      {@code opencl:0:1} (platform 0, device 1) or {@code java}
 * @param name          e.g. "NVIDIA A100", "pthread-AMD EPYC 7B13 (PoCL)", "Plain Java (2 threads)"
 * @param type          GPU, CPU (OpenCL on the CPU) or JAVA (no OpenCL)
 * @param platform      OpenCL platform name, empty for Java
 * @param computeUnits  compute units (or Java threads)
 * @param globalMemoryBytes device memory, or the JVM's max heap for Java
 * @param openclVersion e.g. "OpenCL C 1.2", empty for Java
 */
public record ComputeDevice(String id, String name, Type type, String platform, int computeUnits,
                            long globalMemoryBytes, String openclVersion) {

    /** Device families, in order of preference for the automatic choice. */
    public enum Type { GPU, CPU, JAVA }
}
