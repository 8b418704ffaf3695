package org.beamlinestudio.opencl;

import static org.jocl.CL.CL_MEM_COPY_HOST_PTR;
import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.CL_PROFILING_COMMAND_END;
import static org.jocl.CL.CL_PROFILING_COMMAND_START;
import static org.jocl.CL.CL_PROGRAM_BUILD_LOG;
import static org.jocl.CL.CL_QUEUE_PROFILING_ENABLE;
import static org.jocl.CL.CL_TRUE;
import static org.jocl.CL.clBuildProgram;
import static org.jocl.CL.clCreateBuffer;
import static org.jocl.CL.clCreateContext;
import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clCreateProgramWithSource;
import static org.jocl.CL.clEnqueueNDRangeKernel;
import static org.jocl.CL.clEnqueueReadBuffer;
import static org.jocl.CL.clEnqueueWriteBuffer;
import static org.jocl.CL.clFinish;
import static org.jocl.CL.clGetEventProfilingInfo;
import static org.jocl.CL.clGetProgramBuildInfo;
import static org.jocl.CL.clReleaseCommandQueue;
import static org.jocl.CL.clReleaseContext;
import static org.jocl.CL.clReleaseEvent;
import static org.jocl.CL.clReleaseProgram;
import static org.jocl.CL.clWaitForEvents;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_event;
import org.jocl.cl_program;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OpenCL context and one in-order command queue (profiling enabled) on one device, with the
 * programs built for it and the buffers allocated in it.
 *
 * <p>Thread-safety: programs are built under a lock and cached, buffers are tracked in a concurrent
 * set, and OpenCL queues accept commands from several threads, so {@link #program}, {@link #kernel},
 * {@link #allocateFloats}, {@link #write}, {@link #read} and {@link #run} may be called
 * concurrently. {@link OpenClKernel} objects are not thread-safe: one per thread. Commands from
 * different threads interleave on the single queue; use one context per thread if they must not.
 * {@link #close()} must not race with other calls.
 *
 * <p>All transfers and kernel runs here are blocking: simple and correct first; overlap of
 * transfers and compute is a later optimisation.
 */
public final class OpenClContext implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpenClContext.class);

    private final OpenClDevice device;
    private final cl_context context;
    private final cl_command_queue queue;
    private final Map<String, cl_program> programs = new LinkedHashMap<>(); // guarded by itself
    private final Set<DeviceBuffer> buffers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger builds = new AtomicInteger();
    private volatile boolean closed;

    private OpenClContext(OpenClDevice device, cl_context context, cl_command_queue queue) {
        this.device = device;
        this.context = context;
        this.queue = queue;
    }

    /** Opens a context and a profiling queue on {@code device}. */
    @SuppressWarnings("deprecation") // clCreateCommandQueue: the only queue constructor OpenCL 1.x drivers have
    public static OpenClContext open(OpenClDevice device) {
        OpenClRuntime.load();
        cl_context_properties properties = new cl_context_properties();
        properties.addProperty(org.jocl.CL.CL_CONTEXT_PLATFORM, device.platform());
        cl_context context = clCreateContext(properties, 1, new cl_device_id[] {device.device()}, null, null, null);
        try {
            cl_command_queue queue = clCreateCommandQueue(context, device);
            LOG.debug("Opened OpenCL context on {} {}", device.id(), device.describe());
            return new OpenClContext(device, context, queue);
        } catch (RuntimeException e) {
            clReleaseContext(context);
            throw e;
        }
    }

    @SuppressWarnings("deprecation")
    private static cl_command_queue clCreateCommandQueue(cl_context context, OpenClDevice device) {
        return org.jocl.CL.clCreateCommandQueue(context, device.device(), CL_QUEUE_PROFILING_ENABLE, null);
    }

    /**
     * Opens a context on the device with this id, as {@code studio devices} lists it.
     *
     * @throws OpenClException when no usable OpenCL device has that id
     */
    public static OpenClContext open(String deviceId) {
        OpenClDevice device = OpenClDevices.find(deviceId).orElseThrow(() -> new OpenClException(
                "no usable OpenCL device '" + deviceId + "' (" + OpenClDevices.chooseDevice("auto").reason()
                        + "); 'studio devices' lists the devices found"));
        return open(device);
    }

    /** The device this context runs on. */
    public OpenClDevice device() {
        return device;
    }

    /** The OpenCL context handle. */
    public cl_context handle() {
        return context;
    }

    /** The in-order, profiling-enabled command queue. */
    public cl_command_queue queue() {
        return queue;
    }

    /**
     * The program built from the {@code .cl} resource {@code resourceName} next to {@code owner}
     * (resolved like {@link Class#getResource(String)}), built once per context.
     *
     * @throws OpenClException      when the resource is missing or unreadable
     * @throws OpenClBuildException when it does not compile; the message holds the build log
     */
    public cl_program program(Class<?> owner, String resourceName, String options) {
        String source;
        try (InputStream in = owner.getResourceAsStream(resourceName)) {
            if (in == null) {
                throw new OpenClException("kernel source '" + resourceName + "' not found next to "
                        + owner.getName() + " on the classpath");
            }
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new OpenClException("reading kernel source '" + resourceName + "' failed: " + e.getMessage(), e);
        }
        return program(resourceName, source, options);
    }

    /** {@link #program(Class, String, String)} with no build options. */
    public cl_program program(Class<?> owner, String resourceName) {
        return program(owner, resourceName, "");
    }

    /**
     * The program for {@code source} built with {@code options}, cached by a SHA-256 of both: the
     * same source is compiled once per context, whatever name it is given.
     *
     * @param name used in error messages and logs only
     * @throws OpenClBuildException when it does not compile; the message holds the build log
     */
    public cl_program program(String name, String source, String options) {
        checkOpen();
        String opts = options == null ? "" : options;
        String key = sha256(opts + '\u0000' + source);
        synchronized (programs) {
            cl_program cached = programs.get(key);
            if (cached != null) {
                return cached;
            }
            long start = System.nanoTime();
            cl_program program = clCreateProgramWithSource(context, 1, new String[] {source}, null, null);
            try {
                clBuildProgram(program, 1, new cl_device_id[] {device.device()}, opts, null, null);
            } catch (CLException e) {
                String log = buildLog(program);
                clReleaseProgram(program);
                throw new OpenClBuildException(name, device.deviceName(), log.isBlank() ? e.getMessage() : log, e);
            }
            builds.incrementAndGet();
            String log = buildLog(program);
            LOG.debug("Built OpenCL program '{}' for {} in {} ms{}", name, device.id(),
                    (System.nanoTime() - start) / 1_000_000, log.isBlank() ? "" : "; build log:\n" + log);
            programs.put(key, program);
            return program;
        }
    }

    /** How many programs this context has compiled (cache hits do not count). */
    public int programsBuilt() {
        return builds.get();
    }

    /** A new kernel object for {@code kernelName} in {@code program}; the caller closes it. */
    public OpenClKernel kernel(cl_program program, String kernelName) {
        checkOpen();
        return new OpenClKernel(clCreateKernel(program, kernelName, null), kernelName);
    }

    /**
     * Allocates {@code count} floats of read-write device memory.
     *
     * @throws IllegalArgumentException when count is not positive
     * @throws OpenClException          when it exceeds the device's largest single allocation
     */
    public DeviceBuffer allocateFloats(long count) {
        return allocate(count * Float.BYTES, null);
    }

    /** Allocates a buffer holding a copy of {@code data}. */
    public DeviceBuffer upload(float[] data) {
        return allocate((long) data.length * Float.BYTES, Pointer.to(data));
    }

    private DeviceBuffer allocate(long bytes, Pointer hostData) {
        checkOpen();
        if (bytes <= 0) {
            throw new IllegalArgumentException("buffer size must be positive, was " + bytes + " bytes");
        }
        if (bytes > device.maxAllocBytes()) {
            throw new OpenClException("a buffer of " + (bytes >> 20) + " MiB exceeds the largest single allocation of "
                    + device.id() + " " + device.describe() + " (" + (device.maxAllocBytes() >> 20) + " MiB)");
        }
        long flags = CL_MEM_READ_WRITE | (hostData == null ? 0 : CL_MEM_COPY_HOST_PTR);
        DeviceBuffer buffer = new DeviceBuffer(this, clCreateBuffer(context, flags, bytes, hostData, null), bytes);
        buffers.add(buffer);
        return buffer;
    }

    /** Copies {@code length} floats from {@code src[srcOffset..]} to the start of {@code dst}; blocks. */
    public void write(DeviceBuffer dst, float[] src, int srcOffset, int length) {
        checkRange(dst, src.length, srcOffset, length);
        clEnqueueWriteBuffer(queue, dst.mem(), CL_TRUE, 0, (long) length * Float.BYTES,
                Pointer.to(src).withByteOffset((long) srcOffset * Float.BYTES), 0, null, null);
    }

    /** Copies {@code length} floats from the start of {@code src} to {@code dst[dstOffset..]}; blocks. */
    public void read(DeviceBuffer src, float[] dst, int dstOffset, int length) {
        checkRange(src, dst.length, dstOffset, length);
        clEnqueueReadBuffer(queue, src.mem(), CL_TRUE, 0, (long) length * Float.BYTES,
                Pointer.to(dst).withByteOffset((long) dstOffset * Float.BYTES), 0, null, null);
    }

    private static void checkRange(DeviceBuffer buffer, int arrayLength, int offset, int length) {
        if (offset < 0 || length < 0 || (long) offset + length > arrayLength) {
            throw new IndexOutOfBoundsException("range [" + offset + ", " + ((long) offset + length)
                    + ") outside an array of " + arrayLength + " floats");
        }
        if ((long) length * Float.BYTES > buffer.bytes()) {
            throw new IndexOutOfBoundsException(length + " floats do not fit a buffer of " + buffer.floats());
        }
    }

    /**
     * Runs {@code kernel} over {@code globalWorkSize} (1 to 3 dimensions; the driver picks the
     * work-group size), waits for it, and returns its device execution time.
     */
    public KernelTiming run(OpenClKernel kernel, long... globalWorkSize) {
        checkOpen();
        if (globalWorkSize.length < 1 || globalWorkSize.length > 3) {
            throw new IllegalArgumentException("1 to 3 work dimensions, got " + globalWorkSize.length);
        }
        cl_event event = new cl_event();
        clEnqueueNDRangeKernel(queue, kernel.handle(), globalWorkSize.length, null, globalWorkSize, null, 0, null, event);
        try {
            clWaitForEvents(1, new cl_event[] {event});
            long[] start = new long[1];
            long[] end = new long[1];
            clGetEventProfilingInfo(event, CL_PROFILING_COMMAND_START, Sizeof.cl_ulong, Pointer.to(start), null);
            clGetEventProfilingInfo(event, CL_PROFILING_COMMAND_END, Sizeof.cl_ulong, Pointer.to(end), null);
            KernelTiming timing = new KernelTiming(kernel.name(), end[0] - start[0]);
            LOG.debug("Kernel {} on {}: {} ns", timing.kernelName(), device.id(), timing.nanoseconds());
            return timing;
        } finally {
            clReleaseEvent(event);
        }
    }

    /** Waits for every queued command. */
    public void finish() {
        clFinish(queue);
    }

    /** Buffers allocated here and not yet closed. */
    public int openBuffers() {
        return buffers.size();
    }

    void forget(DeviceBuffer buffer) {
        buffers.remove(buffer);
    }

    /** Releases open buffers, built programs, the queue and the context; later calls do nothing. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            clFinish(queue);
        } catch (CLException e) {
            LOG.warn("Finishing the queue of {} before closing failed: {}", device.id(), e.getMessage());
        }
        for (DeviceBuffer b : new ArrayList<>(buffers)) {
            b.close();
        }
        List<cl_program> built;
        synchronized (programs) {
            built = new ArrayList<>(programs.values());
            programs.clear();
        }
        built.forEach(org.jocl.CL::clReleaseProgram);
        clReleaseCommandQueue(queue);
        clReleaseContext(context);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("OpenCL context on " + device.id() + " is closed");
        }
    }

    private String buildLog(cl_program program) {
        try {
            long[] size = new long[1];
            clGetProgramBuildInfo(program, device.device(), CL_PROGRAM_BUILD_LOG, 0, null, size);
            byte[] bytes = new byte[(int) size[0]];
            clGetProgramBuildInfo(program, device.device(), CL_PROGRAM_BUILD_LOG, bytes.length, Pointer.to(bytes), null);
            int end = bytes.length;
            while (end > 0 && bytes[end - 1] == 0) {
                end--;
            }
            return new String(bytes, 0, end, StandardCharsets.UTF_8).strip();
        } catch (CLException e) {
            return "";
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
