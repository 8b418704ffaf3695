package org.beamlinestudio.app;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.application.Application;
import org.beamlinestudio.core.cli.StudioCli;

/**
 * The launcher: no arguments → the GUI on the demo dataset (or {@code studio demo} without a
 * display); a file → the GUI on that file; anything else → the headless CLI. Does not extend
 * {@code Application}, so JavaFX starts from the classpath.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            if (hasDisplay()) {
                Application.launch(StudioApp.class, StudioApp.DEMO);
                return;
            }
            System.exit(StudioCli.execute("demo"));
            return;
        }
        if (!args[0].startsWith("-") && Files.isRegularFile(Path.of(args[0]))) {
            if (hasDisplay()) {
                Application.launch(StudioApp.class, args[0]);
                return;
            }
            // No display: say what the file holds instead of failing to open a window.
            System.exit(StudioCli.execute("info", args[0]));
            return;
        }
        if (!args[0].startsWith("-") && Files.isDirectory(Path.of(args[0])) && hasDisplay()) {
            // A folder is a TIFF stack (e.g. an export) for the window; the CLI has no command for it.
            Application.launch(StudioApp.class, args[0]);
            return;
        }
        int code = StudioCli.execute(args);
        if (code == 0 && args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // The CLI knows the version; the app also knows its build and where its Java lives.
            System.out.println(BuildInfo.current().describe() + "; runtime " + System.getProperty("java.home"));
        }
        System.exit(code);
    }

    /** $DISPLAY or $WAYLAND_DISPLAY set, or -Dstudio.gui=true (-Dstudio.gui=false forces headless). */
    static boolean hasDisplay() {
        String forced = System.getProperty("studio.gui");
        if (forced != null) {
            return Boolean.parseBoolean(forced);
        }
        return notBlank(System.getenv("DISPLAY")) || notBlank(System.getenv("WAYLAND_DISPLAY"));
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
