package io.ftpscope.tui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;

/**
 * Colours when the terminal has them; on a monochrome terminal (TERM=vt100/dumb/*-m/*mono, or
 * NO_COLOR set and not empty) only reverse video and bold, which every terminal has, so nothing depends on colour.
 */
final class Palette {
    final boolean color;

    Palette(boolean color) {
        this.color = color;
    }

    static Palette detect() {
        String term = System.getenv().getOrDefault("TERM", "");
        String noColor = System.getenv("NO_COLOR"); // no-color.org: set and not empty
        boolean mono = noColor != null && !noColor.isEmpty() || term.isEmpty() || term.equals("dumb") || term.startsWith("vt1")
                || term.startsWith("vt2") || term.endsWith("-m") || term.contains("mono");
        return new Palette(!mono);
    }

    void normal(TextGraphics g) {
        g.clearModifiers();
        g.setForegroundColor(TextColor.ANSI.DEFAULT);
        g.setBackgroundColor(TextColor.ANSI.DEFAULT);
    }

    void bar(TextGraphics g) {
        normal(g);
        if (color) {
            g.setForegroundColor(TextColor.ANSI.WHITE_BRIGHT);
            g.setBackgroundColor(TextColor.ANSI.BLUE);
        } else {
            g.enableModifiers(SGR.REVERSE);
        }
    }

    void heading(TextGraphics g) {
        normal(g);
        g.enableModifiers(SGR.BOLD);
    }

    void selected(TextGraphics g, boolean focused) {
        normal(g);
        g.enableModifiers(SGR.REVERSE);
        if (!focused) {
            g.enableModifiers(SGR.BOLD);
        }
    }

    void entry(TextGraphics g, TimelineEntry.Kind k) {
        normal(g);
        if (!color) {
            if (k == TimelineEntry.Kind.REPLY_ERROR) {
                g.enableModifiers(SGR.BOLD);
            }
            return;
        }
        g.setForegroundColor(switch (k) {
            case COMMAND -> TextColor.ANSI.CYAN;
            case REPLY_OK -> TextColor.ANSI.GREEN;
            case REPLY_ERROR -> TextColor.ANSI.RED;
            case DATA -> TextColor.ANSI.YELLOW;
            case INFO -> TextColor.ANSI.DEFAULT;
        });
    }

    void progress(TextGraphics g, boolean running) {
        normal(g);
        if (color) {
            g.setForegroundColor(running ? TextColor.ANSI.YELLOW_BRIGHT : TextColor.ANSI.GREEN);
        } else if (running) {
            g.enableModifiers(SGR.BOLD);
        }
    }

    void diagnostic(TextGraphics g, String severity) {
        normal(g);
        boolean bad = "error".equals(severity) || "warning".equals(severity);
        if (!color) {
            if (bad) {
                g.enableModifiers(SGR.BOLD);
            }
            return;
        }
        g.setForegroundColor("error".equals(severity) ? TextColor.ANSI.RED : "warning".equals(severity) ? TextColor.ANSI.YELLOW
                : TextColor.ANSI.DEFAULT);
    }
}
