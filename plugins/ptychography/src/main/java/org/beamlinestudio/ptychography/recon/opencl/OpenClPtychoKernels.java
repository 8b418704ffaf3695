package org.beamlinestudio.ptychography.recon.opencl;

import static org.jocl.CL.CL_DEVICE_EXTENSIONS;
import static org.jocl.CL.CL_TRUE;
import static org.jocl.CL.clEnqueueCopyBuffer;
import static org.jocl.CL.clEnqueueFillBuffer;
import static org.jocl.CL.clEnqueueNDRangeKernel;
import static org.jocl.CL.clEnqueueReadBuffer;
import static org.jocl.CL.clGetDeviceInfo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.beamlinestudio.core.compute.ComputeDevice;
import org.beamlinestudio.opencl.DeviceBuffer;
import org.beamlinestudio.opencl.OpenClContext;
import org.beamlinestudio.opencl.OpenClDevice;
import org.beamlinestudio.opencl.OpenClKernel;
import org.beamlinestudio.opencl.fft.OpenClFft2d;
import org.beamlinestudio.ptychography.recon.PtychoKernels;
import org.jocl.Pointer;
import org.jocl.cl_program;

/**
 * The OpenCL {@link PtychoKernels} ({@code ptycho.cl} and the shared batched FFT {@link OpenClFft2d}); twin of the
 * plain-Java {@code JavaPtychoKernels}. Everything stays on the device between calls: the measured amplitudes are
 * uploaded once, positions when they change; per call only the error/likelihood partial sums (one per pattern column) come back (one small
 * read per call that returns a number), and the host sums them in double in a fixed order, so runs repeat exactly.
 *
 * <p>Per-position work (DM, ML, trial shifts) runs in batches of {@link #batch()} positions through three scratch
 * stacks, so device memory is bounded by the problem's own buffers plus the batch, and on a CPU device a batch stays
 * in the caches between the view, FFT, projection and update kernels. All kernels are enqueued without waiting on
 * the context's in-order queue; the blocking reads synchronise.
 */
public final class OpenClPtychoKernels implements PtychoKernels {

    /** Object tile side of the overlap lists used by {@code accumulate_object}. */
    static final int TILE = 16;
    /** Work-items of a dot product's partial sums. */
    private static final int DOT_PARTS = 256;
    /** Batch on CPU devices (fits the caches); GPUs take as many positions as the scratch budget allows. */
    private static final int CPU_BATCH = 32;
    /** Scratch budget for the three batch stacks on a GPU. */
    private static final long GPU_SCRATCH_BYTES = 768L << 20;

    private final Problem problem;
    private final ComputeDevice device;
    private final OpenClContext context;
    private final boolean ownsContext;
    private final boolean fp64;
    private final int n;
    private final int h;
    private final int w;
    private final int m;
    private final int k;
    private final int oh;
    private final int ow;
    private final int batch;
    private final int tilesX;
    private final int tiles;
    private final int[] py;
    private final int[] px;
    private final OpenClFft2d fft;
    private final List<DeviceBuffer> owned = new ArrayList<>();
    private final DeviceBuffer amp;
    private final DeviceBuffer valid;
    private final DeviceBuffer positions;
    private final DeviceBuffer tileStart;
    private final DeviceBuffer tileList;
    private final DeviceBuffer scratchA;
    private final DeviceBuffer scratchB;
    private final DeviceBuffer scratchC;
    private final DeviceBuffer rows;
    private final DeviceBuffer lineRows;
    private final DeviceBuffer dotParts;
    private final DeviceBuffer rowMax;
    private DeviceBuffer trialRows;
    private int trialCapacity;
    private final OpenClKernel views;
    private final OpenClKernel dmPrepare;
    private final OpenClKernel dmUpdate;
    private final OpenClKernel fourierProject;
    private final OpenClKernel accumulateObject;
    private final OpenClKernel accumulateProbe;
    private final OpenClKernel divideClip;
    private final OpenClKernel scaleAdd;
    private final OpenClKernel dotPartial;
    private final OpenClKernel pieRowMax;
    private final OpenClKernel pieMax;
    private final OpenClKernel pieUpdate;
    private final OpenClKernel mlProject;
    private final OpenClKernel mlLineViews;
    private final OpenClKernel mlLineSums;
    private final OpenClKernel positionSums;
    private final OpenClKernel boundedProject;
    private final OpenClKernel mixModes;
    private final DeviceBuffer positionErrors;
    private final DeviceBuffer modeMatrix;
    private final int validCount;
    private final List<OpenClKernel> kernels = new ArrayList<>();
    private boolean closed;

    /**
     * Opens its own context on {@code device} (an OpenCL device as {@code studio devices} lists it) and sizes the
     * kernels for {@code problem}.
     */
    public static OpenClPtychoKernels open(ComputeDevice device, Problem problem) {
        OpenClContext context = OpenClContext.open(device.id());
        try {
            return new OpenClPtychoKernels(context, true, problem, 0);
        } catch (RuntimeException | Error e) {
            context.close();
            throw e;
        }
    }

    /**
     * Uses a context the caller owns (and closes unless {@code ownsContext}).
     *
     * @param batchSize positions per batch; 0 picks one for the device
     */
    public OpenClPtychoKernels(OpenClContext context, boolean ownsContext, Problem problem, int batchSize) {
        this.problem = problem;
        this.context = context;
        this.ownsContext = ownsContext;
        OpenClDevice dev = context.device();
        this.device = dev.info();
        this.fp64 = extensions(dev).contains("cl_khr_fp64");
        this.n = problem.count();
        this.h = problem.height();
        this.w = problem.width();
        this.m = h * w;
        this.k = problem.modes();
        this.oh = problem.objectHeight();
        this.ow = problem.objectWidth();
        long fieldBytes = 8L * k * m;
        int auto = dev.info().type() == ComputeDevice.Type.GPU
                ? (int) Math.max(1, Math.min(n, GPU_SCRATCH_BYTES / (3 * fieldBytes))) : Math.min(n, CPU_BATCH);
        this.batch = Math.max(1, Math.min(n, batchSize > 0 ? batchSize : auto));
        this.tilesX = (ow + TILE - 1) / TILE;
        this.tiles = tilesX * ((oh + TILE - 1) / TILE);
        this.py = new int[n];
        this.px = new int[n];
        int vc = 0;
        for (boolean v : problem.mask()) {
            vc += v ? 1 : 0;
        }
        this.validCount = Math.max(1, vc);
        try {
            this.fft = new OpenClFft2d(context, h, w);
            cl_program program = context.program(OpenClPtychoKernels.class, "ptycho.cl", buildOptions());
            this.amp = keep(context.upload(amplitudes(problem)));
            this.valid = keep(context.upload(ints(validPixels(problem))));
            this.positions = keep(context.allocateFloats(2L * n));
            this.tileStart = keep(context.allocateFloats(tiles + 1L));
            int perView = ((h + TILE - 1) / TILE + 1) * ((w + TILE - 1) / TILE + 1);
            this.tileList = keep(context.allocateFloats((long) n * perView));
            long scratchFloats = 2L * batch * k * m;
            this.scratchA = keep(context.allocateFloats(Math.max(scratchFloats, 2L * k * m)));
            this.scratchB = keep(context.allocateFloats(Math.max(scratchFloats, 2L * k * m)));
            this.scratchC = keep(context.allocateFloats(Math.max(scratchFloats, 2L * k * m)));
            this.rows = keep(allocateAcc((long) n * w));
            this.lineRows = keep(allocateAcc(3L * n * w));
            this.positionErrors = keep(allocateAcc(n));
            this.modeMatrix = keep(context.allocateFloats(2L * k * k));
            this.dotParts = keep(allocateAcc(DOT_PARTS));
            this.rowMax = keep(context.allocateFloats(2L * h + 2));
            this.views = kernel(program, "views");
            this.dmPrepare = kernel(program, "dm_prepare");
            this.dmUpdate = kernel(program, "dm_update");
            this.fourierProject = kernel(program, "fourier_project");
            this.accumulateObject = kernel(program, "accumulate_object");
            this.accumulateProbe = kernel(program, "accumulate_probe");
            this.divideClip = kernel(program, "divide_clip");
            this.scaleAdd = kernel(program, "scale_add");
            this.dotPartial = kernel(program, "dot_partial");
            this.pieRowMax = kernel(program, "pie_row_max");
            this.pieMax = kernel(program, "pie_max");
            this.pieUpdate = kernel(program, "pie_update");
            this.mlProject = kernel(program, "ml_project");
            this.mlLineViews = kernel(program, "ml_line_views");
            this.mlLineSums = kernel(program, "ml_line_sums");
            this.positionSums = kernel(program, "position_sums");
            this.boundedProject = kernel(program, "bounded_project");
            this.mixModes = kernel(program, "mix_modes");
            setPositions(new int[n], new int[n]);
        } catch (RuntimeException e) {
            releaseAll();
            throw e;
        }
    }

    private String buildOptions() {
        return "-cl-fp32-correctly-rounded-divide-sqrt -DH=" + h + " -DW=" + w + " -DM=" + m + " -DK=" + k
                + " -DOH=" + oh + " -DOW=" + ow + " -DTILE=" + TILE + " -DTILES_X=" + tilesX
                + (fp64 ? " -DUSE_FP64" : "");
    }

    private static String extensions(OpenClDevice dev) {
        long[] size = new long[1];
        clGetDeviceInfo(dev.device(), CL_DEVICE_EXTENSIONS, 0, null, size);
        byte[] bytes = new byte[(int) size[0]];
        clGetDeviceInfo(dev.device(), CL_DEVICE_EXTENSIONS, bytes.length, Pointer.to(bytes), null);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    /** √I in the FFT layout (ifftshift), N × M, as the Java twin computes it. */
    private static float[] amplitudes(Problem p) {
        int h = p.height();
        int w = p.width();
        int m = h * w;
        float[] in = p.intensities();
        float[] out = new float[in.length];
        for (int y = 0; y < h; y++) {
            int sy = ((y - h / 2) % h + h) % h;
            for (int x = 0; x < w; x++) {
                int sx = ((x - w / 2) % w + w) % w;
                int src = y * w + x;
                int dst = sy * w + sx;
                for (int i = 0; i < p.count(); i++) {
                    float v = in[i * m + src];
                    out[i * m + dst] = v > 0 ? (float) Math.sqrt(v) : 0f;
                }
            }
        }
        return out;
    }

    private static int[] validPixels(Problem p) {
        int h = p.height();
        int w = p.width();
        int[] out = new int[h * w];
        for (int y = 0; y < h; y++) {
            int sy = ((y - h / 2) % h + h) % h;
            for (int x = 0; x < w; x++) {
                int sx = ((x - w / 2) % w + w) % w;
                out[sy * w + sx] = p.mask()[y * w + x] ? 1 : 0;
            }
        }
        return out;
    }

    /** Ints carried bit for bit in a float array (the context's transfers are float-typed). */
    private static float[] ints(int[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = Float.intBitsToFloat(v[i]);
        }
        return f;
    }

    private DeviceBuffer keep(DeviceBuffer b) {
        owned.add(b);
        return b;
    }

    private OpenClKernel kernel(cl_program program, String name) {
        OpenClKernel kn = context.kernel(program, name);
        kernels.add(kn);
        return kn;
    }

    private DeviceBuffer allocateAcc(long count) {
        return context.allocateFloats(fp64 ? 2 * count : count);
    }

    private double[] readAcc(DeviceBuffer buffer, long offset, int count) {
        double[] out = new double[count];
        if (count == 0) {
            return out;
        }
        if (fp64) {
            clEnqueueReadBuffer(context.queue(), buffer.mem(), CL_TRUE, offset * 8, count * 8L, Pointer.to(out), 0,
                    null, null);
        } else {
            float[] f = new float[count];
            clEnqueueReadBuffer(context.queue(), buffer.mem(), CL_TRUE, offset * 4, count * 4L, Pointer.to(f), 0,
                    null, null);
            for (int i = 0; i < count; i++) {
                out[i] = f[i];
            }
        }
        return out;
    }

    private void enqueue(OpenClKernel kernel, long... global) {
        clEnqueueNDRangeKernel(context.queue(), kernel.handle(), global.length, null, global, null, 0, null, null);
    }

    /** Positions per batch of the per-position kernels. */
    public int batch() {
        return batch;
    }

    /** Whether partial sums are in double on this device. */
    public boolean doublePartialSums() {
        return fp64;
    }

    // ---------------------------------------------------------------- buffers

    /** A device stack of fields. */
    static final class ClBuffer implements Buffer {
        final DeviceBuffer mem;
        final int count;
        final int height;
        final int width;
        final boolean complex;

        ClBuffer(DeviceBuffer mem, int count, int height, int width, boolean complex) {
            this.mem = mem;
            this.count = count;
            this.height = height;
            this.width = width;
            this.complex = complex;
        }

        @Override
        public int count() {
            return count;
        }

        @Override
        public int height() {
            return height;
        }

        @Override
        public int width() {
            return width;
        }

        @Override
        public boolean complex() {
            return complex;
        }

        @Override
        public String toString() {
            return "OpenCL buffer " + count + " x " + height + " x " + width + (complex ? " complex" : " real");
        }
    }

    private static ClBuffer c(Buffer b) {
        if (!(b instanceof ClBuffer)) {
            throw new IllegalArgumentException("Not an OpenCL kernel buffer: " + b);
        }
        return (ClBuffer) b;
    }

    @Override
    public Problem problem() {
        return problem;
    }

    @Override
    public ComputeDevice device() {
        return device;
    }

    @Override
    public Buffer allocate(int count, int height, int width, boolean complex) {
        long floats = (long) count * height * width * (complex ? 2 : 1);
        DeviceBuffer mem = keep(context.allocateFloats(floats));
        clEnqueueFillBuffer(context.queue(), mem.mem(), Pointer.to(new float[] {0f}), Float.BYTES, 0,
                floats * Float.BYTES, 0, null, null);
        return new ClBuffer(mem, count, height, width, complex);
    }

    @Override
    public void write(Buffer dst, float[] src) {
        ClBuffer d = c(dst);
        if (src.length != d.floats()) {
            throw new IllegalArgumentException("Buffer holds " + d.floats() + " floats, got " + src.length);
        }
        context.write(d.mem, src, 0, src.length);
    }

    @Override
    public void read(Buffer src, float[] dst) {
        ClBuffer s = c(src);
        if (dst.length != s.floats()) {
            throw new IllegalArgumentException("Buffer holds " + s.floats() + " floats, got " + dst.length);
        }
        context.read(s.mem, dst, 0, dst.length);
    }

    @Override
    public void free(Buffer buffer) {
        ClBuffer b = c(buffer);
        owned.remove(b.mem);
        b.mem.close();
    }

    @Override
    public void mixModes(Buffer fields, float[] u) {
        ClBuffer b = c(fields);
        if (u.length != 2 * k * k || b.count % k != 0 || b.height * b.width != m || !b.complex) {
            throw new IllegalArgumentException("mixModes needs a " + k + " x " + k + " complex matrix and groups of "
                    + k + " complex " + h + " x " + w + " fields, got " + b);
        }
        context.write(modeMatrix, u, 0, u.length);
        mixModes.arg(0, b.mem).arg(1, modeMatrix);
        enqueue(mixModes, m, b.count / k);
    }

    @Override
    public void copy(Buffer src, Buffer dst) {
        ClBuffer s = c(src);
        ClBuffer d = c(dst);
        if (s.floats() != d.floats()) {
            throw new IllegalArgumentException("copy between " + s.floats() + " and " + d.floats() + " floats");
        }
        clEnqueueCopyBuffer(context.queue(), s.mem.mem(), d.mem.mem(), 0, 0, s.floats() * Float.BYTES, 0, null,
                null);
    }

    @Override
    public void scaleAdd(Buffer y, float a, Buffer x, float b) {
        ClBuffer yb = c(y);
        ClBuffer xb = b == 0 ? yb : c(x);
        if (xb.floats() != yb.floats()) {
            throw new IllegalArgumentException("scaleAdd between " + yb.floats() + " and " + xb.floats() + " floats");
        }
        scaleAdd.arg(0, yb.mem).arg(1, a).arg(2, xb.mem).arg(3, b).arg(4, b == 0 ? 0 : 1);
        enqueue(scaleAdd, yb.floats());
    }

    @Override
    public double dot(Buffer a, Buffer b) {
        ClBuffer ab = c(a);
        ClBuffer bb = c(b);
        if (ab.floats() != bb.floats()) {
            throw new IllegalArgumentException("dot between " + ab.floats() + " and " + bb.floats() + " floats");
        }
        int total = (int) (ab.floats() / 2);
        int chunk = (total + DOT_PARTS - 1) / DOT_PARTS;
        dotPartial.arg(0, ab.mem).arg(1, bb.mem).arg(2, dotParts).arg(3, chunk).arg(4, total);
        enqueue(dotPartial, DOT_PARTS);
        double s = 0;
        for (double v : readAcc(dotParts, 0, DOT_PARTS)) {
            s += v;
        }
        return s;
    }

    @Override
    public void setPositions(int[] y, int[] x) {
        if (y.length != n || x.length != n) {
            throw new IllegalArgumentException("Expected " + n + " positions, got " + y.length + " and " + x.length);
        }
        for (int i = 0; i < n; i++) {
            if (y[i] < 0 || x[i] < 0 || y[i] > oh - h || x[i] > ow - w) {
                throw new IllegalArgumentException("Position " + i + " at (" + y[i] + ", " + x[i]
                        + ") puts its view outside the " + oh + " x " + ow + " object");
            }
        }
        System.arraycopy(y, 0, py, 0, n);
        System.arraycopy(x, 0, px, 0, n);
        int[] pos = new int[2 * n];
        for (int i = 0; i < n; i++) {
            pos[2 * i] = y[i];
            pos[2 * i + 1] = x[i];
        }
        context.write(positions, ints(pos), 0, pos.length);
        // Per object tile, the positions whose view touches it, ascending (the overlap sums' order).
        int[] countPerTile = new int[tiles + 1];
        for (int i = 0; i < n; i++) {
            forTiles(i, t -> countPerTile[t + 1]++);
        }
        for (int t = 0; t < tiles; t++) {
            countPerTile[t + 1] += countPerTile[t];
        }
        int[] start = countPerTile.clone();
        int[] fill = countPerTile.clone();
        int[] list = new int[Math.max(1, start[tiles])];
        for (int i = 0; i < n; i++) {
            final int pi = i;
            forTiles(i, t -> list[fill[t]++] = pi);
        }
        context.write(tileStart, ints(start), 0, start.length);
        context.write(tileList, ints(list), 0, list.length);
    }

    private void forTiles(int i, java.util.function.IntConsumer action) {
        int ty0 = py[i] / TILE;
        int ty1 = (py[i] + h - 1) / TILE;
        int tx0 = px[i] / TILE;
        int tx1 = (px[i] + w - 1) / TILE;
        for (int ty = ty0; ty <= ty1; ty++) {
            for (int tx = tx0; tx <= tx1; tx++) {
                action.accept(ty * tilesX + tx);
            }
        }
    }

    @Override
    public void fft(Buffer fields, boolean forward) {
        ClBuffer b = c(fields);
        if (!b.complex || b.height != h || b.width != w) {
            throw new IllegalArgumentException("fft needs complex " + h + " x " + w + " fields, got " + b);
        }
        if (forward) {
            fft.forward(b.mem, 0, b.count);
        } else {
            fft.inverse(b.mem, 0, b.count);
        }
    }

    private void checkShapes(Buffer object, Buffer probe) {
        if (object.floats() != 2L * oh * ow || probe.floats() != 2L * k * m) {
            throw new IllegalArgumentException("Expected a complex " + oh + " x " + ow + " object and " + k + " x "
                    + h + " x " + w + " probe, got " + object + " and " + probe);
        }
    }

    private void checkWaves(Buffer waves) {
        if (waves.floats() != 2L * n * k * m) {
            throw new IllegalArgumentException("Expected " + n + " x " + k + " complex waves of " + h + " x " + w
                    + ", got " + waves);
        }
    }

    // ---------------------------------------------------------------- shared pieces

    @Override
    public void exitWaves(Buffer object, Buffer probe, Buffer waves) {
        checkShapes(object, probe);
        checkWaves(waves);
        enqueueViews(c(object).mem, c(probe).mem, c(waves).mem, 0, 0, n, 0, 0);
    }

    private void enqueueViews(DeviceBuffer obj, DeviceBuffer probe, DeviceBuffer dst, int dstField0, int n0, int nb,
            int dy, int dx) {
        views.arg(0, obj).arg(1, probe).arg(2, positions).arg(3, dst).arg(4, dstField0).arg(5, n0).arg(6, dy)
                .arg(7, dx);
        enqueue(views, m, (long) nb * k);
    }

    @Override
    public void accumulateObject(Buffer waves, Buffer probe, Buffer numer, Buffer denom) {
        checkWaves(waves);
        if (numer.floats() != 2L * oh * ow || (denom != null && denom.floats() != (long) oh * ow)) {
            throw new IllegalArgumentException("accumulateObject: object-sized numerator and denominator expected");
        }
        accumulateObject.arg(0, c(waves).mem).arg(1, c(probe).mem).arg(2, positions).arg(3, tileStart)
                .arg(4, tileList).arg(5, c(numer).mem).arg(6, denom == null ? c(numer).mem : c(denom).mem)
                .arg(7, denom == null ? 0 : 1);
        enqueue(accumulateObject, ow, oh);
    }

    @Override
    public void accumulateProbe(Buffer waves, Buffer object, Buffer numer, Buffer denom) {
        checkWaves(waves);
        if (numer.floats() != 2L * k * m || (denom != null && denom.floats() != m)) {
            throw new IllegalArgumentException("accumulateProbe: probe-sized numerator and denominator expected");
        }
        accumulateProbe.arg(0, c(waves).mem).arg(1, c(object).mem).arg(2, positions).arg(3, c(numer).mem)
                .arg(4, denom == null ? c(numer).mem : c(denom).mem).arg(5, denom == null ? 0 : 1).arg(6, n);
        enqueue(accumulateProbe, m / 8);
    }

    @Override
    public void divide(Buffer numer, Buffer denom, float inertia, Buffer target, float amplitudeLimit) {
        ClBuffer nb = c(numer);
        ClBuffer db = c(denom);
        ClBuffer tb = c(target);
        int fieldPixels = nb.height * nb.width;
        if (db.floats() != fieldPixels || nb.floats() != tb.floats()) {
            throw new IllegalArgumentException("divide: denominator of " + db.floats() + " values for fields of "
                    + fieldPixels + ", numerator " + nb.floats() + " and target " + tb.floats() + " floats");
        }
        divideClip.arg(0, nb.mem).arg(1, db.mem).arg(2, inertia).arg(3, tb.mem).arg(4, amplitudeLimit)
                .arg(5, fieldPixels);
        enqueue(divideClip, nb.floats() / 2);
    }

    // ---------------------------------------------------------------- PIE family

    @Override
    public double pieUpdate(int pos, Buffer object, Buffer probe, float objectStep, float objectMix, float probeStep,
            float probeMix, float amplitudeLimit) {
        checkShapes(object, probe);
        DeviceBuffer o = c(object).mem;
        DeviceBuffer p = c(probe).mem;
        enqueueViews(o, p, scratchA, 0, pos, 1, 0, 0);
        clEnqueueCopyBuffer(context.queue(), scratchA.mem(), scratchB.mem(), 0, 0, 8L * k * m, 0, null, null);
        fft.forward(scratchB, 0, k);
        enqueueProject(scratchB, rows, 0, pos, 1, true);
        fft.inverse(scratchB, 0, k);
        pieRowMax.arg(0, o).arg(1, p).arg(2, positions).arg(3, rowMax).arg(4, pos);
        enqueue(pieRowMax, h);
        pieMax.arg(0, rowMax);
        enqueue(pieMax, 1);
        pieUpdate.arg(0, o).arg(1, p).arg(2, positions).arg(3, scratchA).arg(4, scratchB).arg(5, rowMax)
                .arg(6, pos).arg(7, objectStep).arg(8, objectMix).arg(9, probeStep).arg(10, probeMix)
                .arg(11, amplitudeLimit);
        enqueue(pieUpdate, m);
        double e = 0;
        for (double v : readAcc(rows, (long) pos * w, w)) {
            e += v;
        }
        return e;
    }

    private void enqueueProject(DeviceBuffer f, DeviceBuffer out, long rowBase, int n0, int nb, boolean project) {
        fourierProject.arg(0, f).arg(1, amp).arg(2, valid).arg(3, out).arg(4, rowBase).arg(5, n0)
                .arg(6, project ? 1 : 0);
        enqueue(fourierProject, w / 8, nb);
    }

    // ---------------------------------------------------------------- DM

    @Override
    public void dmExitUpdate(Buffer object, Buffer probe, Buffer waves, float beta, float powerBound,
            double[] errors) {
        checkShapes(object, probe);
        checkWaves(waves);
        if (errors.length != n) {
            throw new IllegalArgumentException("dmExitUpdate: " + errors.length + " error slots for " + n);
        }
        DeviceBuffer o = c(object).mem;
        DeviceBuffer p = c(probe).mem;
        DeviceBuffer wv = c(waves).mem;
        for (int n0 = 0; n0 < n; n0 += batch) {
            int nb = Math.min(batch, n - n0);
            dmPrepare.arg(0, o).arg(1, p).arg(2, positions).arg(3, wv).arg(4, scratchA).arg(5, scratchB).arg(6, n0);
            enqueue(dmPrepare, m, (long) nb * k);
            fft.forward(scratchB, 0, nb * k);
            if (powerBound > 0) {
                enqueueProject(scratchB, rows, 0, n0, nb, false);
                positionSums.arg(0, rows).arg(1, positionErrors).arg(2, n0);
                enqueue(positionSums, nb);
                boundedProject.arg(0, scratchB).arg(1, amp).arg(2, valid).arg(3, positionErrors).arg(4, n0)
                        .arg(5, powerBound).arg(6, validCount);
                enqueue(boundedProject, w / 8, nb);
            } else {
                enqueueProject(scratchB, rows, 0, n0, nb, true);
            }
            fft.inverse(scratchB, 0, nb * k);
            dmUpdate.arg(0, wv).arg(1, scratchA).arg(2, scratchB).arg(3, n0).arg(4, beta);
            enqueue(dmUpdate, m, (long) nb * k);
        }
        sumRows(readAcc(rows, 0, n * w), errors, 1, 0);
    }

    /** out[i] = Σ_c parts[(i·stride + component)·W + c], columns ascending. */
    private void sumRows(double[] parts, double[] out, int stride, int component) {
        for (int i = 0; i < out.length; i++) {
            double s = 0;
            int base = (i * stride + component) * w;
            for (int c = 0; c < w; c++) {
                s += parts[base + c];
            }
            out[i] = s;
        }
    }

    // ---------------------------------------------------------------- ML (Poisson)

    @Override
    public double[] mlGradientWaves(Buffer object, Buffer probe, Buffer chi) {
        checkShapes(object, probe);
        checkWaves(chi);
        DeviceBuffer o = c(object).mem;
        DeviceBuffer p = c(probe).mem;
        DeviceBuffer cv = c(chi).mem;
        for (int n0 = 0; n0 < n; n0 += batch) {
            int nb = Math.min(batch, n - n0);
            enqueueViews(o, p, cv, n0 * k, n0, nb, 0, 0);
            fft.forward(cv, n0 * k, nb * k);
            mlProject.arg(0, cv).arg(1, n0 * k).arg(2, amp).arg(3, valid).arg(4, lineRows).arg(5, n0);
            enqueue(mlProject, w / 8, nb);
            fft.adjoint(cv, n0 * k, nb * k);
        }
        double[] parts = readAcc(lineRows, 0, 2 * n * w);
        double[] like = new double[n];
        double[] err = new double[n];
        sumRows(parts, like, 2, 0);
        sumRows(parts, err, 2, 1);
        double l = 0;
        double e = 0;
        for (int i = 0; i < n; i++) {
            l += like[i];
            e += err[i];
        }
        return new double[] {l, e};
    }

    @Override
    public double[] mlLineDerivatives(Buffer object, Buffer probe, Buffer objectDir, Buffer probeDir) {
        checkShapes(object, probe);
        checkShapes(objectDir, probeDir);
        for (int n0 = 0; n0 < n; n0 += batch) {
            int nb = Math.min(batch, n - n0);
            mlLineViews.arg(0, c(object).mem).arg(1, c(probe).mem).arg(2, c(objectDir).mem).arg(3, c(probeDir).mem)
                    .arg(4, positions).arg(5, scratchA).arg(6, scratchB).arg(7, scratchC).arg(8, n0);
            enqueue(mlLineViews, m, (long) nb * k);
            fft.forward(scratchA, 0, nb * k);
            fft.forward(scratchB, 0, nb * k);
            fft.forward(scratchC, 0, nb * k);
            mlLineSums.arg(0, scratchA).arg(1, scratchB).arg(2, scratchC).arg(3, amp).arg(4, valid)
                    .arg(5, lineRows).arg(6, n0);
            enqueue(mlLineSums, w, nb);
        }
        double[] parts = readAcc(lineRows, 0, 3 * n * w);
        double[] d1 = new double[n];
        double[] d2 = new double[n];
        double[] d3 = new double[n];
        sumRows(parts, d1, 3, 0);
        sumRows(parts, d2, 3, 1);
        sumRows(parts, d3, 3, 2);
        double l1 = 0;
        double l2 = 0;
        double l3 = 0;
        for (int i = 0; i < n; i++) {
            l1 += d1[i];
            l2 += d2[i];
            l3 += d3[i];
        }
        return new double[] {l1, l2, l3};
    }

    // ---------------------------------------------------------------- position refinement

    @Override
    public void trialErrors(Buffer object, Buffer probe, int[] dy, int[] dx, double[] errors) {
        checkShapes(object, probe);
        int cc = dy.length;
        if (dx.length != cc || errors.length != n * cc) {
            throw new IllegalArgumentException("trialErrors: " + dy.length + " / " + dx.length + " shifts, "
                    + errors.length + " outputs for " + n + " positions");
        }
        if (cc == 0) {
            return;
        }
        if (cc > trialCapacity) {
            if (trialRows != null) {
                owned.remove(trialRows);
                trialRows.close();
            }
            trialRows = keep(allocateAcc((long) cc * n * w));
            trialCapacity = cc;
        }
        DeviceBuffer o = c(object).mem;
        DeviceBuffer p = c(probe).mem;
        for (int ci = 0; ci < cc; ci++) {
            for (int n0 = 0; n0 < n; n0 += batch) {
                int nb = Math.min(batch, n - n0);
                enqueueViews(o, p, scratchA, 0, n0, nb, dy[ci], dx[ci]);
                fft.forward(scratchA, 0, nb * k);
                enqueueProject(scratchA, trialRows, (long) ci * n * w, n0, nb, false);
            }
        }
        double[] parts = readAcc(trialRows, 0, cc * n * w);
        for (int ci = 0; ci < cc; ci++) {
            for (int i = 0; i < n; i++) {
                int y0 = py[i] + dy[ci];
                int x0 = px[i] + dx[ci];
                if (y0 < 0 || x0 < 0 || y0 > oh - h || x0 > ow - w) {
                    errors[i * cc + ci] = Double.POSITIVE_INFINITY;
                    continue;
                }
                double s = 0;
                int base = (ci * n + i) * w;
                for (int x = 0; x < w; x++) {
                    s += parts[base + x];
                }
                errors[i * cc + ci] = s;
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        releaseAll();
    }

    private void releaseAll() {
        for (OpenClKernel kn : kernels) {
            kn.close();
        }
        for (DeviceBuffer b : owned) {
            b.close();
        }
        if (fft != null) {
            fft.close();
        }
        if (ownsContext) {
            context.close();
        }
    }

    @Override
    public String toString() {
        return "OpenClPtychoKernels[" + device.id() + " " + device.name() + ", " + n + " x " + h + " x " + w
                + ", batch " + batch + "]";
    }
}
