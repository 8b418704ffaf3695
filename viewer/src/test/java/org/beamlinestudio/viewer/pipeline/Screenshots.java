package org.beamlinestudio.viewer.pipeline;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.image.WritableImage;
import org.testfx.api.FxRobot;

/** Saves a node as target/screenshots/NAME.png, to look at the layout after a run. */
final class Screenshots {
    private Screenshots() {
    }

    static void save(FxRobot robot, Node node, String name) throws Exception {
        WritableImage[] img = new WritableImage[1];
        robot.interact(() -> img[0] = node.snapshot(null, null));
        BufferedImage bi = new BufferedImage((int) img[0].getWidth(), (int) img[0].getHeight(),
                BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < bi.getHeight(); y++) {
            for (int x = 0; x < bi.getWidth(); x++) {
                bi.setRGB(x, y, img[0].getPixelReader().getArgb(x, y));
            }
        }
        Path out = Path.of("target", "screenshots");
        Files.createDirectories(out);
        javax.imageio.ImageIO.write(bi, "png", out.resolve(name + ".png").toFile());
    }
}
