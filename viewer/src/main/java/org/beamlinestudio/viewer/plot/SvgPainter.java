package org.beamlinestudio.viewer.plot;

import java.util.List;
import java.util.Locale;
import javafx.scene.paint.Color;

/** Writes plot primitives as SVG elements; {@link #document()} wraps them in a standalone SVG document. */
final class SvgPainter implements PlotPainter {
    private final double width;
    private final double height;
    private final StringBuilder body = new StringBuilder();
    private final StringBuilder defs = new StringBuilder();
    private int clips;
    private boolean clipOpen;

    SvgPainter(double width, double height) {
        this.width = width;
        this.height = height;
    }

    String document() {
        StringBuilder s = new StringBuilder();
        s.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n");
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"").append(n(width))
                .append("\" height=\"").append(n(height)).append("\" viewBox=\"0 0 ").append(n(width)).append(' ')
                .append(n(height)).append("\" font-family=\"sans-serif\">\n");
        if (defs.length() > 0) {
            s.append("<defs>\n").append(defs).append("</defs>\n");
        }
        s.append(body);
        if (clipOpen) {
            s.append("</g>\n");
        }
        s.append("</svg>\n");
        return s.toString();
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, Color color, double width, String cssClass) {
        body.append("<line").append(cls(cssClass)).append(" x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1))
                .append("\" x2=\"").append(n(x2)).append("\" y2=\"").append(n(y2)).append("\" stroke=\"")
                .append(rgb(color)).append("\" stroke-width=\"").append(n(width)).append("\"/>\n");
    }

    @Override
    public void polyline(List<double[]> segments, Color color, double width, String cssClass) {
        StringBuilder d = new StringBuilder();
        for (double[] s : segments) {
            for (int i = 0; i + 1 < s.length; i += 2) {
                d.append(i == 0 ? "M" : "L").append(n(s[i])).append(',').append(n(s[i + 1])).append(' ');
            }
        }
        body.append("<path").append(cls(cssClass)).append(" d=\"").append(d.toString().trim())
                .append("\" fill=\"none\" stroke=\"").append(rgb(color)).append("\" stroke-width=\"")
                .append(n(width)).append("\" stroke-linejoin=\"round\"/>\n");
    }

    @Override
    public void circle(double cx, double cy, double r, Color fill, String cssClass) {
        body.append("<circle").append(cls(cssClass)).append(" cx=\"").append(n(cx)).append("\" cy=\"").append(n(cy))
                .append("\" r=\"").append(n(r)).append("\" fill=\"").append(rgb(fill)).append("\"/>\n");
    }

    @Override
    public void rect(double x, double y, double w, double h, Color fill, Color stroke) {
        body.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w))
                .append("\" height=\"").append(n(h)).append("\" fill=\"").append(fill == null ? "none" : rgb(fill))
                .append("\" stroke=\"").append(stroke == null ? "none" : rgb(stroke)).append("\"/>\n");
    }

    @Override
    public void text(String s, double x, double y, double size, Align align, boolean bold, boolean vertical,
            Color color) {
        String anchor = align == Align.LEFT ? "start" : align == Align.RIGHT ? "end" : "middle";
        body.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" font-size=\"")
                .append(n(size)).append("\" text-anchor=\"").append(anchor)
                .append("\" dominant-baseline=\"central\" fill=\"").append(rgb(color)).append('"');
        if (bold) {
            body.append(" font-weight=\"bold\"");
        }
        if (vertical) {
            body.append(" transform=\"rotate(-90 ").append(n(x)).append(' ').append(n(y)).append(")\"");
        }
        body.append('>').append(escape(s)).append("</text>\n");
    }

    @Override
    public void clip(double x, double y, double w, double h) {
        String id = "clip" + clips++;
        defs.append("<clipPath id=\"").append(id).append("\"><rect x=\"").append(n(x)).append("\" y=\"").append(n(y))
                .append("\" width=\"").append(n(w)).append("\" height=\"").append(n(h)).append("\"/></clipPath>\n");
        body.append("<g clip-path=\"url(#").append(id).append(")\">\n");
        clipOpen = true;
    }

    @Override
    public void unclip() {
        if (clipOpen) {
            body.append("</g>\n");
            clipOpen = false;
        }
    }

    private static String cls(String c) {
        return c == null ? "" : " class=\"" + c + "\"";
    }

    private static String n(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static String rgb(Color c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", Math.round(c.getRed() * 255),
                Math.round(c.getGreen() * 255), Math.round(c.getBlue() * 255));
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
