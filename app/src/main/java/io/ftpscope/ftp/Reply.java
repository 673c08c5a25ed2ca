package io.ftpscope.ftp;

import java.util.List;

/**
 * A server reply, possibly multi-line (RFC 959 4.2: "123-first" ... "123 last"). {@code code} is 0
 * when the server sent a line that is not a reply at all.
 */
public record Reply(int code, List<String> lines, boolean truncated) {
    public String text() {
        if (lines.size() == 1) {
            return textOf(lines.get(0));
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            sb.append(i == 0 ? "" : "\n").append(i == 0 || i == lines.size() - 1 ? textOf(lines.get(i)) : lines.get(i));
        }
        return sb.toString();
    }

    /** The text of the last line: the part Zeek and most tools show. */
    public String lastText() {
        return textOf(lines.get(lines.size() - 1));
    }

    private static String textOf(String line) {
        if (line.length() >= 4 && ReplyAssembler.codeOf(line) > 0) {
            return line.substring(4);
        }
        return line.length() == 3 && ReplyAssembler.codeOf(line) > 0 ? "" : line;
    }

    public boolean preliminary() {
        return code >= 100 && code < 200;
    }

    public boolean positive() {
        return code >= 200 && code < 400;
    }
}
