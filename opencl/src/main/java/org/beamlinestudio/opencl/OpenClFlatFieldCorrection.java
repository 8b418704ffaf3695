package org.beamlinestudio.opencl;

import java.util.ArrayList;
import java.util.List;
import org.jocl.cl_program;

/**
 * Flat/dark normalisation on an OpenCL device ({@code flat_field.cl}); twin of
 * {@link JavaFlatFieldCorrection}.
 *
 * <p>Large stacks: the stack is sent through one device buffer in chunks of whole images; when a
 * single image is larger than a chunk, it is split into pixel ranges. A chunk is at most
 * {@value #DEFAULT_MAX_CHUNK_BYTES} bytes (256 MiB), and never more than the device's largest
 * allocation ({@code CL_DEVICE_MAX_MEM_ALLOC_SIZE}) or a quarter of its global memory, so device
 * memory use is bounded whatever the stack size; the only size limit is Java's (a {@code float[]}
 * holds at most 2³¹−1 values, 8 GiB). Each chunk is uploaded, corrected in place and read back
 * (blocking, no transfer/compute overlap yet).
 *
 * <p>Thread-safety: {@link #apply} is synchronized (one run at a time per instance).
 */
public final class OpenClFlatFieldCorrection implements FlatFieldCorrection {

    /** Upper bound on one chunk's device buffer. */
    public static final long DEFAULT_MAX_CHUNK_BYTES = 256L << 20;

    static final String KERNEL = "flat_field_correct";
    /** Global size along pixels is padded to this, so drivers can pick a full work-group. */
    private static final int PAD = 64;

    private final OpenClContext context;
    private final boolean ownsContext;
    private final cl_program program;
    private final long chunkFloats;
    private List<KernelTiming> lastTimings = List.of();

    /**
     * Opens its own context on the device with this id ({@code opencl:<platform>:<device>}).
     *
     * @throws OpenClException when the device is not usable or the kernel does not build
     */
    public static OpenClFlatFieldCorrection open(String deviceId) {
        OpenClContext context = OpenClContext.open(deviceId);
        try {
            return new OpenClFlatFieldCorrection(context, true, DEFAULT_MAX_CHUNK_BYTES);
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    /** Uses a context the caller owns (and closes); the kernel is built there once and cached. */
    public OpenClFlatFieldCorrection(OpenClContext context) {
        this(context, false, DEFAULT_MAX_CHUNK_BYTES);
    }

    /** {@code maxChunkBytes} lets tests force chunking and pixel ranges on small inputs. */
    OpenClFlatFieldCorrection(OpenClContext context, boolean ownsContext, long maxChunkBytes) {
        this.context = context;
        this.ownsContext = ownsContext;
        this.program = context.program(OpenClFlatFieldCorrection.class, "flat_field.cl");
        OpenClDevice device = context.device();
        long bytes = Math.min(maxChunkBytes, Math.min(device.maxAllocBytes(), device.globalMemoryBytes() / 4));
        this.chunkFloats = Math.max(PAD, bytes / Float.BYTES / PAD * PAD);
    }

    @Override
    public synchronized void apply(float[] raw, int images, int pixelsPerImage, float[] flat, float[] dark,
                                   float[] out) {
        FlatFieldArguments.check(raw, images, pixelsPerImage, flat, dark, out);
        List<KernelTiming> timings = new ArrayList<>();
        lastTimings = timings;
        if (raw.length == 0) {
            return;
        }
        // Either whole images per chunk, or (an image larger than a chunk) one image's pixel range.
        int pixelsPerChunk = (int) Math.min(pixelsPerImage, chunkFloats);
        int imagesPerChunk = (int) Math.max(1, Math.min(images, chunkFloats / pixelsPerImage));
        try (DeviceBuffer data = context.allocateFloats((long) pixelsPerChunk * imagesPerChunk);
             DeviceBuffer flatBuf = context.allocateFloats(pixelsPerChunk);
             DeviceBuffer darkBuf = context.allocateFloats(pixelsPerChunk);
             OpenClKernel kernel = context.kernel(program, KERNEL)) {
            kernel.arg(0, data).arg(1, flatBuf).arg(2, darkBuf).arg(4, MIN_DENOMINATOR);
            for (int p0 = 0; p0 < pixelsPerImage; p0 += pixelsPerChunk) {
                int pixels = Math.min(pixelsPerChunk, pixelsPerImage - p0);
                context.write(flatBuf, flat, p0, pixels);
                context.write(darkBuf, dark, p0, pixels);
                kernel.arg(3, pixels);
                long paddedPixels = (pixels + PAD - 1L) / PAD * PAD;
                for (int i0 = 0; i0 < images; i0 += imagesPerChunk) {
                    int count = Math.min(imagesPerChunk, images - i0);
                    // Contiguous in raw: whole images, or one image's range (then count == 1).
                    int offset = i0 * pixelsPerImage + p0;
                    int length = count * pixels;
                    context.write(data, raw, offset, length);
                    timings.add(context.run(kernel, paddedPixels, count));
                    context.read(data, out, offset, length);
                }
            }
        }
    }

    /** Device times of the kernel runs of the last {@link #apply} call, one per chunk. */
    public synchronized List<KernelTiming> lastTimings() {
        return List.copyOf(lastTimings);
    }

    @Override
    public String deviceId() {
        return context.device().id();
    }

    @Override
    public void close() {
        if (ownsContext) {
            context.close();
        }
    }

    @Override
    public String toString() {
        return "OpenClFlatFieldCorrection[" + deviceId() + " " + context.device().describe() + "]";
    }
}
