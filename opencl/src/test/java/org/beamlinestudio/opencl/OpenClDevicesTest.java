package org.beamlinestudio.opencl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.beamlinestudio.core.cli.StudioCli;
import org.beamlinestudio.core.compute.ComputeDevice;
import org.beamlinestudio.core.compute.ComputeDevices;
import org.beamlinestudio.core.compute.DeviceChoice;
import org.jocl.CL;
import org.jocl.CLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenClDevicesTest {

    @Test
    void discoveryFindsThePoclCpuDeviceAndAutoChoosesIt() {
        OpenClTestSupport.requireDevice();
        DeviceChoice choice = OpenClDevices.chooseDevice("auto");

        ComputeDevice cpu = choice.available().stream()
                .filter(d -> d.type() == ComputeDevice.Type.CPU && d.name().endsWith("(PoCL)"))
                .findFirst().orElseThrow(() -> new AssertionError("no PoCL CPU device in " + choice.available()));
        assertThat(cpu.id()).matches("opencl:\\d+:\\d+");
        assertThat(cpu.platform()).isEqualTo("Portable Computing Language");
        assertThat(cpu.computeUnits()).isPositive();
        assertThat(cpu.globalMemoryBytes()).isPositive();
        assertThat(cpu.openclVersion()).startsWith("OpenCL C 1.");

        assertThat(choice.available().get(choice.available().size() - 1)).isEqualTo(ComputeDevices.javaDevice());
        assertThat(choice.chosen()).isEqualTo(cpu); // no GPU on this machine
        assertThat(choice.reason()).startsWith("no GPU; CPU OpenCL device '").endsWith("' (PoCL)");
        assertThat(choice.problems()).isEmpty();
    }

    @Test
    void theServiceLoaderFindsThisProvider() {
        DeviceChoice viaCore = ComputeDevices.choose("auto");
        assertThat(viaCore.reason()).doesNotContain("not installed");
        assertThat(viaCore).isEqualTo(OpenClDevices.chooseDevice("auto"));
    }

    @Test
    void preferenceJavaChoosesPlainJavaButStillListsOpenClDevices() {
        DeviceChoice choice = OpenClDevices.chooseDevice("java");
        assertThat(choice.chosen()).isEqualTo(ComputeDevices.javaDevice());
        assertThat(choice.reason()).isEqualTo("plain Java requested");
        assertThat(choice.available()).hasSize(OpenClDevices.devices().size() + 1);
    }

    @Test
    void aDeviceIdChoosesThatDevice() {
        OpenClDevice device = OpenClTestSupport.requireDevice();
        DeviceChoice choice = OpenClDevices.chooseDevice(" " + device.id().toUpperCase() + " ");
        assertThat(choice.chosen()).isEqualTo(device.info());
        assertThat(choice.reason()).startsWith("requested ").contains(device.deviceName());
    }

    @Test
    void anUnknownDeviceIdFallsBackToAutoAndSaysSo() {
        DeviceChoice auto = OpenClDevices.chooseDevice("auto");
        DeviceChoice choice = OpenClDevices.chooseDevice("opencl:9:9");
        assertThat(choice.chosen()).isEqualTo(auto.chosen());
        assertThat(choice.reason()).isEqualTo("device 'opencl:9:9' not found (see 'studio devices'); automatic choice: "
                + auto.reason());
    }

    @Test
    void blankOrNullPreferenceMeansAuto() {
        DeviceChoice auto = OpenClDevices.chooseDevice("auto");
        assertThat(OpenClDevices.chooseDevice(null)).isEqualTo(auto);
        assertThat(OpenClDevices.chooseDevice("  ")).isEqualTo(auto);
    }

    @Test
    void disablingOpenClChoosesJavaWithTheReason() {
        OpenClTestSupport.withOpenClDisabled(() -> {
            ComputeDevice java = ComputeDevices.javaDevice();
            DeviceChoice auto = OpenClDevices.chooseDevice("auto");
            assertThat(auto.chosen()).isEqualTo(java);
            assertThat(auto.available()).containsExactly(java);
            assertThat(auto.reason()).isEqualTo("OpenCL disabled (studio.opencl.disable=true or "
                    + "STUDIO_OPENCL_DISABLE=true): plain Java");
            assertThat(OpenClDevices.devices()).isEmpty();

            DeviceChoice byId = OpenClDevices.chooseDevice("opencl:0:0");
            assertThat(byId.chosen()).isEqualTo(java);
            assertThat(byId.reason()).startsWith("device 'opencl:0:0' not found").contains("OpenCL disabled");
        });
        assertThat(OpenClDevices.disabled()).isFalse();
    }

    @Test
    void aGpuIsPreferredOverACpuWhateverTheDriverOrder() {
        OpenClDevice cpu = fake("opencl:0:0", "pthread-AMD EPYC", ComputeDevice.Type.CPU, "Portable Computing Language", true);
        OpenClDevice gpu = fake("opencl:1:0", "NVIDIA A100", ComputeDevice.Type.GPU, "NVIDIA CUDA", false);
        // discover() sorts GPUs first; the choice itself must not depend on that order either.
        DeviceChoice choice = OpenClDevices.choose("auto", new OpenClDevices.Discovery(List.of(cpu, gpu), null, List.of()));
        assertThat(choice.chosen()).isEqualTo(gpu.info());
        assertThat(choice.reason()).isEqualTo("GPU 'NVIDIA A100' on platform 'NVIDIA CUDA'");

        DeviceChoice cpuChoice = OpenClDevices.choose("opencl:0:0",
                new OpenClDevices.Discovery(List.of(gpu, cpu), null, List.of()));
        assertThat(cpuChoice.chosen()).isEqualTo(cpu.info());
        assertThat(cpuChoice.reason()).isEqualTo("requested CPU OpenCL device 'pthread-AMD EPYC' (PoCL)");
    }

    @Test
    void missingLibraryOrPlatformBecomesAReadableReason() {
        String noLibrary = OpenClDevices.reasonFor(new UnsatisfiedLinkError("Could not load libOpenCL.so.1"));
        assertThat(noLibrary).isEqualTo("no OpenCL library (libOpenCL.so.1 not found)");
        DeviceChoice choice = OpenClDevices.choose("auto", new OpenClDevices.Discovery(List.of(), noLibrary,
                List.of("no OpenCL library: ...")));
        assertThat(choice.chosen()).isEqualTo(ComputeDevices.javaDevice());
        assertThat(choice.reason()).isEqualTo("no OpenCL library (libOpenCL.so.1 not found): plain Java");
        assertThat(choice.problems()).containsExactly("no OpenCL library: ...");

        assertThat(OpenClDevices.reasonFor(new UnsatisfiedLinkError(
                "Could not initialize native OpenCL library. Implementation library could not be loaded")))
                .isEqualTo(noLibrary); // what JOCL 2.0.6 says when dlopen of libOpenCL fails
        assertThat(OpenClDevices.reasonFor(new UnsatisfiedLinkError(
                "Error while loading native library \"JOCL_2_0_6-linux-x86_64\"")))
                .startsWith("the OpenCL bindings (JOCL) could not load their native library");
        assertThat(OpenClDevices.reasonFor(new CLException("none", CL.CL_PLATFORM_NOT_FOUND_KHR)))
                .isEqualTo("no OpenCL platform (the OpenCL library found no driver)");
    }

    @Test
    void studioDevicesListsThePoclDeviceThenJava() {
        OpenClDevice device = OpenClTestSupport.requireDevice();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = StudioCli.execute(new String[] {"devices"}, new PrintWriter(out, true), new PrintWriter(err, true));
        System.out.println("studio devices:\n" + out);
        assertThat(code).isZero();
        assertThat(err.toString()).isEmpty();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(0)).isEqualTo("Devices (best first):");
        assertThat(lines.get(1)).startsWith(" * " + device.id()).contains("CPU", device.deviceName() + " (PoCL)",
                "[Portable Computing Language]", "OpenCL C 1.2");
        assertThat(lines.get(lines.size() - 2)).startsWith("   java").contains("JAVA", "Plain Java");
        assertThat(lines.get(lines.size() - 1)).startsWith("Chosen: " + device.id() + " — no GPU; CPU OpenCL device");
    }

    /**
     * The real "driver missing" path: a child JVM whose ICD loader sees no vendor files
     * ({@code OCL_ICD_VENDORS} pointing at an empty folder) gets {@code CL_PLATFORM_NOT_FOUND_KHR}
     * and must choose Java, not crash.
     */
    @Test
    void withoutAnyPlatformStudioDevicesChoosesJava(@TempDir Path emptyVendors) throws IOException, InterruptedException {
        OpenClTestSupport.requireDevice(); // the ICD loader must exist for this path to be the one tested
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                StudioCli.class.getName(), "devices").redirectErrorStream(true);
        pb.environment().put("OCL_ICD_VENDORS", emptyVendors.toString());
        pb.environment().remove(OpenClDevices.DISABLE_ENV);
        Process process = pb.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.println("studio devices without a platform:\n" + output);
        assertThat(process.exitValue()).isZero();
        assertThat(output).contains(" * java ")
                .contains("Chosen: java — no OpenCL platform (the OpenCL library found no driver): plain Java")
                .contains("Note: the OpenCL library is installed but no driver registers a platform");
        assertThat(emptyVendors.toFile().list()).isEmpty();
    }

    private static OpenClDevice fake(String id, String name, ComputeDevice.Type type, String platform, boolean pocl) {
        ComputeDevice info = new ComputeDevice(id, pocl ? name + " (PoCL)" : name, type, platform, 8, 1L << 34, "OpenCL C 1.2");
        return new OpenClDevice(info, name, platform, pocl, 1L << 32, null, null);
    }
}
