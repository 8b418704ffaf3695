package org.beamlinestudio.opencl;

import org.beamlinestudio.core.compute.ComputeDevice;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * One OpenCL device as discovery found it: what {@code studio devices} shows, plus the handles and
 * limits needed to open a context on it.
 *
 * @param info           the device as the rest of the application sees it (id {@code opencl:<p>:<d>})
 * @param deviceName     the driver's device name, without decoration
 * @param platformName   the driver's platform name
 * @param pocl           whether the platform is PoCL (Portable Computing Language)
 * @param maxAllocBytes  {@code CL_DEVICE_MAX_MEM_ALLOC_SIZE}: the largest single buffer
 * @param platform       the OpenCL platform handle (null only in tests of the choice logic)
 * @param device         the OpenCL device handle (null only in tests of the choice logic)
 */
public record OpenClDevice(ComputeDevice info, String deviceName, String platformName, boolean pocl,
                           long maxAllocBytes, cl_platform_id platform, cl_device_id device) {

    /** The stable id, e.g. {@code opencl:0:1}. */
    public String id() {
        return info.id();
    }

    /** {@code CL_DEVICE_GLOBAL_MEM_SIZE}. */
    public long globalMemoryBytes() {
        return info.globalMemoryBytes();
    }

    /** How a user would recognise it: "'NVIDIA A100' on platform 'NVIDIA CUDA'" or "'pthread-…' (PoCL)". */
    public String describe() {
        return pocl ? "'" + deviceName + "' (PoCL)" : "'" + deviceName + "' on platform '" + platformName + "'";
    }
}
