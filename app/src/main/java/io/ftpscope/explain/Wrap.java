package io.ftpscope.explain;

import java.util.ArrayList;
import java.util.List;

/** Word-wraps prose to a terminal width; a word longer than the line is cut rather than overflowing it. */
final class Wrap {
    static final int WIDTH = 100;

    private Wrap() {
    }

    static List<String> lines(String indent, String text) {
        return lines(indent, indent, text);
    }

    static List<String> lines(String first, String rest, String text) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder(first);
        int bare = first.length();
        for (String word : text.split(" +")) {
            while (word.length() > WIDTH - rest.length()) { // e.g. a 4,096-byte file name
                int room = WIDTH - line.length() - (line.length() > bare ? 1 : 0);
                if (room > 8) {
                    line.append(line.length() > bare ? " " : "").append(word, 0, room);
                    word = word.substring(room);
                }
                out.add(line.toString());
                line = new StringBuilder(rest);
                bare = rest.length();
            }
            if (line.length() > bare && line.length() + 1 + word.length() > WIDTH) {
                out.add(line.toString());
                line = new StringBuilder(rest);
                bare = rest.length();
            }
            line.append(line.length() > bare ? " " : "").append(word);
        }
        if (line.length() > bare) {
            out.add(line.toString());
        }
        out.replaceAll(l -> l.replace(Words.NBSP, ' '));
        return out;
    }
}
