package org.beamlinestudio.icons;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The application icon as classpath resources: the SVG source and PNGs rendered from it.
 *
 * <p>No toolkit dependency: callers turn the URLs into images themselves, e.g. in JavaFX
 * {@code stage.getIcons().setAll(Icons.appIcons().stream().map(u -> new Image(u.toExternalForm())).toList())}.
 */
public final class Icons {

    /** The sizes (square, in pixels) at which the app icon is rendered, smallest first. */
    public static final List<Integer> SIZES = List.of(16, 32, 48, 64, 128, 256);

    private static final String DIR = "/org/beamlinestudio/icons/";

    private Icons() {
    }

    /** The app icon rendered at {@code size} pixels; {@code size} must be one of {@link #SIZES}. */
    public static URL appIcon(int size) {
        if (!SIZES.contains(size)) {
            throw new IllegalArgumentException("no app icon at " + size + " px; rendered sizes are "
                    + SIZES.stream().map(String::valueOf).collect(Collectors.joining(", ")));
        }
        return resource("app-icon-" + size + ".png");
    }

    /** The app icon at every rendered size, smallest first (what a window manager picks from). */
    public static List<URL> appIcons() {
        return SIZES.stream().map(Icons::appIcon).toList();
    }

    /** The smallest rendered app icon at least {@code size} pixels wide, else the largest. */
    public static URL appIconAtLeast(int size) {
        int chosen = SIZES.stream().filter(s -> s >= size).findFirst().orElse(SIZES.get(SIZES.size() - 1));
        return appIcon(chosen);
    }

    /** Opens the app icon PNG at {@code size} pixels; the caller closes the stream. */
    public static InputStream openAppIcon(int size) throws IOException {
        return appIcon(size).openStream();
    }

    /** The SVG source of the app icon. */
    public static URL appIconSvg() {
        return resource("app-icon.svg");
    }

    private static URL resource(String name) {
        URL url = Icons.class.getResource(DIR + name);
        if (url == null) {
            // Only a broken build gets here: the resources ship in the same jar as this class.
            throw new IllegalStateException("icon resource missing from the studio-icons jar: " + DIR + name);
        }
        return url;
    }
}
