package org.beamlinestudio.tomography.ui;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.image.WritableImage;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import org.testfx.api.FxRobot;

/** Saves the test window as target/screenshots/NAME, to look at the layout after a run. */
final class Screenshots {
    private Screenshots() {
    }

    static void save(FxRobot robot, String name) throws Exception {
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        WritableImage[] img = new WritableImage[1];
        Window w = robot.listTargetWindows().get(robot.listTargetWindows().size() - 1);
        robot.interact(() -> img[0] = w.getScene().snapshot(null));
        BufferedImage bi = new BufferedImage((int) img[0].getWidth(), (int) img[0].getHeight(),
                BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < bi.getHeight(); y++) {
            for (int x = 0; x < bi.getWidth(); x++) {
                bi.setRGB(x, y, img[0].getPixelReader().getArgb(x, y));
            }
        }
        Path out = Path.of("target", "screenshots");
        Files.createDirectories(out);
        ImageIO.write(bi, "png", out.resolve(name).toFile());
    }
}
