package org.beamlinestudio.opencl;

/** A kernel program failed to compile; {@link #buildLog()} is the compiler's output. */
public final class OpenClBuildException extends OpenClException {

    private static final long serialVersionUID = 1L;

    private final String buildLog;

    public OpenClBuildException(String programName, String deviceName, String buildLog, Throwable cause) {
        super("building OpenCL program '" + programName + "' for device '" + deviceName + "' failed:\n" + buildLog, cause);
        this.buildLog = buildLog;
    }

    /** The compiler output for the device, as the driver reported it. */
    public String buildLog() {
        return buildLog;
    }
}
