package io.ftpscope.explain;

import io.ftpscope.ftp.DataChannelArgs;
import io.ftpscope.ftp.HostPort;
import io.ftpscope.ftp.Reply;
import io.ftpscope.net.Addresses;
import io.ftpscope.output.Fmt;
import io.ftpscope.output.Redactor;
import io.ftpscope.session.CommandEntry;
import io.ftpscope.session.DataConn;
import io.ftpscope.session.FtpSession;
import io.ftpscope.session.TimedReply;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A ladder (sequence) diagram of one session in at most 100 columns. Four lanes: the client and
 * server ends of the control connection, then the client and server ends of the data connections
 * (D1, D2... one after another; the legend names each one's addresses and ports). Who sends the
 * data connection's SYN is the whole difference between active and passive mode, so it is drawn.
 */
final class Ladder {
    static final int WIDTH = 100;
    static final int C = 11;
    static final int S = 56;
    static final int DC = 63;
    static final int DS = 98;
    /** Beyond this a ladder stops being readable; the rest is counted. */
    static final int MAX_ROWS = 400;
    private static final Redactor MASK = new Redactor(false);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    private record Event(long ts, int seq, int from, int to, char fill, String label) {
        boolean note() {
            return from == to;
        }
    }

    private final List<Event> events = new ArrayList<>();
    private final long t0;

    private Ladder(long t0) {
        this.t0 = t0;
    }

    static List<String> draw(FtpSession s) {
        Ladder l = new Ladder(s.startTs);
        l.control(s);
        for (int i = 0; i < s.dataConns.size(); i++) {
            l.data("D" + (i + 1), s.dataConns.get(i));
        }
        return l.render(s);
    }

    private void add(long ts, int from, int to, char fill, String label) {
        events.add(new Event(ts, events.size(), from, to, fill, Words.clean(label)));
    }

    private void control(FtpSession s) {
        long[] syn = s.control.synTimes();
        if (syn.length > 0) {
            add(syn[0], C, S, '─', "SYN");
        }
        if (s.control.synAckTs() >= 0) {
            add(s.control.synAckTs(), S, C, '─', "SYN-ACK");
        }
        if ("implicit".equals(s.tls)) {
            add(s.startTs, C, C, ' ', "TLS from the first byte: nothing readable");
        }
        for (CommandEntry e : s.commands) {
            if (e.verb != null) {
                String arg = MASK.arg(e);
                add(e.ts, C, S, '─', e.verb + (arg == null ? "" : " " + arg) + portOf(e.verb, arg));
            }
            for (TimedReply r : e.preliminary) {
                add(r.ts(), S, C, '─', r.reply().code() + " " + r.reply().lastText());
            }
            if (e.reply != null) {
                add(e.reply.ts(), S, C, '─', replyLabel(e));
            }
        }
        if ("explicit".equals(s.tls) && s.tlsStartTs >= 0) {
            add(s.tlsStartTs, C, C, ' ', "TLS from here on: commands hidden");
        }
    }

    /** "PORT 10,0,0,1,153,53 = port 39221": the arithmetic learners ask about, done for them. */
    private static String portOf(String verb, String arg) {
        HostPort hp = switch (verb) {
            case "PORT" -> DataChannelArgs.port(arg);
            case "EPRT" -> DataChannelArgs.eprt(arg);
            default -> null;
        };
        return hp == null || !verb.equals("PORT") ? "" : " = port " + hp.port();
    }

    /** Replies announcing a port keep only the numbers, so the port fits on the arrow. */
    private static String replyLabel(CommandEntry e) {
        Reply r = e.reply.reply();
        String text = r.lastText();
        HostPort hp = r.code() == 227 ? DataChannelArgs.pasv(text) : r.code() == 229 ? DataChannelArgs.epsv(text) : null;
        if (hp != null) {
            int open = text.indexOf('(');
            int close = text.lastIndexOf(')');
            String nums = open >= 0 && close > open ? text.substring(open, close + 1) : "";
            return r.code() + " " + nums + " = port " + hp.port();
        }
        return (r.code() > 0 ? r.code() + " " : "") + text;
    }

    private void data(String name, DataConn d) {
        int opener = d.active() ? DS : DC;
        int acceptor = d.active() ? DC : DS;
        long[] syn = d.conn.synTimes();
        boolean answered = d.conn.synAckFrame() >= 0;
        for (int k = 0; k < syn.length; k++) {
            boolean last = k == syn.length - 1;
            add(syn[k], opener, acceptor, '─', name + (k == 0 ? " SYN" : " SYN again")
                    + (last && !answered && d.conn.rstFrame() < 0 ? ", no answer" : ""));
        }
        if (answered) {
            add(d.conn.synAckTs(), acceptor, opener, '─', name + " SYN-ACK");
        } else if (d.conn.rstFrame() >= 0) {
            add(d.conn.rstTs(), acceptor, opener, '─', name + " RST: refused");
        }
        if (!d.connected()) {
            return;
        }
        long end = d.closeTs >= 0 ? d.closeTs : d.conn.lastTs();
        String took = Words.seconds(end - d.conn.startTs());
        if (d.bytesFromServer() > 0 || d.bytesFromClient() == 0) {
            add(end, DS, DC, '═', name + " " + Fmt.n(d.bytesFromServer()) + " bytes, " + took);
        }
        if (d.bytesFromClient() > 0) {
            add(end, DC, DS, '═', name + " " + Fmt.n(d.bytesFromClient()) + " bytes, " + took);
        }
        add(end, DC, DC, ' ', name + " " + d.conn.state().label());
    }

    private List<String> render(FtpSession s) {
        List<String> out = new ArrayList<>();
        out.addAll(Wrap.lines("  ", "Ladder of " + s.id + " (time in seconds after " + CLOCK.format(instant(t0)) + " UTC; "
                + "─ control, ═ data; the data lanes are shared by D1, D2... in turn):"));
        for (int i = 0; i < s.dataConns.size(); i++) {
            DataConn d = s.dataConns.get(i);
            out.addAll(Wrap.lines("    ", "      ", "D" + (i + 1) + "  " + Addresses.endpoint(d.conn.clientIp(), d.conn.clientPort()) + " -> "
                    + Addresses.endpoint(d.conn.serverIp(), d.conn.serverPort()) + "  " + d.mode + (d.via == null ? "" : " (" + d.via + ")")
                    + (d.active() ? ": the server connects to the client" : ": the client connects to the server")));
        }
        char[] row = lanes();
        put(row, C, "client");
        put(row, S - 5, "server");
        put(row, DC, "client data");
        put(row, DS - 10, "server data");
        out.add(trim(row));
        row = lanes();
        put(row, C, Addresses.endpoint(s.clientIp(), s.clientPort()));
        String srv = Addresses.endpoint(s.serverIp(), s.serverPort());
        put(row, Math.max(C + 2, S + 1 - srv.length()), srv);
        out.add(trim(row));
        events.sort(Comparator.comparingLong(Event::ts).thenComparingInt(Event::seq));
        int shown = 0;
        for (Event e : events) {
            if (shown++ == MAX_ROWS) {
                out.add(pad("", 9) + "  ... " + (events.size() - MAX_ROWS) + " more events not drawn");
                break;
            }
            out.add(trim(paint(e)));
        }
        return out;
    }

    private char[] paint(Event e) {
        char[] row = lanes();
        String t = String.format(java.util.Locale.ROOT, "%9.3f", (e.ts - t0) / 1e9);
        put(row, 0, t);
        if (e.note()) {
            int lo = e.from == C ? C : DC;
            int hi = e.from == C ? S : DS;
            center(row, lo, hi, "[" + e.label + "]");
            return row;
        }
        int lo = Math.min(e.from, e.to);
        int hi = Math.max(e.from, e.to);
        for (int i = lo + 1; i < hi; i++) {
            row[i] = e.fill;
        }
        if (e.to > e.from) {
            row[hi - 1] = '▶';
        } else {
            row[lo + 1] = '◀';
        }
        center(row, lo + 1, hi - 1, " " + e.label + " ");
        return row;
    }

    /** Writes text centred between two columns (exclusive), cut with "…" when it does not fit. */
    private static void center(char[] row, int lo, int hi, String text) {
        int room = hi - lo - 1;
        if (text.length() > room) {
            text = text.substring(0, Math.max(0, room - 2)) + "… ";
        }
        put(row, lo + 1 + (room - text.length()) / 2, text);
    }

    private static char[] lanes() {
        char[] row = new char[WIDTH];
        java.util.Arrays.fill(row, ' ');
        for (int lane : new int[] {C, S, DC, DS}) {
            row[lane] = '│';
        }
        return row;
    }

    private static void put(char[] row, int at, String text) {
        for (int i = 0; i < text.length() && at + i < row.length; i++) {
            row[at + i] = text.charAt(i);
        }
    }

    private static String trim(char[] row) {
        return new String(row).replace(Words.NBSP, ' ').stripTrailing();
    }

    private static String pad(String s, int n) {
        return String.format("%-" + n + "s", s);
    }

    private static Instant instant(long ts) {
        return Instant.ofEpochSecond(Math.floorDiv(ts, 1_000_000_000L), Math.floorMod(ts, 1_000_000_000L));
    }
}
