package io.ftpscope.report;

import io.ftpscope.output.Redactor;
import io.ftpscope.session.CommandEntry;
import io.ftpscope.session.DataConn;
import io.ftpscope.session.FtpSession;
import io.ftpscope.session.TimedReply;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * An SVG ladder (sequence) diagram of one session: time runs down, one lane (FTP client line, FTP
 * server line) for the control connection and one per data connection, so who connects to whom
 * shows at a glance: in passive mode the data SYN goes client → server, in active mode the server
 * connects back. Rows are events in time order, not to scale; long sessions are cut with a note.
 */
final class LadderDiagram {
    static final int MAX_ROWS = 250;
    static final int MAX_DATA_LANES = 16;
    private static final int ROW = 22;
    private static final int TOP = 52;
    private static final int TIME_W = 96;
    private static final int CTRL_W = 300;
    private static final int LANE_GAP = 40;
    private static final int DATA_W = 170;

    private record Event(long ts, long frame, int kind, CommandEntry cmd, TimedReply reply, DataConn data) {
    }

    private static final int COMMAND = 0;
    private static final int REPLY = 1;
    private static final int OPEN = 2;
    private static final int CLOSE = 3;

    private LadderDiagram() {
    }

    static String svg(FtpSession s, Redactor redactor) {
        List<DataConn> lanes = s.dataConns.subList(0, Math.min(MAX_DATA_LANES, s.dataConns.size()));
        List<Event> ev = events(s, lanes);
        int total = ev.size();
        if (ev.size() > MAX_ROWS) {
            ev = ev.subList(0, MAX_ROWS);
        }
        int width = TIME_W + CTRL_W + lanes.size() * (LANE_GAP + DATA_W) + 80; // room for the last centred port label
        int height = TOP + ev.size() * ROW + 30;
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg class=\"ladder\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"ladder diagram of session %s\">", width, height, width, height,
                Html.esc(s.id)));
        int bottom = height - 20;
        // control lane
        int cx = TIME_W + 20;
        int sx = TIME_W + CTRL_W - 20;
        b.append("<g class=\"lane lane-control\">");
        head(b, cx, sx, "control", "client " + s.clientIp() + ":" + s.clientPort(), "server :" + s.serverPort());
        line(b, cx, bottom);
        line(b, sx, bottom);
        b.append("</g>");
        for (int i = 0; i < lanes.size(); i++) {
            DataConn d = lanes.get(i);
            int x0 = laneX(i);
            b.append("<g class=\"lane lane-data\" data-lane=\"").append(i + 1).append("\">");
            head(b, x0, x0 + DATA_W, "data " + (i + 1) + " (" + d.mode + (d.via != null ? " " + d.via : "") + ")",
                    "client :" + d.ftpClientPort(), "server :" + d.ftpServerPort());
            int open = rowOf(ev, d, OPEN);
            int close = rowOf(ev, d, CLOSE);
            if (open >= 0) {
                int y1 = y(open);
                int y2 = close >= 0 ? y(close) : bottom;
                b.append(String.format(Locale.ROOT, "<rect class=\"alive\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>", x0, y1, DATA_W,
                        Math.max(2, y2 - y1)));
            }
            line(b, x0, bottom);
            line(b, x0 + DATA_W, bottom);
            b.append("</g>");
        }
        for (int r = 0; r < ev.size(); r++) {
            row(b, ev.get(r), y(r), lanes, redactor);
        }
        if (total > ev.size()) {
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"tick\">… %d more events not drawn (see the timeline)</text>",
                    TIME_W, bottom + 14, total - ev.size()));
        }
        b.append("</svg>");
        return b.toString();
    }

    private static int laneX(int i) {
        return TIME_W + CTRL_W + LANE_GAP + i * (LANE_GAP + DATA_W);
    }

    private static int y(int row) {
        return TOP + row * ROW + 14;
    }

    private static int rowOf(List<Event> ev, DataConn d, int kind) {
        for (int i = 0; i < ev.size(); i++) {
            if (ev.get(i).data == d && ev.get(i).kind == kind) {
                return i;
            }
        }
        return -1;
    }

    private static List<Event> events(FtpSession s, List<DataConn> lanes) {
        List<Event> ev = new ArrayList<>();
        for (CommandEntry e : s.commands) {
            if (!e.isUnsolicited()) {
                ev.add(new Event(e.ts, e.frame, COMMAND, e, null, null));
            }
            for (TimedReply r : e.preliminary) {
                ev.add(new Event(r.ts(), r.frame(), REPLY, e, r, null));
            }
            if (e.reply != null) {
                ev.add(new Event(e.reply.ts(), e.reply.frame(), REPLY, e, e.reply, null));
            }
        }
        for (DataConn d : lanes) {
            ev.add(new Event(d.conn.startTs(), d.conn.firstFrame(), OPEN, null, null, d));
            ev.add(new Event(d.closeTs >= 0 ? d.closeTs : d.conn.lastTs(), Long.MAX_VALUE, CLOSE, null, null, d));
        }
        ev.sort(Comparator.comparingLong(Event::ts).thenComparingLong(Event::frame).thenComparingInt(Event::kind));
        return ev;
    }

    private static void row(StringBuilder b, Event e, int y, List<DataConn> lanes, Redactor redactor) {
        b.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"4\" y=\"%d\">%s</text>", y + 4, Report.clock(e.ts)));
        int cx = TIME_W + 20;
        int sx = TIME_W + CTRL_W - 20;
        switch (e.kind) {
            case COMMAND -> arrow(b, "cmd", cx, sx, y, e.cmd.verb + (e.cmd.arg != null ? " " + redactor.arg(e.cmd) : ""));
            case REPLY -> {
                int code = e.reply.reply().code();
                arrow(b, code >= 400 ? "rep err" : "rep", sx, cx, y, code + " " + firstLine(e.reply.reply().text()));
            }
            default -> {
                int x0 = laneX(lanes.indexOf(e.data));
                int x1 = x0 + DATA_W;
                DataConn d = e.data;
                if (e.kind == OPEN) {
                    boolean fromServer = d.active(); // active mode: the FTP server opens the connection
                    String label = d.connected() ? "SYN " + (fromServer ? "from server" : "from client") : "SYN, no answer";
                    arrow(b, d.connected() ? "syn" : "syn lost", fromServer ? x1 : x0, fromServer ? x0 : x1, y, label);
                } else if (!d.connected()) {
                    boolean fromServer = d.active();
                    arrow(b, "syn lost", fromServer ? x1 : x0, fromServer ? x0 : x1, y, "gave up (" + d.conn.state().label() + ")");
                } else {
                    long up = d.bytesFromClient();
                    long down = d.bytesFromServer();
                    boolean toClient = down >= up;
                    String label = String.format(Locale.ROOT, "%,d bytes, %s", Math.max(up, down), d.conn.state().label());
                    arrow(b, "flow", toClient ? x1 : x0, toClient ? x0 : x1, y, label);
                }
            }
        }
    }

    private static String firstLine(String t) {
        int nl = t == null ? -1 : t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    private static void head(StringBuilder b, int x1, int x2, String title, String left, String right) {
        b.append(String.format(Locale.ROOT, "<text class=\"lane-head\" x=\"%d\" y=\"14\">%s</text>", x1 - 10, Html.cut(title, 34)));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"30\" text-anchor=\"middle\">%s</text>", x1, Html.cut(left, 26)));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"44\" text-anchor=\"middle\">%s</text>", x2, Html.cut(right, 26)));
    }

    /** Arrow heads, defined once per document (ids are shared by every diagram in it). */
    static String markers() {
        StringBuilder b = new StringBuilder("<svg width=\"0\" height=\"0\" style=\"position:absolute\" aria-hidden=\"true\"><defs>");
        String[][] kinds = {{"cmd", "#0969da"}, {"rep", "#8250df"}, {"rep-err", "#cf222e"}, {"syn", "#1a7f37"}, {"syn-lost", "#cf222e"},
            {"flow", "#1a7f37"}};
        for (String[] k : kinds) {
            b.append("<marker id=\"ah-").append(k[0]).append("\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" ")
                    .append("markerHeight=\"7\" orient=\"auto\" markerUnits=\"userSpaceOnUse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"")
                    .append(k[1]).append("\"/></marker>");
        }
        return b.append("</defs></svg>").toString();
    }

    private static void line(StringBuilder b, int x, int bottom) {
        b.append(String.format(Locale.ROOT, "<line class=\"life\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", x, TOP, x, bottom));
    }

    private static void arrow(StringBuilder b, String cls, int from, int to, int y, String label) {
        b.append(String.format(Locale.ROOT, "<g class=\"%s\"><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" marker-end=\"url(#ah-%s)\"/>",
                cls, from, y, to, y, cls.replace(' ', '-')));
        int mid = (from + to) / 2;
        int maxChars = Math.abs(to - from) / 7;
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" stroke=\"none\">%s</text></g>", mid, y - 4,
                Html.cut(label, Math.max(8, maxChars))));
    }
}
