package org.beamlinestudio.opencl;

/** An OpenCL operation failed; the message says which device and what was attempted. */
public class OpenClException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public OpenClException(String message) {
        super(message);
    }

    public OpenClException(String message, Throwable cause) {
        super(message, cause);
    }
}
