package org.beamlinestudio.ptychography.io;

import java.io.IOException;
import java.nio.file.Path;
import org.beamlinestudio.core.data.ElementType;
import org.beamlinestudio.core.hdf5.write.Layout;
import org.beamlinestudio.core.hdf5.write.StreamingHdf5Writer;
import org.jtransforms.fft.FloatFFT_2D;

/**
 * Small ptychography files for tests, written with core's HDF5 writer: a far-field simulation (a phase object with a
 * few discs, a Gaussian-ish probe) so the patterns look like diffraction and reconstructions have something to find.
 */
public final class TestScans {

    private TestScans() {
    }

    /** A simulated scan: patterns (n × size × size, centred), positions in metres (y, x). */
    public record Sim(int n, int size, float[] patterns, double[] y, double[] x, double energyEv, double distance,
            double pixel, int objectSize, float[] object, float[] probe) {
        /** Object pixel size, metres. */
        public double objectPixel() {
            return 1.239841984e-6 / energyEv * distance / (size * pixel);
        }
    }

    /** A raster scan of {@code side × side} positions, step in object pixels, patterns {@code size²}. */
    public static Sim simulate(int side, int size, double stepPx) {
        int n = side * side;
        double energy = 8000;
        double distance = 2.0;
        double pixel = 75e-6;
        double lambda = 1.239841984e-6 / energy;
        double dx = lambda * distance / (size * pixel);
        int objSize = (int) Math.ceil((side - 1) * stepPx) + size + 4;
        float[] obj = new float[2 * objSize * objSize];
        for (int y = 0; y < objSize; y++) {
            for (int x = 0; x < objSize; x++) {
                double phase = 0;
                double ay = y - objSize / 2.0;
                double ax = x - objSize / 2.0;
                double r = Math.hypot(ay, ax);
                phase += r < objSize / 3.0 ? 0.8 * Math.cos(Math.atan2(ay, ax) * 8) : 0;
                phase += ((x / 6 + y / 6) % 2 == 0) ? 0.3 : 0;
                obj[2 * (y * objSize + x)] = (float) Math.cos(phase);
                obj[2 * (y * objSize + x) + 1] = (float) Math.sin(phase);
            }
        }
        float[] probe = new float[2 * size * size];
        double sigma = size / 6.0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double r2 = (y - size / 2.0) * (y - size / 2.0) + (x - size / 2.0) * (x - size / 2.0);
                double a = 30 * Math.exp(-r2 / (2 * sigma * sigma));
                double ph = r2 / (size * size) * 3;
                probe[2 * (y * size + x)] = (float) (a * Math.cos(ph));
                probe[2 * (y * size + x) + 1] = (float) (a * Math.sin(ph));
            }
        }
        float[] patterns = new float[n * size * size];
        double[] py = new double[n];
        double[] px = new double[n];
        FloatFFT_2D fft = new FloatFFT_2D(size, size);
        float[] exit = new float[2 * size * size];
        for (int i = 0; i < n; i++) {
            int top = (int) Math.round((i / side) * stepPx) + 2;
            int left = (int) Math.round((i % side) * stepPx) + 2;
            py[i] = top * dx;
            px[i] = left * dx;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int o = 2 * ((top + y) * objSize + left + x);
                    int p = 2 * (y * size + x);
                    exit[p] = probe[p] * obj[o] - probe[p + 1] * obj[o + 1];
                    exit[p + 1] = probe[p] * obj[o + 1] + probe[p + 1] * obj[o];
                }
            }
            fft.complexForward(exit);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int sy = (y + size / 2) % size;
                    int sx = (x + size / 2) % size;
                    int p = 2 * (sy * size + sx);
                    patterns[i * size * size + y * size + x] = (exit[p] * exit[p] + exit[p + 1] * exit[p + 1])
                            / (size * size);
                }
            }
        }
        return new Sim(n, size, patterns, py, px, energy, distance, pixel, objSize, obj, probe);
    }

    /**
     * Writes a CXI file: patterns at the detector, {@code /entry_1/data_1/data} left out (core's writer has no soft
     * links; the real Siemens star file covers them), translation N×3 or 3×N as {@code (x, y, 0) * sign}.
     */
    public static void writeCxi(Path file, Sim s, boolean threeByN, double sign, int[] badPixels) throws IOException {
        try (StreamingHdf5Writer w = StreamingHdf5Writer.createOrReplace(file)) {
            String det = "/entry_1/instrument_1/detector_1";
            w.createScalarDataset("/cxi_version", 150L);
            w.createDataset(det + "/data", ElementType.FLOAT32, new long[] {s.n(), s.size(), s.size()},
                    Layout.chunked(1, s.size(), s.size()).shuffle().deflate(1))
                    .write(new long[] {0, 0, 0}, new int[] {s.n(), s.size(), s.size()}, s.patterns());
            int[] mask = new int[s.size() * s.size()];
            for (int b : badPixels) {
                mask[b] = 1;
            }
            w.createDataset(det + "/mask", ElementType.UINT32, new long[] {s.size(), s.size()}, Layout.contiguous())
                    .write(new long[] {0, 0}, new int[] {s.size(), s.size()}, mask);
            w.createScalarDataset(det + "/distance", s.distance());
            w.createScalarDataset(det + "/x_pixel_size", s.pixel());
            w.createScalarDataset(det + "/y_pixel_size", s.pixel());
            w.createScalarDataset("/entry_1/instrument_1/source_1/energy", s.energyEv() * 1.602176634e-19);
            int n = s.n();
            double[] t = new double[3 * n];
            for (int i = 0; i < n; i++) {
                if (threeByN) {
                    t[i] = sign * s.x()[i];
                    t[n + i] = sign * s.y()[i];
                } else {
                    t[3 * i] = sign * s.x()[i];
                    t[3 * i + 1] = sign * s.y()[i];
                }
            }
            w.createDataset("/entry_1/sample_1/geometry_1/translation", ElementType.FLOAT64,
                    threeByN ? new long[] {3, n} : new long[] {n, 3}, Layout.contiguous())
                    .write(new long[] {0, 0}, threeByN ? new int[] {3, n} : new int[] {n, 3}, t);
            w.commit();
        }
    }

    /** Writes a ptypy {@code .ptyd}: the scan split into two chunks, energy in keV, positions (y, x). */
    public static void writePtyd(Path file, Sim s) throws IOException {
        try (StreamingHdf5Writer w = StreamingHdf5Writer.createOrReplace(file)) {
            w.createScalarDataset("/meta/energy", s.energyEv() / 1000);
            w.createScalarDataset("/meta/distance", s.distance());
            w.createScalarDataset("/meta/psize", s.pixel());
            w.createDataset("/meta/shape", ElementType.INT64, new long[] {2}, Layout.contiguous())
                    .write(new long[] {0}, new int[] {2}, new long[] {s.size(), s.size()});
            w.createDataset("/meta/center", ElementType.FLOAT64, new long[] {2}, Layout.contiguous())
                    .write(new long[] {0}, new int[] {2}, new double[] {s.size() / 2.0, s.size() / 2.0});
            int half = s.n() / 2;
            int frame = s.size() * s.size();
            for (int c = 0; c < 2; c++) {
                int first = c == 0 ? 0 : half;
                int count = c == 0 ? half : s.n() - half;
                String g = "/chunks/" + c;
                float[] part = java.util.Arrays.copyOfRange(s.patterns(), first * frame, (first + count) * frame);
                w.createDataset(g + "/data", ElementType.FLOAT32, new long[] {count, s.size(), s.size()},
                        Layout.contiguous()).write(new long[] {0, 0, 0}, new int[] {count, s.size(), s.size()}, part);
                double[] pos = new double[2 * count];
                long[] idx = new long[count];
                for (int i = 0; i < count; i++) {
                    pos[2 * i] = s.y()[first + i];
                    pos[2 * i + 1] = s.x()[first + i];
                    idx[i] = first + i;
                }
                w.createDataset(g + "/positions", ElementType.FLOAT64, new long[] {count, 2}, Layout.contiguous())
                        .write(new long[] {0, 0}, new int[] {count, 2}, pos);
                w.createDataset(g + "/indices", ElementType.INT64, new long[] {count}, Layout.contiguous())
                        .write(new long[] {0}, new int[] {count}, idx);
                float[] weights = new float[frame];
                java.util.Arrays.fill(weights, 1f);
                weights[5] = 0f;
                w.createDataset(g + "/weights", ElementType.FLOAT32, new long[] {s.size(), s.size()},
                        Layout.contiguous()).write(new long[] {0, 0}, new int[] {s.size(), s.size()}, weights);
            }
            w.commit();
        }
    }
}
