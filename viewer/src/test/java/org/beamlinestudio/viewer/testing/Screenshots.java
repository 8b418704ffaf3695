package org.beamlinestudio.viewer.testing;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Saves a window, scene or node as target/screenshots/NAME (NAME with its .png), to look at the layout after a
 * run. Shared by the UI tests of every module through the viewer's test-jar.
 */
public final class Screenshots {
    private Screenshots() {
    }

    /** The test's last-opened window. */
    public static void save(FxRobot robot, String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        Window w = robot.listTargetWindows().get(robot.listTargetWindows().size() - 1);
        save(robot, w.getScene(), name);
    }

    public static void save(FxRobot robot, Scene scene, String name) throws Exception {
        write(snapshot(robot, () -> scene.snapshot(null)), name);
    }

    public static void save(FxRobot robot, Node node, String name) throws Exception {
        write(snapshot(robot, () -> node.snapshot(null, null)), name);
    }

    // Snapshots must be taken on the FX thread.
    private static WritableImage snapshot(FxRobot robot, Supplier<WritableImage> take) {
        WritableImage[] img = new WritableImage[1];
        robot.interact(() -> img[0] = take.get());
        return img[0];
    }

    private static void write(WritableImage img, String name) throws Exception {
        BufferedImage bi = new BufferedImage((int) img.getWidth(), (int) img.getHeight(), BufferedImage.TYPE_INT_ARGB);
        PixelReader pixels = img.getPixelReader();
        for (int y = 0; y < bi.getHeight(); y++) {
            for (int x = 0; x < bi.getWidth(); x++) {
                bi.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        Path out = Path.of("target", "screenshots");
        Files.createDirectories(out);
        ImageIO.write(bi, "png", out.resolve(name).toFile());
    }
}
