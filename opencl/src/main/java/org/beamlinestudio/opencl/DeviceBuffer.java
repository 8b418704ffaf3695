package org.beamlinestudio.opencl;

import static org.jocl.CL.clReleaseMemObject;

import java.util.concurrent.atomic.AtomicBoolean;
import org.jocl.cl_mem;

/**
 * A buffer in device memory, owned by the {@link OpenClContext} that allocated it. Closing it
 * releases the memory now; the context releases whatever is still open when it closes.
 */
public final class DeviceBuffer implements AutoCloseable {

    private final OpenClContext owner;
    private final cl_mem mem;
    private final long bytes;
    private final AtomicBoolean released = new AtomicBoolean();

    DeviceBuffer(OpenClContext owner, cl_mem mem, long bytes) {
        this.owner = owner;
        this.mem = mem;
        this.bytes = bytes;
    }

    /** The OpenCL handle, for kernel arguments and raw CL calls. */
    public cl_mem mem() {
        if (released.get()) {
            throw new IllegalStateException("device buffer of " + bytes + " bytes already released");
        }
        return mem;
    }

    /** Size in bytes. */
    public long bytes() {
        return bytes;
    }

    /** Size in floats. */
    public long floats() {
        return bytes / Float.BYTES;
    }

    /** Releases the device memory; later calls do nothing. */
    @Override
    public void close() {
        if (released.compareAndSet(false, true)) {
            owner.forget(this);
            clReleaseMemObject(mem);
        }
    }

    boolean isReleased() {
        return released.get();
    }
}
