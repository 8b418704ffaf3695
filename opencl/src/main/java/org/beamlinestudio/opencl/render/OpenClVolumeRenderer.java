package org.beamlinestudio.opencl.render;

import static org.jocl.CL.CL_TRUE;
import static org.jocl.CL.clEnqueueReadBuffer;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.beamlinestudio.core.render.BrickRanges;
import org.beamlinestudio.core.render.RayGeometry;
import org.beamlinestudio.core.render.RenderMode;
import org.beamlinestudio.core.render.RenderRequest;
import org.beamlinestudio.core.render.RenderedImage;
import org.beamlinestudio.core.render.VolumeGrid;
import org.beamlinestudio.core.render.VolumeRenderer;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.opencl.DeviceBuffer;
import org.beamlinestudio.opencl.OpenClContext;
import org.beamlinestudio.opencl.OpenClKernel;
import org.jocl.Pointer;
import org.jocl.cl_program;

/**
 * Ray casting on an OpenCL device; twin of {@link org.beamlinestudio.core.render.JavaVolumeRenderer}.
 *
 * <p>Volume levels are uploaded once and kept (the last {@value #KEPT_VOLUMES}: the coarse level
 * used while rotating and the fine one at rest), keyed by the identity of the grid's array, which
 * {@link VolumeGrid} promises not to change. An image is computed in row bands so a cancelled
 * render stops within one band. {@link #render} is synchronized: one image at a time.
 */
public final class OpenClVolumeRenderer implements VolumeRenderer {

    static final String KERNEL = "render_volume";
    private static final int KEPT_VOLUMES = 2;
    private static final int GROUP = 8;
    private static final int BANDS = 8;

    private final OpenClContext context;
    private final boolean ownsContext;
    private final cl_program program;
    // Arrays hash by identity: the cache never compares contents.
    private final Map<float[], DeviceBuffer> volumes = new LinkedHashMap<>();

    /** Opens its own context on the device with this id ({@code opencl:<platform>:<device>}). */
    public static OpenClVolumeRenderer open(String deviceId) {
        OpenClContext context = OpenClContext.open(deviceId);
        try {
            return new OpenClVolumeRenderer(context, true);
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    /** Uses a context the caller owns (and closes). */
    public OpenClVolumeRenderer(OpenClContext context) {
        this(context, false);
    }

    private OpenClVolumeRenderer(OpenClContext context, boolean ownsContext) {
        this.context = context;
        this.ownsContext = ownsContext;
        // Correctly rounded division and sqrt, as in Java: the twins then differ only where contraction would.
        this.program = context.program(OpenClVolumeRenderer.class, "volume_render.cl",
                "-cl-fp32-correctly-rounded-divide-sqrt");
    }

    @Override
    public synchronized RenderedImage render(RenderRequest request, Cancellation cancel)
            throws Cancellation.CancelledException {
        long start = System.nanoTime();
        cancel.check();
        RayGeometry g = new RayGeometry(request);
        float[] params = {g.originX, g.originY, g.originZ, g.duX, g.duY, g.duZ, g.dvX, g.dvY, g.dvZ,
            g.dirX, g.dirY, g.dirZ, g.boxMinX, g.boxMinY, g.boxMinZ, g.boxMaxX, g.boxMaxY, g.boxMaxZ,
            g.scaleX, g.scaleY, g.scaleZ, g.tMax, g.step, g.low, g.invRange,
            g.perspective ? 1f : 0f, g.eyeX, g.eyeY, g.eyeZ};
        float[] lut = request.transfer().lookupTable(g.opacityStep());
        VolumeGrid grid = request.grid();
        DeviceBuffer volume = volumeBuffer(grid);
        BrickRanges bricks = BrickRanges.of(grid);
        float[] keys = bricks.skipKeys(request.mode(), g, lut);
        int w = request.width();
        int h = request.height();
        int pixels = w * h;
        int[] argb = new int[pixels];
        float[] values = new float[pixels];
        try (DeviceBuffer lutBuf = context.upload(lut);
             DeviceBuffer paramBuf = context.upload(params);
             DeviceBuffer argbBuf = context.allocateFloats(pixels);
             DeviceBuffer valueBuf = context.allocateFloats(pixels);
             DeviceBuffer keyBuf = context.upload(keys);
             OpenClKernel kernel = context.kernel(program, KERNEL)) {
            kernel.arg(0, volume).arg(1, grid.nx()).arg(2, grid.ny()).arg(3, grid.nz()).arg(4, lutBuf).arg(5, paramBuf)
                    .arg(6, w).arg(7, h).arg(9, request.mode().composites() ? 1 : 0).arg(10, argbBuf)
                    .arg(11, valueBuf).arg(12, keyBuf).arg(13, bricks.bricksX()).arg(14, bricks.bricksY())
                    .arg(15, request.mode() == RenderMode.SHADED ? 1 : 0);
            long globalX = roundUp(w);
            int band = (int) roundUp(Math.max(GROUP, (h + BANDS - 1) / BANDS));
            for (int row0 = 0; row0 < h; row0 += band) {
                cancel.check();
                kernel.arg(8, row0);
                context.run(kernel, globalX, Math.min(band, roundUp(h - row0)));
            }
            context.read(valueBuf, values, 0, pixels);
            clEnqueueReadBuffer(context.queue(), argbBuf.mem(), CL_TRUE, 0, (long) pixels * Integer.BYTES,
                    Pointer.to(argb), 0, null, null);
        }
        return new RenderedImage(w, h, argb, values, deviceId(), System.nanoTime() - start);
    }

    private static long roundUp(long n) {
        return (n + GROUP - 1) / GROUP * GROUP;
    }

    /** The grid on the device, uploaded now unless it is one of the last few. */
    private DeviceBuffer volumeBuffer(VolumeGrid grid) {
        float[] data = grid.data();
        DeviceBuffer b = volumes.remove(data);
        if (b == null) {
            while (volumes.size() >= KEPT_VOLUMES) {
                Iterator<DeviceBuffer> oldest = volumes.values().iterator();
                oldest.next().close();
                oldest.remove();
            }
            b = context.upload(data);
        }
        volumes.put(data, b); // most recent last
        return b;
    }

    /** Volumes held on the device now (for tests of the upload cache). */
    synchronized int volumesOnDevice() {
        return volumes.size();
    }

    @Override
    public long maxVolumeBytes() {
        return Math.min(context.device().maxAllocBytes(), context.device().globalMemoryBytes() / 2);
    }

    @Override
    public String deviceId() {
        return context.device().id();
    }

    @Override
    public String deviceName() {
        return context.device().deviceName() + " (OpenCL, " + context.device().platformName() + ")";
    }

    @Override
    public synchronized void close() {
        volumes.values().forEach(DeviceBuffer::close);
        volumes.clear();
        if (ownsContext) {
            context.close();
        }
    }

    @Override
    public String toString() {
        return "OpenClVolumeRenderer[" + deviceId() + " " + context.device().describe() + "]";
    }
}
