package org.beamlinestudio.core.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.core.testing.InMemoryDataset;
import org.beamlinestudio.core.testing.SpherePhantom;
import org.junit.jupiter.api.Test;

class IsosurfaceExtractorTest {
    // Off the grid on purpose: a centre on a voxel makes every octant the same and hides asymmetric mistakes.
    private static final double CX = 32.3;
    private static final double CY = 31.6;
    private static final double CZ = 32.2;
    private static final double R = 20;

    private static TriangleMesh sphere(int slabs) throws Exception {
        return new IsosurfaceExtractor(slabs).extract(SpherePhantom.volume(64, CX, CY, CZ, R, 4), 0.5f,
                new Cancellation(), Progress.NONE);
    }

    @Test
    void sphereAreaAndVolumeMatchTheBallWithin2Percent() throws Exception {
        TriangleMesh mesh = sphere(8);

        assertThat(mesh.area()).isCloseTo(4 * Math.PI * R * R, within(0.02 * 4 * Math.PI * R * R));
        double ball = 4.0 / 3 * Math.PI * R * R * R;
        assertThat(mesh.enclosedVolume()).isCloseTo(ball, within(0.02 * ball));
    }

    @Test
    void sphereIsWatertightAcrossCubesAndSlabs() throws Exception {
        TriangleMesh mesh = sphere(8);

        assertThat(mesh.triangleCount()).isGreaterThan(5000);
        assertThat(mesh.openEdgeCount()).isZero();
    }

    @Test
    void verticesLieOnTheSphereAndNormalsPointOutwards() throws Exception {
        TriangleMesh mesh = sphere(3);
        float[] p = mesh.positions();
        float[] n = mesh.normals();
        double worstRadius = 0;
        double worstCos = 1;
        for (int i = 0; i < p.length; i += 3) {
            double dx = p[i] - CX;
            double dy = p[i + 1] - CY;
            double dz = p[i + 2] - CZ;
            double d = Math.sqrt(dx * dx + dy * dy + dz * dz);
            worstRadius = Math.max(worstRadius, Math.abs(d - R));
            worstCos = Math.min(worstCos, (dx * n[i] + dy * n[i + 1] + dz * n[i + 2]) / d);
        }
        assertThat(worstRadius).isLessThan(0.05);
        assertThat(worstCos).isGreaterThan(0.99);
    }

    @Test
    void slabsGiveTheSameMeshAsOneThread() throws Exception {
        TriangleMesh one = sphere(1);
        TriangleMesh many = sphere(13);

        assertThat(many.vertexCount()).isEqualTo(one.vertexCount());
        assertThat(many.triangleCount()).isEqualTo(one.triangleCount());
        assertThat(many.area()).isCloseTo(one.area(), within(1e-6 * one.area()));
        assertThat(many.openEdgeCount()).isZero();
    }

    @Test
    void ambiguousFacesStayClosed() throws Exception {
        // Random values make every ambiguous case appear; the surface may hit the border, so use an inner cut:
        // pad the random block with zeros so every component is enclosed.
        int n = 24;
        float[] v = new float[n * n * n];
        java.util.Random rnd = new java.util.Random(42);
        for (int z = 1; z < n - 1; z++) {
            for (int y = 1; y < n - 1; y++) {
                for (int x = 1; x < n - 1; x++) {
                    v[(z * n + y) * n + x] = rnd.nextFloat();
                }
            }
        }
        TriangleMesh mesh = new IsosurfaceExtractor(5).extract(new FloatVolume(v, n, n, n, 1), 0.5f,
                new Cancellation(), Progress.NONE);

        assertThat(mesh.triangleCount()).isGreaterThan(1000);
        assertThat(mesh.openEdgeCount()).isZero();
        assertThat(mesh.enclosedVolume()).isPositive();
    }

    @Test
    void cancelledExtractionThrows() {
        Cancellation cancel = new Cancellation();
        cancel.cancel();

        assertThatThrownBy(() -> new IsosurfaceExtractor(4).extract(SpherePhantom.volume(32, 16, 16, 16, 8, 3), 0.5f,
                cancel, Progress.NONE)).isInstanceOf(Cancellation.CancelledException.class);
    }

    @Test
    void downsampledLevelKeepsTheSphereInSourceCoordinates() throws Exception {
        InMemoryDataset ds = SpherePhantom.dataset(96, 47.5, 47.5, 47.5, 30, 6);

        FloatVolume level = VolumeDownsampler.read(ds, 40L * 40 * 40, new Cancellation(), Progress.NONE);
        TriangleMesh mesh = new IsosurfaceExtractor().extract(level, 0.5f, new Cancellation(), Progress.NONE);

        assertThat(level.factor()).isEqualTo(3);
        assertThat(level.nz()).isEqualTo(32);
        // 2x2... block means of a linear ramp are the ramp at the block centre: the sphere keeps its size.
        double ball = 4.0 / 3 * Math.PI * 30 * 30 * 30;
        assertThat(mesh.enclosedVolume()).isCloseTo(ball, within(0.03 * ball));
        float[] b = mesh.bounds();
        assertThat(b[0]).isCloseTo(17.5f, within(0.6f));
        assertThat(b[3]).isCloseTo(77.5f, within(0.6f));
        assertThat(mesh.openEdgeCount()).isZero();
    }

    @Test
    void twoDimensionalDatasetIsRefusedNamingFileAndPath() {
        InMemoryDataset ds = new InMemoryDataset(java.nio.file.Path.of("/tmp/img.h5"), "/entry/image",
                new long[] {4, 5}, new float[20]);

        assertThatThrownBy(() -> VolumeDownsampler.read(ds, 1000, new Cancellation(), Progress.NONE))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining("/tmp/img.h5").hasMessageContaining("/entry/image").hasMessageContaining("3-D");
    }

    @Test
    void factorIsTheSmallestThatFitsTheBudget() {
        assertThat(VolumeDownsampler.factorFor(64, 64, 64, 64L * 64 * 64)).isEqualTo(1);
        assertThat(VolumeDownsampler.factorFor(2048, 2048, 2048, 256L * 256 * 256)).isEqualTo(8);
        assertThat(VolumeDownsampler.factorFor(100, 100, 100, 50L * 50 * 50 - 1)).isEqualTo(3);
    }
}
