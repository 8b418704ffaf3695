package org.beamlinestudio.opencl;

import org.jocl.CL;

/**
 * The one place that first touches {@code org.jocl.CL}: loading JOCL's natives (and through them
 * {@code libOpenCL}) may throw {@link LinkageError}, which only discovery is prepared to catch.
 */
final class OpenClRuntime {

    private OpenClRuntime() {
    }

    /**
     * Loads the natives and makes every failing CL call throw {@link org.jocl.CLException}, so no
     * status code can be ignored by accident.
     *
     * @throws LinkageError when JOCL's native library or the system's OpenCL library cannot be loaded
     */
    static void load() {
        Holder.touch();
    }

    private static final class Holder {
        static {
            CL.setExceptionsEnabled(true);
        }

        static void touch() {
            // class initialisation above does the work, once
        }
    }

    /** The name of the OpenCL ICD loader library on this operating system. */
    static String libraryName() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        if (os.contains("win")) {
            return "OpenCL.dll";
        }
        if (os.contains("mac")) {
            return "the OpenCL framework";
        }
        return "libOpenCL.so.1";
    }
}
