package org.beamlinestudio.tomography.recon;

import org.beamlinestudio.opencl.DeviceBuffer;
import org.beamlinestudio.opencl.OpenClContext;
import org.beamlinestudio.opencl.OpenClKernel;
import org.jocl.cl_program;

/**
 * Joseph's projector and its adjoint on an OpenCL device ({@code joseph.cl}); twin of
 * {@link JosephProjector}. The angle tables stay on the device; image and sinogram buffers are kept
 * and grown as slabs need, so an iterative run allocates once. Transfers are blocking.
 * Not thread-safe (one run at a time per instance).
 */
public final class OpenClJosephProjector implements Projector {

    private final ReconstructionGeometry g;
    private final OpenClContext context;
    private final boolean ownsContext;
    private final OpenClKernel forward;
    private final OpenClKernel back;
    private final DeviceBuffer cosT;
    private final DeviceBuffer sinT;
    private final DeviceBuffer invC;
    private DeviceBuffer images;
    private DeviceBuffer sinograms;
    private int capacitySlices;

    /** Opens its own context on the device with this id. */
    public static OpenClJosephProjector open(String deviceId, ReconstructionGeometry geometry) {
        OpenClContext context = OpenClContext.open(deviceId);
        try {
            return new OpenClJosephProjector(context, true, geometry);
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    /** Uses a context the caller owns (and closes). */
    public OpenClJosephProjector(OpenClContext context, ReconstructionGeometry geometry) {
        this(context, false, geometry);
    }

    private OpenClJosephProjector(OpenClContext context, boolean ownsContext, ReconstructionGeometry geometry) {
        this.g = geometry;
        this.context = context;
        this.ownsContext = ownsContext;
        cl_program program = context.program(OpenClJosephProjector.class, "joseph.cl");
        forward = context.kernel(program, "joseph_forward");
        back = context.kernel(program, "joseph_back");
        int na = geometry.nAngles();
        float[] c = new float[na];
        float[] s = new float[na];
        float[] ic = new float[na];
        for (int a = 0; a < na; a++) {
            double cd = Math.cos(geometry.angles()[a]);
            double sd = Math.sin(geometry.angles()[a]);
            c[a] = (float) cd;
            s[a] = (float) sd;
            ic[a] = (float) (1 / Math.max(Math.abs(cd), Math.abs(sd)));
        }
        cosT = context.upload(c);
        sinT = context.upload(s);
        invC = context.upload(ic);
    }

    private void ensure(int slices) {
        if (slices <= capacitySlices) {
            return;
        }
        if (images != null) {
            images.close();
            sinograms.close();
        }
        images = context.allocateFloats((long) slices * g.size() * g.size());
        sinograms = context.allocateFloats((long) slices * g.nAngles() * g.columns());
        capacitySlices = slices;
    }

    @Override
    public void forward(float[] img, float[] sino, int slices) {
        int n = g.size();
        ensure(slices);
        context.write(images, img, 0, slices * n * n);
        forward.arg(0, images).arg(1, sinograms).arg(2, cosT).arg(3, sinT).arg(4, n).arg(5, g.columns())
                .arg(6, g.nAngles()).arg(7, (float) g.center()).arg(8, (float) (n / 2.0));
        context.run(forward, g.columns(), g.nAngles(), slices);
        context.read(sinograms, sino, 0, slices * g.nAngles() * g.columns());
    }

    @Override
    public void back(float[] sino, float[] img, int slices) {
        int n = g.size();
        ensure(slices);
        context.write(sinograms, sino, 0, slices * g.nAngles() * g.columns());
        back.arg(0, sinograms).arg(1, images).arg(2, cosT).arg(3, sinT).arg(4, invC).arg(5, n).arg(6, g.columns())
                .arg(7, g.nAngles()).arg(8, (float) g.center()).arg(9, (float) (n / 2.0));
        context.run(back, n, n, slices);
        context.read(images, img, 0, slices * n * n);
    }

    @Override
    public ReconstructionGeometry geometry() {
        return g;
    }

    @Override
    public String deviceId() {
        return context.device().id();
    }

    @Override
    public void close() {
        forward.close();
        back.close();
        if (images != null) {
            images.close();
            sinograms.close();
        }
        cosT.close();
        sinT.close();
        invC.close();
        if (ownsContext) {
            context.close();
        }
    }
}
