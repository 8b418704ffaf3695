package org.beamlinestudio.opencl;

import static org.jocl.CL.CL_DEVICE_AVAILABLE;
import static org.jocl.CL.CL_DEVICE_GLOBAL_MEM_SIZE;
import static org.jocl.CL.CL_DEVICE_MAX_COMPUTE_UNITS;
import static org.jocl.CL.CL_DEVICE_MAX_MEM_ALLOC_SIZE;
import static org.jocl.CL.CL_DEVICE_NAME;
import static org.jocl.CL.CL_DEVICE_NOT_FOUND;
import static org.jocl.CL.CL_DEVICE_OPENCL_C_VERSION;
import static org.jocl.CL.CL_DEVICE_TYPE;
import static org.jocl.CL.CL_DEVICE_TYPE_ALL;
import static org.jocl.CL.CL_DEVICE_TYPE_CPU;
import static org.jocl.CL.CL_DEVICE_TYPE_GPU;
import static org.jocl.CL.CL_DEVICE_VERSION;
import static org.jocl.CL.CL_PLATFORM_NAME;
import static org.jocl.CL.CL_PLATFORM_NOT_FOUND_KHR;
import static org.jocl.CL.CL_PLATFORM_VERSION;
import static org.jocl.CL.clGetDeviceIDs;
import static org.jocl.CL.clGetPlatformIDs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.beamlinestudio.core.compute.ComputeDevice;
import org.beamlinestudio.core.compute.ComputeDeviceProvider;
import org.beamlinestudio.core.compute.ComputeDevices;
import org.beamlinestudio.core.compute.DeviceChoice;
import org.jocl.CLException;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenCL device discovery and choice, found by {@code ComputeDevices} through {@link java.util.ServiceLoader}.
 *
 * <p>Discovery runs once per process (the first call that needs it) and is cached: it enumerates
 * every platform and device, keeps GPUs and CPUs that are available and that compile and run a
 * tiny probe kernel correctly, and records everything else in {@link DeviceChoice#problems()}.
 * A missing OpenCL library, a missing driver (no platform) or any other driver failure never
 * escapes: the choice falls back to plain Java and the reason says why.
 *
 * <p>Setting the system property {@value #DISABLE_PROPERTY}{@code =true} (or the environment
 * variable {@value #DISABLE_ENV}{@code =true}) switches OpenCL off without touching the library:
 * for users with a misbehaving driver, and for tests of the plain-Java path. It is read on every
 * call, so it can be changed at run time.
 */
public final class OpenClDevices implements ComputeDeviceProvider {

    /** System property that switches OpenCL off: {@code -Dstudio.opencl.disable=true}. */
    public static final String DISABLE_PROPERTY = "studio.opencl.disable";
    /** Environment variable that switches OpenCL off: {@code STUDIO_OPENCL_DISABLE=true}. */
    public static final String DISABLE_ENV = "STUDIO_OPENCL_DISABLE";

    private static final Logger LOG = LoggerFactory.getLogger(OpenClDevices.class);
    private static final Set<String> LOGGED_CHOICES = ConcurrentHashMap.newKeySet();
    private static final String PROBE_SOURCE =
            "__kernel void studio_probe(__global float* a) {\n"
            + "    size_t i = get_global_id(0);\n"
            + "    a[i] = a[i] * 2.0f + 1.0f;\n"
            + "}\n";

    /** The outcome of enumerating the drivers. */
    record Discovery(List<OpenClDevice> devices, String unavailableReason, List<String> problems) {
        Discovery {
            devices = List.copyOf(devices);
            problems = List.copyOf(problems);
        }
    }

    private static volatile Discovery discovery;

    /** For {@link java.util.ServiceLoader}; all instances share one cached discovery. */
    public OpenClDevices() {
    }

    @Override
    public DeviceChoice choose(String preference) {
        return chooseDevice(preference);
    }

    /** Like {@link #choose(String)}, without going through {@link java.util.ServiceLoader}. */
    public static DeviceChoice chooseDevice(String preference) {
        DeviceChoice choice;
        if (disabled()) {
            choice = choose(preference, new Discovery(List.of(),
                    "OpenCL disabled (" + DISABLE_PROPERTY + "=true or " + DISABLE_ENV + "=true)", List.of()));
        } else {
            choice = choose(preference, discovery());
        }
        String key = preference + "->" + choice.chosen().id() + ":" + choice.reason();
        if (LOGGED_CHOICES.add(key)) {
            LOG.info("Compute device for '{}': {} ({})", preference, choice.chosen().id(), choice.reason());
        } else {
            LOG.debug("Compute device for '{}': {} ({})", preference, choice.chosen().id(), choice.reason());
        }
        return choice;
    }

    /** The usable OpenCL devices, best first; empty when OpenCL is disabled or unavailable. */
    public static List<OpenClDevice> devices() {
        return disabled() ? List.of() : discovery().devices();
    }

    /** The OpenCL device with this id ({@code opencl:<platform>:<device>}), if usable. */
    public static Optional<OpenClDevice> find(String id) {
        return devices().stream().filter(d -> d.id().equalsIgnoreCase(id.trim())).findFirst();
    }

    /** Whether OpenCL is switched off by {@value #DISABLE_PROPERTY} or {@value #DISABLE_ENV}. */
    public static boolean disabled() {
        return Boolean.parseBoolean(System.getProperty(DISABLE_PROPERTY, "false").trim())
                || Boolean.parseBoolean(Optional.ofNullable(System.getenv(DISABLE_ENV)).orElse("false").trim());
    }

    private static Discovery discovery() {
        Discovery d = discovery;
        if (d == null) {
            synchronized (OpenClDevices.class) {
                d = discovery;
                if (d == null) {
                    d = discover();
                    discovery = d;
                }
            }
        }
        return d;
    }

    /** The choice for a preference, given what discovery found. Pure: no driver calls. */
    static DeviceChoice choose(String preference, Discovery found) {
        String pref = preference == null || preference.isBlank() ? "auto" : preference.trim();
        ComputeDevice java = ComputeDevices.javaDevice();
        List<ComputeDevice> available = new ArrayList<>();
        found.devices().forEach(d -> available.add(d.info()));
        available.add(java);

        if (pref.equalsIgnoreCase("java")) {
            return new DeviceChoice(available, java, "plain Java requested", found.problems());
        }
        if (!pref.equalsIgnoreCase("auto")) {
            for (OpenClDevice d : found.devices()) {
                if (d.id().equalsIgnoreCase(pref)) {
                    return new DeviceChoice(available, d.info(), "requested " + typeWord(d) + " " + d.describe(),
                            found.problems());
                }
            }
            Auto auto = auto(found, java);
            return new DeviceChoice(available, auto.device(),
                    "device '" + pref + "' not found (see 'studio devices'); automatic choice: " + auto.reason(),
                    found.problems());
        }
        Auto auto = auto(found, java);
        return new DeviceChoice(available, auto.device(), auto.reason(), found.problems());
    }

    private record Auto(ComputeDevice device, String reason) {
    }

    private static Auto auto(Discovery found, ComputeDevice java) {
        for (OpenClDevice d : found.devices()) {
            if (d.info().type() == ComputeDevice.Type.GPU) {
                return new Auto(d.info(), "GPU " + d.describe());
            }
        }
        for (OpenClDevice d : found.devices()) {
            if (d.info().type() == ComputeDevice.Type.CPU) {
                return new Auto(d.info(), "no GPU; CPU OpenCL device " + d.describe());
            }
        }
        String why = found.unavailableReason() != null ? found.unavailableReason() : "no usable OpenCL device";
        return new Auto(java, why + ": plain Java");
    }

    private static String typeWord(OpenClDevice d) {
        return d.info().type() == ComputeDevice.Type.GPU ? "GPU" : "CPU OpenCL device";
    }

    /** The user-facing reason for a failure to load OpenCL at all. */
    static String reasonFor(Throwable loadFailure) {
        if (loadFailure instanceof LinkageError) {
            String message = String.valueOf(loadFailure.getMessage());
            // JOCL's own natives load first; only then does it look for the system's OpenCL library.
            if (message.contains("JOCL_") && !message.contains("OpenCL library")) {
                return "the OpenCL bindings (JOCL) could not load their native library (" + message + ")";
            }
            return "no OpenCL library (" + OpenClRuntime.libraryName() + " not found)";
        }
        if (loadFailure instanceof CLException
                && ((CLException) loadFailure).getStatus() == CL_PLATFORM_NOT_FOUND_KHR) {
            return "no OpenCL platform (the OpenCL library found no driver)";
        }
        return "OpenCL failed to start (" + loadFailure + ")";
    }

    private static Discovery discover() {
        long start = System.nanoTime();
        List<String> problems = new ArrayList<>();
        try {
            OpenClRuntime.load();
        } catch (LinkageError e) {
            problems.add("no OpenCL library: " + e + ". Install the ICD loader (Debian: ocl-icd-libopencl1) "
                    + "and a driver (a GPU vendor's, or pocl-opencl-icd for the CPU)");
            LOG.info("OpenCL unavailable: {}", e.toString());
            return new Discovery(List.of(), reasonFor(e), problems);
        }
        cl_platform_id[] platforms;
        try {
            int[] count = new int[1];
            clGetPlatformIDs(0, null, count);
            if (count[0] == 0) {
                throw new CLException("no platforms", CL_PLATFORM_NOT_FOUND_KHR);
            }
            platforms = new cl_platform_id[count[0]];
            clGetPlatformIDs(platforms.length, platforms, null);
        } catch (CLException | LinkageError e) {
            if (e instanceof CLException && ((CLException) e).getStatus() == CL_PLATFORM_NOT_FOUND_KHR) {
                problems.add("the OpenCL library is installed but no driver registers a platform "
                        + "(no .icd file in /etc/OpenCL/vendors): install a GPU driver or pocl-opencl-icd");
            } else {
                problems.add("listing OpenCL platforms failed: " + e);
            }
            LOG.info("OpenCL unavailable: {}", e.toString());
            return new Discovery(List.of(), reasonFor(e), problems);
        }

        List<OpenClDevice> devices = new ArrayList<>();
        for (int p = 0; p < platforms.length; p++) {
            try {
                discoverPlatform(p, platforms[p], devices, problems);
            } catch (CLException | LinkageError e) {
                problems.add("OpenCL platform " + p + " failed: " + e);
            }
        }
        // Stable: within a type, the drivers' order (device 0 is usually the one users expect first).
        devices.sort(Comparator.comparingInt(d -> d.info().type().ordinal()));
        problems.forEach(pr -> LOG.warn("OpenCL: {}", pr));
        LOG.debug("OpenCL discovery took {} ms: {} usable device(s)", (System.nanoTime() - start) / 1_000_000,
                devices.size());
        return new Discovery(devices, devices.isEmpty() ? "no usable OpenCL device" : null, problems);
    }

    private static void discoverPlatform(int p, cl_platform_id platform, List<OpenClDevice> out, List<String> problems) {
        String platformName = ClInfo.platformString(platform, CL_PLATFORM_NAME);
        String platformVersion = ClInfo.platformString(platform, CL_PLATFORM_VERSION);
        boolean pocl = platformName.contains("Portable Computing Language")
                || platformVersion.toLowerCase(Locale.ROOT).contains("pocl");
        cl_device_id[] ids;
        try {
            int[] count = new int[1];
            clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 0, null, count);
            ids = new cl_device_id[count[0]];
            clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, ids.length, ids, null);
        } catch (CLException e) {
            if (e.getStatus() == CL_DEVICE_NOT_FOUND) {
                problems.add("OpenCL platform '" + platformName + "' has no devices");
                return;
            }
            throw e;
        }
        for (int d = 0; d < ids.length; d++) {
            String id = "opencl:" + p + ":" + d;
            String name = id;
            try {
                name = ClInfo.deviceString(ids[d], CL_DEVICE_NAME);
                long type = ClInfo.deviceLong(ids[d], CL_DEVICE_TYPE);
                ComputeDevice.Type t;
                if ((type & CL_DEVICE_TYPE_GPU) != 0) {
                    t = ComputeDevice.Type.GPU;
                } else if ((type & CL_DEVICE_TYPE_CPU) != 0) {
                    t = ComputeDevice.Type.CPU;
                } else {
                    problems.add("skipped OpenCL device '" + name + "' on platform '" + platformName
                            + "': neither a GPU nor a CPU (accelerator or custom devices are not supported)");
                    continue;
                }
                if (ClInfo.deviceInt(ids[d], CL_DEVICE_AVAILABLE) == 0) {
                    problems.add("skipped OpenCL device '" + name + "' on platform '" + platformName
                            + "': the driver reports it unavailable");
                    continue;
                }
                String cVersion;
                try {
                    cVersion = ClInfo.deviceString(ids[d], CL_DEVICE_OPENCL_C_VERSION);
                } catch (CLException e) {
                    cVersion = ClInfo.deviceString(ids[d], CL_DEVICE_VERSION); // OpenCL 1.0 devices
                }
                ComputeDevice info = new ComputeDevice(id, pocl ? name + " (PoCL)" : name, t, platformName,
                        ClInfo.deviceInt(ids[d], CL_DEVICE_MAX_COMPUTE_UNITS),
                        ClInfo.deviceLong(ids[d], CL_DEVICE_GLOBAL_MEM_SIZE), cVersion);
                OpenClDevice device = new OpenClDevice(info, name, platformName, pocl,
                        ClInfo.deviceLong(ids[d], CL_DEVICE_MAX_MEM_ALLOC_SIZE), platform, ids[d]);
                probe(device);
                out.add(device);
            } catch (CLException | OpenClException | LinkageError e) {
                problems.add("skipped OpenCL device '" + name + "' (" + id + ") on platform '" + platformName
                        + "': " + e.getMessage());
            }
        }
    }

    /** Compiles and runs a trivial kernel, so a device whose driver cannot do that is never chosen. */
    private static void probe(OpenClDevice device) {
        try (OpenClContext context = OpenClContext.open(device);
             OpenClKernel kernel = context.kernel(context.program("studio_probe", PROBE_SOURCE, ""), "studio_probe");
             DeviceBuffer buffer = context.upload(new float[] {0, 1, 2, 3})) {
            kernel.arg(0, buffer);
            context.run(kernel, 4);
            float[] result = new float[4];
            context.read(buffer, result, 0, 4);
            if (result[0] != 1f || result[1] != 3f || result[2] != 5f || result[3] != 7f) {
                throw new OpenClException("the probe kernel computed " + java.util.Arrays.toString(result)
                        + " instead of [1.0, 3.0, 5.0, 7.0]");
            }
        }
    }
}
