package io.ftpscope.report;

import io.ftpscope.capture.FrameRefs;
import io.ftpscope.output.Redactor;
import io.ftpscope.output.Times;
import io.ftpscope.session.CommandEntry;
import io.ftpscope.session.DataConn;
import io.ftpscope.session.Diagnostic;
import io.ftpscope.session.FtpSession;
import io.ftpscope.session.TimedReply;
import io.ftpscope.session.Transfer;
import io.ftpscope.session.TransferContent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** One session of the report: facts, ladder diagram, timeline, transfers, diagnostics. Everything from the capture is escaped. */
final class SessionSection {
    static final int MAX_TIMELINE_ROWS = 2000;

    private final Redactor redactor;
    private final FrameRefs refs;

    SessionSection(Redactor redactor, FrameRefs refs) {
        this.redactor = redactor;
        this.refs = refs;
    }

    Redactor redactor() {
        return redactor;
    }

    String render(FtpSession s) {
        StringBuilder b = new StringBuilder(8192);
        String id = Html.esc(s.id);
        b.append("<section class=\"session\" id=\"session-").append(id).append("\" data-session=\"").append(id).append("\">\n");
        b.append("<h2>Session ").append(id).append(" <span class=\"mono\">").append(Html.esc(s.clientIp() + ":" + s.clientPort()))
                .append(" → ").append(Html.esc(s.serverIp() + ":" + s.serverPort())).append("</span></h2>\n");
        b.append("<p class=\"facts\">").append(Html.esc(Times.iso(s.startTs))).append(" – ").append(Html.esc(Times.iso(s.endTs)))
                .append(" · user <b>").append(Html.esc(s.user == null ? "(none)" : s.user)).append("</b>, login ").append(Html.esc(s.login))
                .append(", TLS ").append(Html.esc(s.tls)).append(", control connection ").append(Html.esc(s.control.state().label()));
        if (s.controlGapBytes > 0) {
            b.append(String.format(Locale.ROOT, ", <b>%,d bytes of the control connection missing</b>", s.controlGapBytes));
        }
        b.append("</p>\n");
        diagnostics(b, s);
        b.append("<h3>Transfers</h3>\n");
        transfers(b, s);
        b.append("<h3>Ladder diagram</h3>\n<div class=\"ladder-wrap\">").append(LadderDiagram.svg(s, redactor)).append("</div>\n");
        if (s.dataConns.size() > LadderDiagram.MAX_DATA_LANES) {
            b.append("<p class=\"more\">").append(s.dataConns.size() - LadderDiagram.MAX_DATA_LANES)
                    .append(" more data connections are not drawn; they are in the transfers table.</p>\n");
        }
        b.append("<h3>Timeline</h3>\n");
        timeline(b, s);
        b.append("</section>\n");
        return b.toString();
    }

    private void diagnostics(StringBuilder b, FtpSession s) {
        b.append("<h3>Diagnostics</h3>\n");
        if (s.diagnostics.isEmpty()) {
            b.append("<p class=\"none diagnostics-none\">No diagnostics for this session.</p>\n");
            return;
        }
        b.append("<ul class=\"diagnostics\">\n");
        for (Diagnostic d : s.diagnostics) {
            String sev = d.severity() == null ? "info" : d.severity().toLowerCase(Locale.ROOT);
            b.append("<li class=\"diagnostic ").append(Html.esc(sev)).append("\" data-code=\"").append(Html.esc(d.code())).append("\">")
                    .append("<span class=\"sev ").append(Html.esc(sev)).append("\">").append(Html.esc(d.severity())).append("</span> ")
                    .append("<code>").append(Html.esc(d.code())).append("</code> ").append(Html.esc(d.message()));
            if (d.fix() != null && !d.fix().isBlank()) {
                b.append("<div class=\"fix\">").append(Html.esc(d.fix())).append("</div>");
            }
            if (d.frames() != null && !d.frames().isEmpty()) {
                b.append("<div class=\"frames sub\">frames: ");
                List<String> fs = new ArrayList<>();
                for (Long f : d.frames()) {
                    fs.add(frameRef(f));
                }
                b.append(Html.esc(String.join(", ", fs))).append("</div>");
            }
            b.append("</li>\n");
        }
        b.append("</ul>\n");
    }

    private void transfers(StringBuilder b, FtpSession s) {
        if (s.transfers.isEmpty()) {
            b.append("<p class=\"none\">No transfers.</p>\n");
            return;
        }
        boolean hashes = s.transfers.stream().anyMatch(t -> t.data != null && t.data.content != null);
        b.append("<table class=\"transfers\"><thead><tr><th>#</th><th>command</th><th>path</th><th>mode</th><th>data ports (client → server)</th>"
                + "<th class=\"num\">bytes</th><th class=\"num\">duration</th><th class=\"num\">throughput</th><th>status</th>");
        if (hashes) {
            b.append("<th>SHA-256 / MD5</th><th>extracted</th>");
        }
        b.append("</tr></thead><tbody>\n");
        int n = 0;
        for (Transfer t : s.transfers) {
            n++;
            String status = t.status();
            double secs = (t.endTs() - (t.data != null ? t.data.conn.startTs() : t.startTs())) / 1e9;
            b.append("<tr class=\"transfer\" data-session=\"").append(Html.esc(s.id)).append("\" data-command=\"").append(Html.esc(t.verb()))
                    .append("\" data-bytes=\"").append(t.bytes()).append("\" data-status=\"").append(Html.esc(status)).append("\">");
            b.append("<td class=\"num\">").append(n).append("</td><td>").append(Html.esc(t.verb() == null ? "(encrypted)" : t.verb()))
                    .append("</td><td class=\"mono\">").append(Html.esc(t.arg())).append("</td>");
            b.append("<td>").append(Html.esc(t.mode == null ? "?" : t.mode)).append(t.via != null ? " / " + Html.esc(t.via) : "");
            if (t.data != null && t.data.fromPort20) {
                b.append(" <span class=\"sub\">(from port 20)</span>");
            }
            b.append("</td><td class=\"mono\">");
            if (t.data != null) {
                b.append(Html.esc(t.data.ftpClientIp() + ":" + t.data.ftpClientPort())).append(" → ")
                        .append(Html.esc(t.data.ftpServerIp() + ":" + t.data.ftpServerPort()));
            } else {
                b.append("<span class=\"none\">no connection</span>");
            }
            b.append("</td><td class=\"num\">").append(String.format(Locale.ROOT, "%,d", t.bytes()));
            if (t.gapBytes() > 0) {
                b.append(String.format(Locale.ROOT, "<br><span class=\"status incomplete\">%,d missing</span>", t.gapBytes()));
            }
            b.append("</td><td class=\"num\">").append(String.format(Locale.ROOT, "%.3f s", secs)).append("</td><td class=\"num\">")
                    .append(t.data != null && secs > 0 ? rate(t.bytes() / secs) : "").append("</td>");
            b.append("<td><span class=\"status ").append(Html.esc(status)).append("\">").append(Html.esc(status)).append("</span>");
            if (t.finalReply() != null) {
                b.append(" (").append(t.finalReply().reply().code()).append(")");
            }
            if (t.rest > 0) {
                b.append(String.format(Locale.ROOT, "<br><span class=\"sub\">REST %,d</span>", t.rest));
            }
            b.append("</td>");
            if (hashes) {
                content(b, t.data == null ? null : t.data.content);
            }
            b.append("</tr>\n");
        }
        b.append("</tbody></table>\n");
    }

    private static void content(StringBuilder b, TransferContent c) {
        if (c == null) {
            b.append("<td></td><td></td>");
            return;
        }
        b.append("<td class=\"mono\">").append(c.sha256() == null ? "<span class=\"none\">not hashed: bytes missing</span>"
                : Html.esc(c.sha256()) + "<br>" + Html.esc(c.md5())).append("</td><td class=\"mono\">");
        b.append(Html.esc(c.file() == null ? "" : c.file()));
        if (!c.complete()) {
            b.append("<br><span class=\"status incomplete\">incomplete: ").append(Html.esc(c.reason())).append("</span>");
        }
        b.append("</td>");
    }

    static String rate(double bps) {
        if (bps >= 1e6) {
            return String.format(Locale.ROOT, "%.1f MB/s", bps / 1e6);
        }
        return String.format(Locale.ROOT, "%.1f kB/s", bps / 1e3);
    }

    private record Line(long ts, long frame, String dir, String text) {
    }

    private void timeline(StringBuilder b, FtpSession s) {
        List<Line> lines = new ArrayList<>();
        for (CommandEntry e : s.commands) {
            if (!e.isUnsolicited()) {
                lines.add(new Line(e.ts, e.frame, "c", e.verb + (e.arg != null ? " " + redactor.arg(e) : "")
                        + (e.truncated ? " [cut]" : "") + (!e.valid ? " [not FTP]" : "")));
            }
            for (TimedReply r : e.preliminary) {
                lines.add(new Line(r.ts(), r.frame(), "s", r.reply().code() + " " + r.reply().text()));
            }
            if (e.reply != null) {
                lines.add(new Line(e.reply.ts(), e.reply.frame(), "s", e.reply.reply().code() + " " + e.reply.reply().text()));
            }
        }
        for (DataConn d : s.dataConns) {
            String ends = d.ftpClientIp() + ":" + d.ftpClientPort() + " ↔ " + d.ftpServerIp() + ":" + d.ftpServerPort();
            lines.add(new Line(d.conn.startTs(), d.conn.firstFrame(), "d", "data connection " + ends + " opened (" + d.mode
                    + (d.via != null ? ", " + d.via : "") + (d.fromPort20 ? ", from port 20" : "") + ", linked by " + d.linkedBy + ")"
                    + (d.connected() ? "" : ", never answered")));
            lines.add(new Line(d.closeTs >= 0 ? d.closeTs : d.conn.lastTs(), Long.MAX_VALUE, "d", String.format(Locale.ROOT,
                    "data connection %s %s: %,d bytes to the client, %,d to the server", ends, d.conn.state().label(), d.bytesFromServer(),
                    d.bytesFromClient())));
        }
        lines.sort(Comparator.comparingLong(Line::ts).thenComparingLong(Line::frame));
        b.append("<table class=\"timeline\"><thead><tr><th>time (UTC)</th><th></th><th>event</th><th>frame</th></tr></thead><tbody>\n");
        int shown = 0;
        for (Line l : lines) {
            if (shown++ == MAX_TIMELINE_ROWS) {
                b.append("<tr><td colspan=\"4\" class=\"more\">").append(lines.size() - MAX_TIMELINE_ROWS)
                        .append(" more events not shown (the JSON output has them all)</td></tr>\n");
                break;
            }
            String arrow = switch (l.dir) {
                case "c" -> "<span class=\"dir-c\" title=\"client to server\">→</span>";
                case "s" -> "<span class=\"dir-s\" title=\"server to client\">←</span>";
                default -> "<span class=\"dir-d\" title=\"data connection\">⇄</span>";
            };
            b.append("<tr class=\"event ").append(l.dir).append("\"><td class=\"mono\">").append(Report.clock(l.ts)).append("</td><td>").append(arrow)
                    .append("</td><td class=\"mono\">").append(Html.esc(l.text)).append("</td><td class=\"num mono\">")
                    .append(l.frame == Long.MAX_VALUE ? "" : Html.esc(frameRef(l.frame))).append("</td></tr>\n");
        }
        b.append("</tbody></table>\n");
    }

    /** "123", or "rot-2.pcap #45" when several inputs were read. */
    private String frameRef(long f) {
        if (refs == null || !refs.multiple()) {
            return Long.toString(f);
        }
        String file = refs.file(f);
        return file == null ? Long.toString(f) : java.nio.file.Path.of(file).getFileName() + " #" + refs.frameInFile(f);
    }
}
