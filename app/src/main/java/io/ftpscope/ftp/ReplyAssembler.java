package io.ftpscope.ftp;

import java.util.ArrayList;
import java.util.List;

/** Groups reply lines into replies, handling RFC 959 multi-line replies. Holds at most maxLines lines. */
public final class ReplyAssembler {
    /** Receives complete replies. */
    public interface Sink {
        void reply(Reply r, long ts);
    }

    private final Sink sink;
    private final int maxLines;
    private List<String> lines;
    private int openCode;
    private boolean truncated;
    private long startTs;

    public ReplyAssembler(Sink sink, int maxLines) {
        this.sink = sink;
        this.maxLines = maxLines;
    }

    /** The numeric code if the line starts with three digits (100-599), else 0. */
    public static int codeOf(String line) {
        if (line.length() < 3) {
            return 0;
        }
        char a = line.charAt(0);
        char b = line.charAt(1);
        char c = line.charAt(2);
        if (a < '1' || a > '5' || b < '0' || b > '9' || c < '0' || c > '9') {
            return 0;
        }
        if (line.length() > 3 && Character.isDigit(line.charAt(3))) {
            return 0;
        }
        return (a - '0') * 100 + (b - '0') * 10 + (c - '0');
    }

    public void line(String line, long ts, boolean lineTruncated) {
        int code = codeOf(line);
        if (lines != null) {
            if (lines.size() < maxLines) {
                lines.add(line);
            } else {
                truncated = true;
            }
            truncated |= lineTruncated;
            // the last line repeats the code followed by a space (or nothing)
            if (code == openCode && (line.length() == 3 || line.charAt(3) == ' ')) {
                Reply r = new Reply(openCode, List.copyOf(lines), truncated);
                lines = null;
                sink.reply(r, startTs);
            }
            return;
        }
        if (code > 0 && line.length() > 3 && line.charAt(3) == '-') {
            lines = new ArrayList<>();
            lines.add(line);
            openCode = code;
            truncated = lineTruncated;
            startTs = ts;
            return;
        }
        sink.reply(new Reply(code, List.of(line), lineTruncated), ts);
    }

    /** A gap or end of stream: an unfinished multi-line reply is passed on as it stands. */
    public void flush(long ts) {
        if (lines != null) {
            Reply r = new Reply(openCode, List.copyOf(lines), true);
            lines = null;
            sink.reply(r, startTs);
        }
    }

    public boolean inMultiline() {
        return lines != null;
    }
}
