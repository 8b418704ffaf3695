package org.beamlinestudio.opencl.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.beamlinestudio.core.render.Camera;
import org.beamlinestudio.core.render.ClipBox;
import org.beamlinestudio.core.render.JavaVolumeRenderer;
import org.beamlinestudio.core.render.RenderMode;
import org.beamlinestudio.core.render.RenderRequest;
import org.beamlinestudio.core.render.RenderedImage;
import org.beamlinestudio.core.render.TransferFunction;
import org.beamlinestudio.core.render.VolumeGrid;
import org.beamlinestudio.core.render.VolumePhantoms;
import org.beamlinestudio.core.render.VolumeRenderers;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.opencl.OpenClContext;
import org.beamlinestudio.opencl.OpenClTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenCL ray caster on a real device (PoCL in CI): known answers, and equal to its Java twin. */
class OpenClVolumeRendererTest {

    private static OpenClContext context;
    private static OpenClVolumeRenderer renderer;
    private static JavaVolumeRenderer java;

    @BeforeAll
    static void open() {
        context = OpenClContext.open(OpenClTestSupport.requireDevice());
        renderer = new OpenClVolumeRenderer(context);
        java = new JavaVolumeRenderer();
    }

    @AfterAll
    static void close() {
        if (renderer != null) {
            renderer.close();
            context.close();
            java.close();
        }
    }

    @Test
    void mipAlongZIsTheMaximumAlongZ() throws Exception {
        VolumeGrid g = VolumePhantoms.random(24, 20, 16, 1);
        Camera cam = VolumePhantoms.onePixelPerVoxel(g, 16, 20, 0, 0);
        RenderedImage img = renderer.render(new RenderRequest(g, cam, ClipBox.ALL, RenderMode.MIP,
                VolumePhantoms.ramp(0, 100, 1), 16, 20, 1.0), new Cancellation());
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 16; x++) {
                assertThat(img.value(x, y)).as("pixel (%d, %d)", x, y)
                        .isCloseTo(VolumePhantoms.maxAlongZ(g, y, x, 0, 24), within(1e-3f));
            }
        }
        assertThat(img.deviceId()).startsWith("opencl:");
    }

    @Test
    void mipAfterAQuarterTurnIsTheMaximumAlongX() throws Exception {
        VolumeGrid g = VolumePhantoms.random(24, 20, 16, 2);
        Camera cam = VolumePhantoms.onePixelPerVoxel(g, 24, 20, 90, 0);
        RenderedImage img = renderer.render(new RenderRequest(g, cam, ClipBox.ALL, RenderMode.MIP,
                VolumePhantoms.ramp(0, 100, 1), 24, 20, 1.0), new Cancellation());
        for (int y = 0; y < 20; y++) {
            for (int col = 0; col < 24; col++) {
                assertThat(img.value(col, y)).isCloseTo(VolumePhantoms.maxAlongX(g, 23 - col, y), within(1e-3f));
            }
        }
    }

    @Test
    void dvrOfAConstantOpacitySlabIsOneMinusOneMinusAToTheN() throws Exception {
        float[] v = new float[32 * 8 * 8];
        Arrays.fill(v, 1f);
        VolumeGrid g = VolumeGrid.of(v, 32, 8, 8);
        Camera cam = VolumePhantoms.onePixelPerVoxel(g, 8, 8, 0, 0);
        RenderedImage img = renderer.render(new RenderRequest(g, cam, ClipBox.ALL, RenderMode.DVR,
                VolumePhantoms.constantOpacity(0, 1, 0.05), 8, 8, 0.5), new Cancellation());
        assertThat((double) img.value(3, 5)).isCloseTo(1 - Math.pow(0.95, 32), within(1e-4));
    }

    @Test
    void clipPlanesRemoveTheClippedPart() throws Exception {
        VolumeGrid g = VolumePhantoms.random(24, 20, 16, 3);
        Camera cam = VolumePhantoms.onePixelPerVoxel(g, 16, 20, 0, 0);
        RenderedImage back = renderer.render(new RenderRequest(g, cam, new ClipBox(0, 0.5, 0, 1, 0.5, 1),
                RenderMode.MIP, VolumePhantoms.ramp(0, 100, 1), 16, 20, 1.0), new Cancellation());
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 16; x++) {
                if (x < 8) {
                    assertThat(back.value(x, y)).isCloseTo(VolumePhantoms.maxAlongZ(g, y, x, 12, 24), within(1e-3f));
                } else {
                    assertThat(back.value(x, y)).isNaN();
                }
            }
        }
    }

    @Test
    void equalsTheJavaTwinOnARotatedZoomedClippedSceneOrthographicAndPerspective() throws Exception {
        VolumeGrid g = VolumePhantoms.ballInGradient(48, 40, 56);
        TransferFunction tf = VolumePhantoms.ramp(0, 900, 0.15).withColors(warm());
        for (RenderMode mode : RenderMode.values()) {
            for (double fov : new double[] {0, 35}) {
                RenderRequest r = new RenderRequest(g, new Camera(37, -21, 1.4, 5, -3, fov),
                        new ClipBox(0.1, 0.9, 0, 1, 0.2, 1), mode, tf, 97, 83, 0.7);
                RenderedImage cl = renderer.render(r, new Cancellation());
                RenderedImage j = java.render(r, new Cancellation());
                int hits = 0;
                for (int p = 0; p < j.values().length; p++) {
                    float a = j.values()[p];
                    float b = cl.values()[p];
                    if (Float.isNaN(a)) {
                        assertThat(b).as("%s pixel %d", mode, p).isNaN();
                        continue;
                    }
                    hits++;
                    assertThat(b).as("%s pixel %d", mode, p).isCloseTo(a, within(Math.max(1e-4f, Math.abs(a) * 1e-4f)));
                    for (int shift = 0; shift <= 16; shift += 8) {
                        int ca = (j.argb()[p] >> shift) & 0xFF;
                        int cb = (cl.argb()[p] >> shift) & 0xFF;
                        assertThat(cb).as("%s pixel %d channel %d", mode, p, shift).isCloseTo(ca, within(1));
                    }
                }
                assertThat(hits).as("rays that hit the volume").isGreaterThan(2000);
            }
        }
    }

    @Test
    void aLevelUsedAgainIsNotUploadedAgain() throws Exception {
        VolumeGrid a = VolumePhantoms.random(8, 8, 8, 5);
        VolumeGrid b = VolumePhantoms.random(8, 8, 8, 6);
        VolumeGrid c = VolumePhantoms.random(8, 8, 8, 7);
        try (OpenClVolumeRenderer r = new OpenClVolumeRenderer(context)) {
            for (VolumeGrid g : new VolumeGrid[] {a, b, a, c}) {
                r.render(new RenderRequest(g, Camera.DEFAULT, ClipBox.ALL, RenderMode.MIP,
                        VolumePhantoms.ramp(0, 100, 1), 16, 16, 1), new Cancellation());
            }
            assertThat(r.volumesOnDevice()).isEqualTo(2);
        }
    }

    @Test
    void coreFindsTheOpenClRendererThroughTheServiceLoader() {
        OpenClTestSupport.requireDevice();
        VolumeRenderers.Opened opened = VolumeRenderers.open("auto");
        try {
            assertThat(opened.renderer()).isInstanceOf(OpenClVolumeRenderer.class);
            assertThat(opened.renderer().deviceName()).contains("OpenCL");
        } finally {
            opened.renderer().close();
        }
    }

    private static int[] warm() {
        int[] c = new int[256];
        for (int i = 0; i < 256; i++) {
            c[i] = 0xFF000000 | (i << 16) | ((i * 3 / 4) << 8) | (255 - i);
        }
        return c;
    }
}
