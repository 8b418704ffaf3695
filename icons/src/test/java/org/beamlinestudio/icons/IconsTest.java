package org.beamlinestudio.icons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IconsTest {

    @ParameterizedTest
    @ValueSource(ints = {16, 32, 48, 64, 128, 256})
    void everyRenderedSizeDecodesAtItsNominalSize(int size) throws IOException {
        BufferedImage image;
        try (InputStream in = Icons.openAppIcon(size)) {
            image = ImageIO.read(in);
        }
        assertThat(image).as("app-icon-%d.png decodes", size).isNotNull();
        assertThat(image.getWidth()).isEqualTo(size);
        assertThat(image.getHeight()).isEqualTo(size);
        assertThat(image.getColorModel().hasAlpha()).as("transparent corners need alpha").isTrue();
        // Rounded tile: the corner is transparent, the centre opaque.
        assertThat(image.getRGB(0, 0) >>> 24).isZero();
        assertThat(image.getRGB(size / 2, size / 2) >>> 24).isEqualTo(0xff);
    }

    @Test
    void appIconsListsEverySizeSmallestFirst() {
        assertThat(Icons.appIcons()).hasSize(Icons.SIZES.size());
        assertThat(Icons.appIcons().get(0).getPath()).endsWith("app-icon-16.png");
        assertThat(Icons.SIZES).isSorted();
    }

    @Test
    void appIconAtLeastPicksTheNextRenderedSize() {
        assertThat(Icons.appIconAtLeast(20).getPath()).endsWith("app-icon-32.png");
        assertThat(Icons.appIconAtLeast(48).getPath()).endsWith("app-icon-48.png");
        assertThat(Icons.appIconAtLeast(1024).getPath()).endsWith("app-icon-256.png");
    }

    @Test
    void anUnrenderedSizeIsRefusedNamingTheSizesThatExist() {
        assertThatThrownBy(() -> Icons.appIcon(24))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("24 px")
                .hasMessageContaining("16, 32, 48, 64, 128, 256");
    }

    @Test
    void svgSourceShipsWithThePngs() throws IOException {
        URL svg = Icons.appIconSvg();
        String text;
        try (InputStream in = svg.openStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(text).contains("<svg").contains("viewBox=\"0 0 256 256\"");
    }
}
