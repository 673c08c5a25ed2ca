package io.ftpscope.output;

import io.ftpscope.net.Addresses;
import io.ftpscope.session.CommandEntry;
import io.ftpscope.session.DataConn;
import io.ftpscope.session.Diagnostic;
import io.ftpscope.session.FtpSession;
import io.ftpscope.session.TimedReply;
import io.ftpscope.session.Transfer;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The default output: a FileZilla-style timeline per session, data-connection events interleaved. */
public final class TextTimelineSink implements OutputSink {
    private final PrintStream out;
    private final Redactor redactor;
    private final List<DataConn> unlinked = new ArrayList<>();
    private int sessions;

    public TextTimelineSink(PrintStream out, Redactor redactor) {
        this.out = out;
        this.redactor = redactor;
    }

    private record Line(long ts, int order, String text) {
    }

    private static final Comparator<Line> IN_TIME = Comparator.comparingLong(Line::ts).thenComparingInt(Line::order);
    private static final String EOL = System.lineSeparator();
    /** The session being written: printed at once, as one println per line cost more than the text. */
    private final StringBuilder b = new StringBuilder(8192);
    private final List<Line> lines = new ArrayList<>();

    @Override
    public void sessionEnd(FtpSession s) {
        sessions++;
        b.setLength(0);
        b.append("Session ").append(s.id).append("  ");
        Addresses.endpoint(b, s.clientIp(), s.clientPort()).append(" → ");
        Addresses.endpoint(b, s.serverIp(), s.serverPort()).append("  ").append(Times.iso(s.startTs)).append(" – ").append(Times.iso(s.endTs)).append(EOL);
        b.append("  user ").append(s.user == null ? "-" : s.user).append(", login ").append(s.login).append(", TLS ").append(s.tls);
        if (s.detectedByContent) {
            b.append(", FTP recognised by content on port ").append(s.serverPort());
        }
        b.append(EOL);
        timeline(s);
        if (!s.transfers.isEmpty()) {
            b.append("  Transfers:").append(EOL);
            for (Transfer t : s.transfers) {
                transferLine(b.append("    "), t).append(EOL);
            }
        }
        if (!s.diagnostics.isEmpty()) {
            b.append("  Diagnostics:").append(EOL);
            for (Diagnostic d : s.diagnostics) {
                b.append("    ").append(d.severity()).append("  ").append(d.code()).append("  (frames ").append(frames(d)).append(')').append(EOL);
                b.append("      ").append(d.message()).append(EOL);
                b.append("      Fix: ").append(d.fix()).append(EOL);
            }
        }
        if (s.commandsDropped > 0 || s.overLongLines > 0 || s.controlGapBytes > 0) {
            b.append("  Note: ").append(Fmt.n(s.commandsDropped)).append(" commands not stored (cap), ").append(Fmt.n(s.overLongLines))
                    .append(" over-long lines cut, ").append(Fmt.n(s.controlGapBytes)).append(" control bytes missing from the capture (")
                    .append(Fmt.n(s.linesCutByGap)).append(" lines cut short by it)").append(EOL);
        }
        b.append(EOL);
        out.print(b);
        if (b.capacity() > 1 << 20) {
            b.setLength(0);
            b.trimToSize(); // one huge session does not keep a huge buffer
        }
    }

    /**
     * Commands, replies and data-connection events in time order (equal times: in the order added).
     * Each line's text gets its own builder, so the many without an arrow stay Latin-1.
     */
    private void timeline(FtpSession s) {
        lines.clear();
        for (CommandEntry e : s.commands) {
            if (e.verb != null) {
                String arg = redactor.arg(e);
                StringBuilder t = new StringBuilder(80).append("Command:  ").append(e.verb);
                if (arg != null) {
                    t.append(' ').append(arg);
                }
                if (e.truncated) {
                    t.append("  [line cut at the length cap]");
                }
                add(e.ts, t);
            }
            for (TimedReply r : e.preliminary) {
                add(r.ts(), reply(r));
            }
            if (e.reply != null) {
                add(e.reply.ts(), reply(e.reply));
            }
        }
        for (DataConn d : s.dataConns) {
            StringBuilder t = dataEnds(new StringBuilder(120).append("Status:   data connection "), d).append(" opened (").append(d.mode);
            if (d.via != null) {
                t.append(", ").append(d.via);
            }
            if (d.fromPort20) {
                t.append(", from port 20");
            }
            if ("timing".equals(d.linkedBy)) {
                t.append(s.encrypted() ? ", matched by timing: TLS hides the port" : ", matched by timing: its announcement was lost from the capture");
            }
            if ("expectation-late".equals(d.linkedBy)) {
                t.append(", seen before its announcement");
            }
            add(d.conn.startTs(), t.append(')'));
            t = dataEnds(new StringBuilder(120).append("Status:   data connection "), d).append(' ');
            add(d.closeTs >= 0 ? d.closeTs : d.conn.lastTs(), closing(t, d));
        }
        if (s.tlsStartTs >= 0 && "explicit".equals(s.tls)) {
            add(s.tlsStartTs, "Status:   TLS negotiated: the rest of the control channel is encrypted");
        }
        lines.sort(IN_TIME);
        for (Line l : lines) {
            Times.clock(b.append("  "), l.ts).append(' ').append(l.text).append(EOL);
        }
    }

    private void add(long ts, CharSequence text) {
        lines.add(new Line(ts, lines.size(), text.toString()));
    }

    /** "12, 14, 18" — at most 12 numbers, then how many more. */
    static String frames(Diagnostic d) {
        if (d.frames().isEmpty()) {
            return "-";
        }
        StringBuilder sb = new StringBuilder();
        int shown = Math.min(12, d.frames().size());
        for (int i = 0; i < shown; i++) {
            sb.append(i == 0 ? "" : ", ").append(d.frames().get(i));
        }
        if (d.frames().size() > shown) {
            sb.append(" and ").append(d.frames().size() - shown).append(" more");
        }
        return sb.toString();
    }

    private static StringBuilder reply(TimedReply r) {
        StringBuilder t = new StringBuilder(80).append("Response: ");
        if (r.reply().code() == 0) {
            t.append("(not a reply) ");
        } else {
            t.append(r.reply().code()).append(' ');
        }
        return t.append(r.reply().text().replace("\n", "\n                            "));
    }

    private static StringBuilder closing(StringBuilder sb, DataConn d) {
        if (!d.connected()) {
            return sb.append("never answered (").append(d.conn.state().label()).append(')');
        }
        long bytes = d.conn.bytes(true) + d.conn.bytes(false);
        long gap = d.conn.gapBytes(true) + d.conn.gapBytes(false);
        Fmt.n(sb, bytes).append(" bytes");
        if (gap > 0) {
            Fmt.n(sb.append(" (+"), gap).append(" missing from the capture)");
        }
        return sb.append(", ").append(d.conn.state().label());
    }

    static StringBuilder transferLine(StringBuilder sb, Transfer t) {
        if (t.verb() == null) {
            sb.append("(hidden by TLS)");
        } else {
            sb.append(t.verb());
            if (t.arg() != null) {
                sb.append(' ').append(t.arg());
            }
        }
        sb.append("  ").append(t.direction == null ? "?" : t.direction).append("  ");
        if (t.mode == null) {
            sb.append("no data connection announced");
        } else {
            sb.append(t.mode);
            if (t.via != null) {
                sb.append('/').append(t.via);
            }
        }
        if (t.data != null) {
            Fmt.n(sb.append("  "), t.bytes()).append(" bytes");
            if (t.gapBytes() > 0) {
                Fmt.n(sb.append(" (+"), t.gapBytes()).append(" lost)");
            }
            Fmt.seconds3(sb.append("  "), t.endTs() - t.data.conn.startTs()).append(" s");
        }
        if (t.rest > 0) {
            Fmt.n(sb.append("  REST "), t.rest);
        }
        sb.append("  ").append(t.status());
        if (t.finalReply() != null) {
            sb.append(" (").append(t.finalReply().reply().code()).append(')');
        }
        return sb;
    }

    private static StringBuilder dataEnds(StringBuilder sb, DataConn d) {
        Addresses.endpoint(sb, d.conn.clientIp(), d.conn.clientPort()).append(" → ");
        return Addresses.endpoint(sb, d.conn.serverIp(), d.conn.serverPort());
    }

    @Override
    public void unlinked(DataConn d) {
        unlinked.add(d);
    }

    @Override
    public void close(RunTotals t) throws IOException {
        if (!unlinked.isEmpty()) {
            out.println("Connections between FTP hosts that no announcement explained:");
            for (DataConn d : unlinked) {
                StringBuilder sb = dataEnds(new StringBuilder("  "), d).append("  ").append(Times.iso(d.conn.startTs())).append("  ");
                out.println(closing(sb, d).append("  (").append(d.unlinkedReason).append(')'));
            }
            out.println();
        }
        if (sessions == 0) {
            out.println("No FTP sessions found.");
            out.println();
        }
        out.println("ftp: " + Fmt.n(t.ftp().sessions) + " sessions, " + Fmt.n(t.ftp().linkedDataConnections) + " of "
                + Fmt.n(t.ftp().dataConnections) + " data connections linked, " + Fmt.n(t.ftp().expectationsExpired)
                + " announcements expired unused");
        Summary.text(out, t.inputs(), t.decode(), t.tcp());
    }
}
