package org.beamlinestudio.opencl;

import static org.jocl.CL.clReleaseKernel;
import static org.jocl.CL.clSetKernelArg;

import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_kernel;

/**
 * One kernel object with its arguments. Not thread-safe ({@code clSetKernelArg} on a shared kernel
 * races): create one per thread from the cached program, which is cheap.
 */
public final class OpenClKernel implements AutoCloseable {

    private final cl_kernel kernel;
    private final String name;
    private boolean released;

    OpenClKernel(cl_kernel kernel, String name) {
        this.kernel = kernel;
        this.name = name;
    }

    /** The kernel function's name. */
    public String name() {
        return name;
    }

    /** The OpenCL handle. */
    public cl_kernel handle() {
        return kernel;
    }

    /** Sets a {@code __global} buffer argument. */
    public OpenClKernel arg(int index, DeviceBuffer buffer) {
        clSetKernelArg(kernel, index, Sizeof.cl_mem, Pointer.to(buffer.mem()));
        return this;
    }

    /** Sets an {@code int} or {@code uint} argument. */
    public OpenClKernel arg(int index, int value) {
        clSetKernelArg(kernel, index, Sizeof.cl_int, Pointer.to(new int[] {value}));
        return this;
    }

    /** Sets a {@code long} or {@code ulong} argument. */
    public OpenClKernel arg(int index, long value) {
        clSetKernelArg(kernel, index, Sizeof.cl_long, Pointer.to(new long[] {value}));
        return this;
    }

    /** Sets a {@code float} argument. */
    public OpenClKernel arg(int index, float value) {
        clSetKernelArg(kernel, index, Sizeof.cl_float, Pointer.to(new float[] {value}));
        return this;
    }

    @Override
    public void close() {
        if (!released) {
            released = true;
            clReleaseKernel(kernel);
        }
    }
}
