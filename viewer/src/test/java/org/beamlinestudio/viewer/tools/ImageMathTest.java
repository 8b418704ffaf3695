package org.beamlinestudio.viewer.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.beamlinestudio.core.testing.InMemoryDataset;
import org.junit.jupiter.api.Test;

/** The pure parts of the tools: profiles, ROI statistics, histograms, the PNG encoder and the 4-D view. */
class ImageMathTest {

    /** value = 3·x + 100·y on a 20 × 10 image (x along rows). */
    private static float[] plane() {
        float[] d = new float[20 * 10];
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 20; x++) {
                d[y * 20 + x] = 3 * x + 100 * y;
            }
        }
        return d;
    }

    @Test
    void aProfileAlongARampReadsTheRampOneSamplePerPixel() {
        // Pixel centres sit at i + 0.5: from the centre of (2, 4) to the centre of (12, 4) is 10 pixels.
        LineProfile p = LineProfile.sample(plane(), 20, 10, 2.5, 4.5, 12.5, 4.5);
        assertThat(p.values()).hasSize(11);
        for (int i = 0; i <= 10; i++) {
            assertThat(p.distance()[i]).isCloseTo(i, within(1e-9));
            assertThat(p.values()[i]).isCloseTo(3 * (2 + i) + 400, within(1e-4));
        }
        // A diagonal 3-4-5 line: 6 samples, each 1 pixel apart; bilinear on a plane is exact.
        LineProfile d = LineProfile.sample(plane(), 20, 10, 1.5, 1.5, 4.5, 5.5);
        assertThat(d.values()).hasSize(6);
        for (int i = 0; i < 6; i++) {
            double x = 1 + 3 * i / 5.0;
            double y = 1 + 4 * i / 5.0;
            assertThat(d.values()[i]).isCloseTo(3 * x + 100 * y, within(1e-4));
        }
        // Outside the image there is no value.
        assertThat(LineProfile.bilinear(plane(), 20, 10, -1, 3)).isNaN();
    }

    @Test
    void rectangleAndEllipseStatisticsOfAKnownImage() {
        float[] d = plane();
        // Rectangle over pixels x 2..5, y 1..3 (4 × 3 = 12 pixels).
        RoiStatistics r = RoiStatistics.of(d, 20, 10, RoiStatistics.Shape.RECTANGLE, 2, 1, 6, 4);
        assertThat(r.area()).isEqualTo(12);
        assertThat(r.count()).isEqualTo(12);
        double mean = 3 * 3.5 + 100 * 2; // mean x = 3.5, mean y = 2
        assertThat(r.mean()).isCloseTo(mean, within(1e-9));
        assertThat(r.min()).isEqualTo(3 * 2 + 100);
        assertThat(r.max()).isEqualTo(3 * 5 + 300);
        assertThat(r.sum()).isCloseTo(12 * mean, within(1e-6));
        double ss = 0;
        for (int y = 1; y <= 3; y++) {
            for (int x = 2; x <= 5; x++) {
                ss += Math.pow(3 * x + 100 * y - mean, 2);
            }
        }
        assertThat(r.std()).isCloseTo(Math.sqrt(ss / 11), within(1e-9));

        // The ellipse inscribed in a 10 × 10 box: the pixel centres inside a circle of radius 5 about (5, 5).
        float[] ones = new float[20 * 20];
        java.util.Arrays.fill(ones, 2f);
        ones[5 * 20 + 5] = 12f; // a hot pixel at the centre
        RoiStatistics e = RoiStatistics.of(ones, 20, 20, RoiStatistics.Shape.ELLIPSE, 0, 0, 10, 10);
        int inside = 0;
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 10; x++) {
                if (Math.pow(x + 0.5 - 5, 2) + Math.pow(y + 0.5 - 5, 2) <= 25) {
                    inside++;
                }
            }
        }
        assertThat(inside).isEqualTo(80); // of the 100 in the box; the disc is π·25 ≈ 78.5 pixels
        assertThat(e.area()).isEqualTo(inside);
        assertThat(e.mean()).isCloseTo((2.0 * (inside - 1) + 12) / inside, within(1e-9));
        double m = e.mean();
        double var = ((inside - 1) * Math.pow(2 - m, 2) + Math.pow(12 - m, 2)) / (inside - 1);
        assertThat(e.std()).isCloseTo(Math.sqrt(var), within(1e-9));
        assertThat(e.max()).isEqualTo(12);
    }

    @Test
    void histogramCountsEveryFiniteValueOnce() {
        Histogram h = Histogram.of(List.of(new float[] {0, 1, 2, 3, Float.NaN}, new float[] {3, 4}), 4, false);
        assertThat(h.lo()).isEqualTo(0);
        assertThat(h.hi()).isEqualTo(4);
        assertThat(h.counts()).containsExactly(1, 1, 1, 3);
        Histogram lg = Histogram.of(List.of(new float[] {-1, 0, 1, 10, 100, 1000}), 3, true);
        assertThat(lg.counts()).containsExactly(1, 1, 2);
        assertThat(lg.lo()).isCloseTo(1, within(1e-9));
        assertThat(lg.hi()).isCloseTo(1000, within(1e-6));
    }

    @Test
    void pngEncoderRoundTripsThroughImageIo() throws Exception {
        int[] argb = new int[7 * 3];
        for (int i = 0; i < argb.length; i++) {
            argb[i] = 0xFF000000 | (i * 10) << 16 | (255 - i) << 8 | (i * 3);
        }
        argb[4] = 0x80FF0000; // half-transparent red keeps its alpha
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(PngWriter.encode(argb, 7, 3)));
        assertThat(img.getWidth()).isEqualTo(7);
        assertThat(img.getHeight()).isEqualTo(3);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 7; x++) {
                assertThat(img.getRGB(x, y)).as("pixel %d,%d", x, y).isEqualTo(argb[y * 7 + x]);
            }
        }
    }

    @Test
    void aFourDimensionalDatasetIsViewedOneSubVolumeAtATime() throws Exception {
        int n0 = 3, n1 = 4, n2 = 5, n3 = 6;
        float[] v = new float[n0 * n1 * n2 * n3];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        InMemoryDataset ds = new InMemoryDataset(Path.of("/data/t.h5"), "/entry/data", new long[] {n0, n1, n2, n3}, v);
        FirstAxisSlice sub = FirstAxisSlice.at(ds, 2);
        assertThat(sub.shape()).containsExactly(n1, n2, n3);
        assertThat(sub.path()).isEqualTo("/entry/data[2]");
        float[] plane = sub.readFloats(new long[] {1, 0, 0}, new int[] {1, n2, n3});
        for (int k = 0; k < n2 * n3; k++) {
            assertThat(plane[k]).isEqualTo(((2 * n1 + 1) * n2 * n3) + k);
        }
        // The ImgLib2 view agrees (its dimensions run backwards: x, y, z).
        var ra = sub.asImg().randomAccess();
        ra.setPosition(new long[] {4, 3, 1});
        assertThat(ra.get().get()).isEqualTo((((2 * n1 + 1) * n2 + 3) * n3) + 4);

        FirstAxisSlice lifted = FirstAxisSlice.lifted(sub);
        assertThat(lifted.shape()).containsExactly(1, n1, n2, n3);
    }
}
