package io.ftpscope.diagnose;

import io.ftpscope.session.CommandEntry;
import io.ftpscope.session.DataConn;
import io.ftpscope.session.FtpSession;
import io.ftpscope.session.TimedReply;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Small lookups shared by the rules: which command announced a data connection, its frames, wording. */
public final class Evidence {
    private Evidence() {
    }

    /** The frame numbers in order, each once, without the "none" markers (0 or negative). */
    static List<Long> sorted(List<Long> frames) {
        if (ascending(frames)) {
            return List.copyOf(frames); // the rules mostly collect frames in capture order already
        }
        long[] a = new long[frames.size()];
        int n = 0;
        for (Long f : frames) {
            if (f != null && f > 0) {
                a[n++] = f;
            }
        }
        Arrays.sort(a, 0, n);
        List<Long> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (i == 0 || a[i] != a[i - 1]) {
                l.add(a[i]);
            }
        }
        return List.copyOf(l);
    }

    private static boolean ascending(List<Long> frames) {
        long last = 0;
        for (int i = 0; i < frames.size(); i++) {
            Long f = frames.get(i);
            if (f == null || f <= last) {
                return false;
            }
            last = f;
        }
        return true;
    }

    /**
     * The PORT/EPRT/LPRT (active) or PASV/EPSV/LPSV (passive) that announced this connection: the last
     * one before the connection started. The session keeps no direct link because an expectation is
     * consumed when its connection arrives.
     */
    public static CommandEntry announcement(FtpSession s, DataConn d) {
        CommandEntry found = null;
        for (CommandEntry e : s.commands) {
            if (e.ts > d.conn.startTs()) {
                break;
            }
            if (e.verb != null && (d.via == null || d.via.equals(e.verb))
                    && (d.active() ? isActiveVerb(e.verb) : isPassiveVerb(e.verb))) {
                found = e;
            }
        }
        return found;
    }

    public static boolean isActiveVerb(String v) {
        return v.equals("PORT") || v.equals("EPRT") || v.equals("LPRT");
    }

    public static boolean isPassiveVerb(String v) {
        return v.equals("PASV") || v.equals("EPSV") || v.equals("LPSV");
    }

    /** The command's frame, its final reply's frame, and every preliminary reply's frame. */
    public static List<Long> framesOf(CommandEntry e) {
        List<Long> l = new ArrayList<>();
        if (e == null) {
            return l;
        }
        l.add(e.frame);
        for (TimedReply r : e.preliminary) {
            l.add(r.frame());
        }
        if (e.reply != null) {
            l.add(e.reply.frame());
        }
        return l;
    }

    /** SYNs of the opener, the SYN-ACK and RST when seen: what proves how a connect went. */
    public static List<Long> handshakeFrames(DataConn d) {
        List<Long> l = new ArrayList<>();
        for (long f : d.conn.synFrames()) {
            l.add(f);
        }
        if (d.conn.synFrames().length == 0) {
            l.add(d.conn.firstFrame());
        }
        l.add(d.conn.synAckFrame());
        l.add(d.conn.rstFrame());
        return l;
    }

    /** 3,000,000 rather than 3000000 (diagnose sits before output, so it formats for itself). */
    static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    /** "425 Failed to establish connection", its final period dropped so a sentence can go on. */
    static String replyText(TimedReply r) {
        String t = r.reply().lastText().strip();
        while (t.endsWith(".")) {
            t = t.substring(0, t.length() - 1);
        }
        return r.reply().code() + (t.isEmpty() ? "" : " " + t);
    }

    /** How a connect attempt ended, in words: "3 SYNs over 4.1 s, never answered". */
    static String connectOutcome(DataConn d) {
        long[] syns = d.conn.synFrames();
        long[] times = d.conn.synTimes();
        int n = (int) Math.max(syns.length, d.conn.clientSegments());
        String tries = n <= 1 || times.length < 2 ? (n <= 1 ? "one SYN" : n(n) + " SYNs") : n(n) + " SYNs over " + seconds(times[times.length - 1] - times[0]);
        if (d.conn.rstFrame() >= 0 && d.conn.synAckFrame() < 0) {
            return tries + ", refused with RST";
        }
        return tries + ", never answered";
    }
}
