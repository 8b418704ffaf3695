package org.beamlinestudio.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.beamlinestudio.core.stage.Cancellation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The Java ray caster against answers known without it. */
class JavaVolumeRendererTest {

    private static final JavaVolumeRenderer RENDERER = new JavaVolumeRenderer();

    @AfterAll
    static void close() {
        RENDERER.close();
    }

    private static RenderedImage render(RenderRequest r) throws Exception {
        return RENDERER.render(r, new Cancellation());
    }

    @Test
    void mipAlongZIsTheMaximumAlongZ() throws Exception {
        VolumeGrid g = VolumePhantoms.random(24, 20, 16, 1);
        Camera cam = VolumePhantoms.onePixelPerVoxel(g, 16, 20, 0, 0);
        RenderedImage img = render(new RenderRequest(g, cam, ClipBox.ALL, RenderMode.MIP,
                VolumePhantoms.ramp(0, 100, 1), 16, 20, 1.0));
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 16; x++) {
                assertThat(img.value(x, y)).as("pixel (%d, %d)", x, y)
                        .isCloseTo(VolumePhantoms.maxAlongZ(g, y, x, 0, 24), within(1e-3f));
            }
        }
    }

    @Test
    void mipAfterAQuarterTurnIsTheMaximumAlongX() throws Exception {
        VolumeGrid g = VolumePhantoms.random(24, 20, 16, 2);
        // Yaw 90°: rays run along +x; image columns run along −z.
        Camera cam = VolumePhantoms.onePixelPerVoxel(g, 24, 20, 90, 0);
        RenderedImage img = render(new RenderRequest(g, cam, ClipBox.ALL, RenderMode.MIP,
                VolumePhantoms.ramp(0, 100, 1), 24, 20, 1.0));
        for (int y = 0; y < 20; y++) {
            for (int col = 0; col < 24; col++) {
                assertThat(img.value(col, y)).as("pixel (%d, %d)", col, y)
                        .isCloseTo(VolumePhantoms.maxAlongX(g, 23 - col, y), within(1e-3f));
            }
        }
    }

    @Test
    void mipColoursFollowTheWindow() throws Exception {
        float[] v = new float[4 * 4 * 4];
        java.util.Arrays.fill(v, 50f);
        VolumeGrid g = VolumeGrid.of(v, 4, 4, 4);
        Camera cam = VolumePhantoms.onePixelPerVoxel(g, 4, 4, 0, 0);
        RenderedImage img = render(new RenderRequest(g, cam, ClipBox.ALL, RenderMode.MIP,
                VolumePhantoms.ramp(0, 100, 1), 4, 4, 1.0));
        // 50 in a 0 … 100 grey window is mid-grey: 127.5 → 128.
        assertThat(img.argbAt(1, 1) & 0xFF).isBetween(127, 128);
        assertThat(img.argbAt(1, 1) >>> 24).isEqualTo(0xFF);
    }

    @Test
    void clipPlanesRemoveTheClippedPart() throws Exception {
        VolumeGrid g = VolumePhantoms.random(24, 20, 16, 3);
        Camera cam = VolumePhantoms.onePixelPerVoxel(g, 16, 20, 0, 0);
        TransferFunction tf = VolumePhantoms.ramp(0, 100, 1);
        RenderedImage front = render(new RenderRequest(g, cam, new ClipBox(0, 1, 0, 1, 0, 0.5), RenderMode.MIP, tf,
                16, 20, 1.0));
        RenderedImage back = render(new RenderRequest(g, cam, new ClipBox(0, 1, 0, 1, 0.5, 1), RenderMode.MIP, tf,
                16, 20, 1.0));
        RenderedImage leftHalf = render(new RenderRequest(g, cam, new ClipBox(0, 0.5, 0, 1, 0, 1), RenderMode.MIP, tf,
                16, 20, 1.0));
        int differing = 0;
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 16; x++) {
                float f = VolumePhantoms.maxAlongZ(g, y, x, 0, 12);
                float b = VolumePhantoms.maxAlongZ(g, y, x, 12, 24);
                assertThat(front.value(x, y)).isCloseTo(f, within(1e-3f));
                assertThat(back.value(x, y)).isCloseTo(b, within(1e-3f));
                if (f != b) {
                    differing++;
                }
                if (x < 8) {
                    assertThat(leftHalf.value(x, y)).isCloseTo(Math.max(f, b), within(1e-3f));
                } else {
                    assertThat(leftHalf.value(x, y)).as("clipped column %d", x).isNaN();
                    assertThat(leftHalf.argbAt(x, y)).isEqualTo(0xFF000000);
                }
            }
        }
        assertThat(differing).as("halves that differ, so the test can tell them apart").isGreaterThan(100);
    }

    @Test
    void dvrOfAConstantOpacitySlabIsOneMinusOneMinusAToTheN() throws Exception {
        // The whole 32-voxel depth is material of opacity a per voxel; half-voxel steps must give the same answer.
        float[] v = new float[32 * 8 * 8];
        java.util.Arrays.fill(v, 1f);
        VolumeGrid g = VolumeGrid.of(v, 32, 8, 8);
        Camera cam = VolumePhantoms.onePixelPerVoxel(g, 8, 8, 0, 0);
        double a = 0.05;
        double expected = 1 - Math.pow(1 - a, 32);
        for (double step : new double[] {1.0, 0.5}) {
            RenderedImage img = render(new RenderRequest(g, cam, ClipBox.ALL, RenderMode.DVR,
                    VolumePhantoms.constantOpacity(0, 1, a), 8, 8, step));
            assertThat((double) img.value(4, 4)).as("opacity at step %s", step).isCloseTo(expected, within(1e-4));
            // White material over black: the colour is the opacity.
            assertThat(img.argbAt(4, 4) & 0xFF).isCloseTo((int) Math.round(expected * 255), within(1));
        }
    }

    @Test
    void dvrOfASlabInsideEmptySpaceCountsOnlyTheSlab() throws Exception {
        int nz = 64;
        float[] v = new float[nz * 6 * 6];
        for (int z = 20; z < 36; z++) {
            java.util.Arrays.fill(v, z * 36, (z + 1) * 36, 1f);
        }
        VolumeGrid g = VolumeGrid.of(v, nz, 6, 6);
        Camera cam = VolumePhantoms.onePixelPerVoxel(g, 6, 6, 0, 0);
        double a = 0.1;
        RenderedImage img = render(new RenderRequest(g, cam, ClipBox.ALL, RenderMode.DVR,
                VolumePhantoms.ramp(0, 1, a), 6, 6, 1.0));
        assertThat((double) img.value(2, 3)).isCloseTo(1 - Math.pow(1 - a, 16), within(1e-4));
    }

    @Test
    void dvrStopsOnceTheRayIsOpaque() throws Exception {
        float[] v = new float[64 * 4 * 4];
        java.util.Arrays.fill(v, 1f);
        VolumeGrid g = VolumeGrid.of(v, 64, 4, 4);
        Camera cam = VolumePhantoms.onePixelPerVoxel(g, 4, 4, 0, 0);
        RenderedImage img = render(new RenderRequest(g, cam, ClipBox.ALL, RenderMode.DVR,
                VolumePhantoms.constantOpacity(0, 1, 0.5), 4, 4, 1.0));
        // 1 − 0.5^7 = 0.992 is the first partial sum past 0.99: the ray stops there, not at 1 − 0.5^64.
        assertThat((double) img.value(1, 1)).isCloseTo(1 - Math.pow(0.5, 7), within(1e-5));
    }

    @Test
    void shadingDarkensSurfacesSeenEdgeOnButNotTheirOpacity() throws Exception {
        // A ball seen from the front: lit full at its centre (gradient along the ray), darker towards its rim.
        VolumeGrid g = VolumePhantoms.ballInGradient(64, 64, 64);
        TransferFunction tf = TransferFunction.of(0, 900, TransferFunction.Preset.BRIGHT);
        RenderRequest plain = new RenderRequest(g, VolumePhantoms.onePixelPerVoxel(g, 64, 64, 0, 0), ClipBox.ALL,
                RenderMode.DVR, tf, 64, 64, 0.5);
        RenderRequest lit = new RenderRequest(g, plain.camera(), ClipBox.ALL, RenderMode.SHADED, tf, 64, 64, 0.5);
        RenderedImage a = render(plain);
        RenderedImage b = render(lit);
        assertThat(b.values()).containsExactly(a.values());
        // Ball centre (x 32, y 35): facing the viewer, the light keeps most of the colour.
        int centre = b.argbAt(32, 35) & 0xFF;
        assertThat(centre).isGreaterThan((int) ((a.argbAt(32, 35) & 0xFF) * 0.8));
        // Near the rim (x 32 + 17) the surface is seen nearly edge-on: darker than unlit.
        assertThat(b.argbAt(49, 35) & 0xFF).isLessThan((int) ((a.argbAt(49, 35) & 0xFF) * 0.8));
    }

    @Test
    void perspectiveDrawsTheNearSquareLargerThanTheFarOneAndOrthographicDoesNot() throws Exception {
        int n = 64;
        float[] v = new float[n * n * n];
        for (int z : new int[] {8, 9, 54, 55}) {
            for (int y = 24; y < 40; y++) {
                for (int x = 24; x < 40; x++) {
                    v[(z * n + y) * n + x] = 1000;
                }
            }
        }
        VolumeGrid g = VolumeGrid.of(v, n, n, n);
        TransferFunction tf = VolumePhantoms.ramp(0, 1000, 1);
        for (double fov : new double[] {0, 40}) {
            Camera cam = new Camera(0, 0, 1, 0, 0, fov);
            int near = brightPixels(render(new RenderRequest(g, cam, new ClipBox(0, 1, 0, 1, 0, 0.5), RenderMode.MIP,
                    tf, 128, 128, 0.5)));
            int far = brightPixels(render(new RenderRequest(g, cam, new ClipBox(0, 1, 0, 1, 0.5, 1), RenderMode.MIP,
                    tf, 128, 128, 0.5)));
            assertThat(near).as("near square, fov %s", fov).isGreaterThan(100);
            if (fov == 0) {
                assertThat(near).isEqualTo(far);
            } else {
                // Eye ≈ 1.5 diagonals from the centre: the near square (25 voxels nearer) looks ~1.3× wider.
                assertThat((double) near).isGreaterThan(far * 1.3);
            }
        }
    }

    private static int brightPixels(RenderedImage img) {
        int n = 0;
        for (float x : img.values()) {
            if (x > 500) {
                n++;
            }
        }
        return n;
    }

    @Test
    void aCancelledRenderStops() {
        VolumeGrid g = VolumePhantoms.random(16, 16, 16, 4);
        Cancellation c = new Cancellation();
        c.cancel();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RENDERER.render(new RenderRequest(g, Camera.DEFAULT,
                ClipBox.ALL, RenderMode.MIP, VolumePhantoms.ramp(0, 100, 1), 64, 64, 1.0), c))
                .isInstanceOf(Cancellation.CancelledException.class);
    }

    @Test
    void aCoarseLevelLooksLikeTheFullVolume() throws Exception {
        VolumeGrid g = VolumePhantoms.ballInGradient(64, 64, 64);
        VolumeLevels levels = VolumeLevels.of(g);
        VolumeGrid coarse = levels.level(2, new Cancellation(), null);
        TransferFunction tf = VolumePhantoms.ramp(0, 900, 0.2);
        RenderRequest fine = new RenderRequest(g, new Camera(30, 20, 1, 0, 0), ClipBox.ALL, RenderMode.DVR, tf, 64, 64, 1);
        RenderedImage a = render(fine);
        RenderedImage b = render(fine.withGrid(coarse));
        // Opacity correction keeps the look: same mean opacity within a few per cent.
        assertThat(mean(b.values())).isCloseTo(mean(a.values()), within(0.03));
    }

    @Test
    void emptySpaceSkippingNeverChangesThePicture() {
        // Air (0) around a ball in a gradient: DVR with the bright preset skips the air and the dim gradient,
        // MIP skips whatever cannot beat the ball. Both must give exactly the pixels of a ray that skips nothing.
        VolumeGrid g = VolumePhantoms.ballInGradient(40, 48, 56);
        for (RenderMode mode : RenderMode.values()) {
            for (Camera cam : new Camera[] {Camera.DEFAULT, new Camera(33, -17, 1.2, 4, -6), new Camera(90, 0, 1, 0, 0)}) {
                RenderRequest r = new RenderRequest(g, cam, new ClipBox(0, 1, 0.1, 1, 0, 0.9), mode,
                        TransferFunction.of(0, 900, TransferFunction.Preset.BRIGHT), 61, 53, 0.8);
                RayGeometry geo = new RayGeometry(r);
                float[] lut = r.transfer().lookupTable(geo.opacityStep());
                BrickRanges bricks = BrickRanges.of(g);
                float[] keys = bricks.skipKeys(mode, geo, lut);
                float[] never = new float[keys.length];
                java.util.Arrays.fill(never, Float.POSITIVE_INFINITY);
                if (mode.composites()) {
                    long skippable = 0;
                    for (float k : keys) {
                        skippable += k == Float.NEGATIVE_INFINITY ? 1 : 0;
                    }
                    assertThat(skippable).as("transparent bricks").isGreaterThan(keys.length / 3);
                }
                float[] a = new float[4];
                float[] b = new float[4];
                for (int j = 0; j < 53; j++) {
                    for (int i = 0; i < 61; i++) {
                        JavaVolumeRenderer.castRay(geo, g, lut, keys, bricks.bricksX(), bricks.bricksY(),
                                mode.composites(), mode == RenderMode.SHADED, i, j, a);
                        JavaVolumeRenderer.castRay(geo, g, lut, never, bricks.bricksX(), bricks.bricksY(),
                                mode.composites(), mode == RenderMode.SHADED, i, j, b);
                        assertThat(a).as("%s %s pixel (%d, %d)", mode, cam, i, j).containsExactly(b);
                    }
                }
            }
        }
    }

    private static double mean(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x;
        }
        return s / v.length;
    }
}
