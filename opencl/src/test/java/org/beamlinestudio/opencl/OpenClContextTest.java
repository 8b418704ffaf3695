package org.beamlinestudio.opencl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jocl.cl_program;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenClContextTest {

    private static final String SCALE = "__kernel void scale(__global float* a, const float f) {\n"
            + "    a[get_global_id(0)] *= f;\n}\n";

    private OpenClDevice device;

    @BeforeEach
    void needsOpenCl() {
        device = OpenClTestSupport.requireDevice();
    }

    @Test
    void theSameProgramIsCompiledOncePerContext() {
        try (OpenClContext context = OpenClContext.open(device)) {
            cl_program first = context.program(OpenClFlatFieldCorrection.class, "flat_field.cl");
            cl_program second = context.program(OpenClFlatFieldCorrection.class, "flat_field.cl");
            assertThat(second).isSameAs(first);
            assertThat(context.programsBuilt()).isEqualTo(1);

            // Same source under another name: still the cached build (the key is the source's hash).
            assertThat(context.program("renamed", sourceOf("flat_field.cl"), "")).isSameAs(first);
            assertThat(context.programsBuilt()).isEqualTo(1);

            // Different options are a different build.
            assertThat(context.program(OpenClFlatFieldCorrection.class, "flat_field.cl", "-cl-mad-enable")).isNotSameAs(first);
            assertThat(context.programsBuilt()).isEqualTo(2);

            // Two corrections sharing the context share the build.
            new OpenClFlatFieldCorrection(context).close();
            new OpenClFlatFieldCorrection(context).close();
            assertThat(context.programsBuilt()).isEqualTo(2);
        }
    }

    @Test
    void aBuildFailureCarriesTheBuildLog() {
        try (OpenClContext context = OpenClContext.open(device)) {
            assertThatThrownBy(() -> context.program("broken.cl",
                    "__kernel void broken(__global float* a) { a[0] = undeclared_thing; }", ""))
                    .isInstanceOf(OpenClBuildException.class)
                    .hasMessageStartingWith("building OpenCL program 'broken.cl' for device '" + device.deviceName() + "' failed:")
                    .hasMessageContaining("undeclared_thing")
                    .satisfies(e -> assertThat(((OpenClBuildException) e).buildLog()).contains("undeclared"));
            assertThat(context.programsBuilt()).isZero();
        }
    }

    @Test
    void aMissingKernelResourceIsNamed() {
        try (OpenClContext context = OpenClContext.open(device)) {
            assertThatThrownBy(() -> context.program(OpenClContextTest.class, "nope.cl"))
                    .isInstanceOf(OpenClException.class)
                    .hasMessage("kernel source 'nope.cl' not found next to org.beamlinestudio.opencl.OpenClContextTest on the classpath");
        }
    }

    @Test
    void buffersRoundTripAndKernelsReportTheirDeviceTime() {
        try (OpenClContext context = OpenClContext.open(device)) {
            float[] host = {1, 2, 3, 4, 5, 6, 7, 8};
            DeviceBuffer buffer = context.allocateFloats(6);
            assertThat(buffer.bytes()).isEqualTo(24);
            context.write(buffer, host, 2, 6); // 3..8
            try (OpenClKernel kernel = context.kernel(context.program("scale", SCALE, ""), "scale")) {
                kernel.arg(0, buffer).arg(1, 0.5f);
                KernelTiming timing = context.run(kernel, 6);
                assertThat(timing.kernelName()).isEqualTo("scale");
                assertThat(timing.nanoseconds()).isPositive();
                assertThat(timing.millis()).isEqualTo(timing.nanoseconds() / 1e6);
            }
            float[] back = new float[8];
            context.read(buffer, back, 1, 6);
            assertThat(back).containsExactly(0, 1.5f, 2, 2.5f, 3, 3.5f, 4, 0);

            assertThatThrownBy(() -> context.read(buffer, back, 0, 7)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> context.write(buffer, host, 4, 6)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThat(context.openBuffers()).isEqualTo(1);
            buffer.close();
            buffer.close(); // idempotent
            assertThat(context.openBuffers()).isZero();
        }
    }

    @Test
    void closingTheContextReleasesOpenBuffers() {
        OpenClContext context = OpenClContext.open(device);
        DeviceBuffer a = context.upload(new float[] {1, 2});
        DeviceBuffer b = context.allocateFloats(100);
        assertThat(context.openBuffers()).isEqualTo(2);
        context.close();
        assertThat(a.isReleased()).isTrue();
        assertThat(b.isReleased()).isTrue();
        assertThat(context.openBuffers()).isZero();
        context.close(); // idempotent
        assertThatThrownBy(() -> context.allocateFloats(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is closed");
    }

    @Test
    void allocationsBeyondTheDeviceLimitAreRefusedWithTheLimit() {
        try (OpenClContext context = OpenClContext.open(device)) {
            long tooMany = device.maxAllocBytes() / Float.BYTES + 1;
            assertThatThrownBy(() -> context.allocateFloats(tooMany))
                    .isInstanceOf(OpenClException.class)
                    .hasMessageContaining("exceeds the largest single allocation of " + device.id());
            assertThatThrownBy(() -> context.allocateFloats(0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void openByUnknownIdNamesTheId() {
        assertThatThrownBy(() -> OpenClContext.open("opencl:9:9"))
                .isInstanceOf(OpenClException.class)
                .hasMessageStartingWith("no usable OpenCL device 'opencl:9:9'");
    }

    private static String sourceOf(String resource) {
        try (var in = OpenClFlatFieldCorrection.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
