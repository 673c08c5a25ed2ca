package io.ftpscope.output;

import io.ftpscope.session.CommandEntry;
import io.ftpscope.session.DataConn;
import io.ftpscope.session.Diagnostic;
import io.ftpscope.session.FtpSession;
import io.ftpscope.session.TimedReply;
import io.ftpscope.session.Transfer;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The default output: a FileZilla-style timeline per session, data-connection events interleaved. */
public final class TextTimelineSink implements OutputSink {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);
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

    @Override
    public void sessionEnd(FtpSession s) {
        sessions++;
        out.println("Session " + s.id + "  " + ep(s.clientIp(), s.clientPort()) + " → " + ep(s.serverIp(), s.serverPort())
                + "  " + Times.iso(s.startTs) + " – " + Times.iso(s.endTs));
        out.println("  user " + (s.user == null ? "-" : s.user) + ", login " + s.login + ", TLS " + s.tls
                + (s.detectedByContent ? ", FTP recognised by content on port " + s.serverPort() : ""));
        List<Line> lines = new ArrayList<>();
        int n = 0;
        for (CommandEntry e : s.commands) {
            if (e.verb != null) {
                String arg = redactor.arg(e);
                lines.add(new Line(e.ts, n++, "Command:  " + e.verb + (arg == null ? "" : " " + arg)
                        + (e.truncated ? "  [line cut at the length cap]" : "")));
            }
            for (TimedReply r : e.preliminary) {
                lines.add(new Line(r.ts(), n++, reply(r)));
            }
            if (e.reply != null) {
                lines.add(new Line(e.reply.ts(), n++, reply(e.reply)));
            }
        }
        for (DataConn d : s.dataConns) {
            lines.add(new Line(d.conn.startTs(), n++, "Status:   data connection " + dataEnds(d) + " opened ("
                    + d.mode + (d.via != null ? ", " + d.via : "") + (d.fromPort20 ? ", from port 20" : "")
                    + ("timing".equals(d.linkedBy) ? (s.encrypted() ? ", matched by timing: TLS hides the port"
                            : ", matched by timing: its announcement was lost from the capture") : "")
                    + ("expectation-late".equals(d.linkedBy) ? ", seen before its announcement" : "") + ")"));
            lines.add(new Line(d.closeTs >= 0 ? d.closeTs : d.conn.lastTs(), n++, "Status:   data connection " + dataEnds(d) + " "
                    + closing(d)));
        }
        if (s.tlsStartTs >= 0 && "explicit".equals(s.tls)) {
            lines.add(new Line(s.tlsStartTs, n++, "Status:   TLS negotiated: the rest of the control channel is encrypted"));
        }
        lines.sort(Comparator.comparingLong(Line::ts).thenComparingInt(Line::order));
        for (Line l : lines) {
            out.println("  " + clock(l.ts) + " " + l.text);
        }
        if (!s.transfers.isEmpty()) {
            out.println("  Transfers:");
            for (Transfer t : s.transfers) {
                out.println("    " + transferLine(t));
            }
        }
        if (!s.diagnostics.isEmpty()) {
            out.println("  Diagnostics:");
            for (Diagnostic d : s.diagnostics) {
                out.println("    " + d.severity() + "  " + d.code() + "  (frames " + frames(d) + ")");
                out.println("      " + d.message());
                out.println("      Fix: " + d.fix());
            }
        }
        if (s.commandsDropped > 0 || s.overLongLines > 0 || s.controlGapBytes > 0) {
            out.println("  Note: " + Fmt.n(s.commandsDropped) + " commands not stored (cap), " + Fmt.n(s.overLongLines)
                    + " over-long lines cut, " + Fmt.n(s.controlGapBytes) + " control bytes missing from the capture ("
                    + Fmt.n(s.linesCutByGap) + " lines cut short by it)");
        }
        out.println();
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

    private static String reply(TimedReply r) {
        String text = r.reply().text().replace("\n", "\n                            ");
        if (r.reply().code() == 0) {
            return "Response: (not a reply) " + text;
        }
        return "Response: " + r.reply().code() + " " + text;
    }

    private static String closing(DataConn d) {
        if (!d.connected()) {
            return "never answered (" + d.conn.state().label() + ")";
        }
        long bytes = d.conn.bytes(true) + d.conn.bytes(false);
        long gap = d.conn.gapBytes(true) + d.conn.gapBytes(false);
        return Fmt.n(bytes) + " bytes" + (gap > 0 ? " (+" + Fmt.n(gap) + " missing from the capture)" : "") + ", "
                + d.conn.state().label();
    }

    static String transferLine(Transfer t) {
        StringBuilder sb = new StringBuilder();
        sb.append(t.verb() == null ? "(hidden by TLS)" : t.verb() + (t.arg() == null ? "" : " " + t.arg()));
        sb.append("  ").append(t.direction == null ? "?" : t.direction);
        sb.append("  ").append(t.mode == null ? "no data connection announced" : t.mode + (t.via == null ? "" : "/" + t.via));
        if (t.data != null) {
            sb.append("  ").append(Fmt.n(t.bytes())).append(" bytes");
            if (t.gapBytes() > 0) {
                sb.append(" (+").append(Fmt.n(t.gapBytes())).append(" lost)");
            }
            double secs = (t.endTs() - t.data.conn.startTs()) / 1e9;
            sb.append(String.format(java.util.Locale.ROOT, "  %.3f s", secs));
        }
        if (t.rest > 0) {
            sb.append("  REST ").append(Fmt.n(t.rest));
        }
        sb.append("  ").append(t.status());
        if (t.finalReply() != null) {
            sb.append(" (").append(t.finalReply().reply().code()).append(')');
        }
        return sb.toString();
    }

    private static String dataEnds(DataConn d) {
        return ep(d.conn.clientIp(), d.conn.clientPort()) + " → " + ep(d.conn.serverIp(), d.conn.serverPort());
    }

    static String ep(String ip, int port) {
        return ip.indexOf(':') >= 0 ? "[" + ip + "]:" + port : ip + ":" + port;
    }

    private static String clock(long ts) {
        return CLOCK.format(Instant.ofEpochSecond(Math.floorDiv(ts, 1_000_000_000L), Math.floorMod(ts, 1_000_000_000L)));
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
                out.println("  " + dataEnds(d) + "  " + Times.iso(d.conn.startTs()) + "  " + closing(d) + "  (" + d.unlinkedReason + ")");
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
