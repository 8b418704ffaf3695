package org.beamlinestudio.xpcs.ui;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import org.beamlinestudio.xpcs.qmap.QMap;

/**
 * The dynamic bins' boundaries and index labels drawn over the mean image, in image pixel coordinates. Computed
 * off the FX thread ({@link #of}), shown on it ({@link #showIn}).
 */
final class RingOverlay {

    /** Node id of each bin's label. */
    static final String LABEL_ID = "xpcsRingLabel";
    private static final int BOUNDARY_ARGB = 0xC0FFB000;

    private final int width;
    private final int height;
    private final int[] argb;
    private final double[][] labelXy;

    private RingOverlay(int width, int height, int[] argb, double[][] labelXy) {
        this.width = width;
        this.height = height;
        this.argb = argb;
        this.labelXy = labelXy;
    }

    /** Boundary pixels (where the bin changes to a neighbour) and a label position per bin. */
    static RingOverlay of(QMap q) {
        int w = q.width();
        int h = q.height();
        int[] map = q.dynamicMap();
        int[] argb = new int[w * h];
        int bins = q.dynamicCount();
        double[] sx = new double[bins + 1];
        double[] sy = new double[bins + 1];
        long[] n = new long[bins + 1];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int b = map[y * w + x];
                if (b > 0 && b <= bins) {
                    sx[b] += x;
                    sy[b] += y;
                    n[b]++;
                }
                boolean edge = (x + 1 < w && map[y * w + x + 1] != b) || (y + 1 < h && map[(y + 1) * w + x] != b);
                if (edge && (b > 0 || (x + 1 < w && map[y * w + x + 1] > 0)
                        || (y + 1 < h && map[(y + 1) * w + x] > 0))) {
                    argb[y * w + x] = BOUNDARY_ARGB;
                }
            }
        }
        // Labels on a ray from the centre of all bins at each bin's mean radius: along the bin's mean direction
        // for φ sectors, up and to the right for full rings (whose mean direction is ~0), so they read in order.
        double cx = 0;
        double cy = 0;
        long total = 0;
        for (int b = 1; b <= bins; b++) {
            cx += sx[b];
            cy += sy[b];
            total += n[b];
        }
        double[][] label = new double[bins][];
        if (total == 0) {
            return new RingOverlay(w, h, argb, label);
        }
        cx /= total;
        cy /= total;
        double[] sr = new double[bins + 1];
        double[] ux = new double[bins + 1];
        double[] uy = new double[bins + 1];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int b = map[y * w + x];
                if (b > 0 && b <= bins) {
                    double dx = x - cx;
                    double dy = y - cy;
                    double r = Math.hypot(dx, dy);
                    sr[b] += r;
                    if (r > 0) {
                        ux[b] += dx / r;
                        uy[b] += dy / r;
                    }
                }
            }
        }
        for (int b = 1; b <= bins; b++) {
            if (n[b] == 0) {
                continue;
            }
            double r = sr[b] / n[b];
            double mx = ux[b] / n[b];
            double my = uy[b] / n[b];
            double norm = Math.hypot(mx, my);
            double dirX = norm > 0.3 ? mx / norm : Math.sqrt(0.5);
            double dirY = norm > 0.3 ? my / norm : -Math.sqrt(0.5);
            label[b - 1] = new double[] {cx + r * dirX + 0.5, cy + r * dirY + 0.5};
        }
        return new RingOverlay(w, h, argb, label);
    }

    /** Bins that have a label (bins with at least one pixel). */
    int labelledBins() {
        int c = 0;
        for (double[] xy : labelXy) {
            c += xy == null ? 0 : 1;
        }
        return c;
    }

    /** Replaces {@code overlay}'s children with the boundaries and labels. FX thread. */
    void showIn(Pane overlay) {
        WritableImage img = new WritableImage(width, height);
        img.getPixelWriter().setPixels(0, 0, width, height, PixelFormat.getIntArgbInstance(), argb, 0, width);
        ImageView boundaries = new ImageView(img);
        boundaries.setId("xpcsRingBoundaries");
        boundaries.setSmooth(false);
        List<Node> nodes = new ArrayList<>();
        nodes.add(boundaries);
        // the overlay is scaled with the image: a font of a few image pixels stays readable at any zoom
        Font font = Font.font(Math.max(3, Math.min(width, height) / 32.0));
        for (int b = 0; b < labelXy.length; b++) {
            if (labelXy[b] == null) {
                continue;
            }
            Text t = new Text(labelXy[b][0], labelXy[b][1], Integer.toString(b + 1));
            t.setId(LABEL_ID);
            t.setFont(font);
            t.setFill(Color.rgb(120, 230, 255));
            nodes.add(t);
        }
        overlay.getChildren().setAll(nodes);
    }
}
