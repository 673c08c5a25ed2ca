package io.ftpscope.tui;

import io.ftpscope.explain.Explanation;
import io.ftpscope.net.Addresses;
import io.ftpscope.output.Redactor;
import io.ftpscope.session.Diagnostic;
import io.ftpscope.session.CommandEntry;
import io.ftpscope.session.DataConn;
import io.ftpscope.session.FtpSession;
import io.ftpscope.session.SessionSink;
import io.ftpscope.session.TimedReply;
import io.ftpscope.session.Transfer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The terminal view's model. Events and {@link #publish} run on the capture thread, the only
 * thread that touches sessions and the reassembler's byte counters; {@link #current} is read by the
 * UI thread. The two meet only at the volatile snapshot reference.
 */
public final class LiveModel implements SessionSink {
    /** Finished sessions beyond this many are forgotten, oldest first (live sessions are always kept). */
    static final int MAX_SESSIONS = 2000;
    static final int MAX_TIMELINE = 20_000;
    private static final int MAX_TRANSFER_ROWS = 200;
    /** Lines of a session's explanation kept for the `e` view (a session with thousands of transfers is cut). */
    static final int MAX_EXPLAIN_LINES = 2000;

    private final Redactor redactor;
    private final LinkedHashMap<FtpSession, SessionView> views = new LinkedHashMap<>();
    private final Map<String, SessionView> byId = new HashMap<>();
    /**
     * Finished views in the order of {@link #views} (by their number), the next to forget first: a
     * scan of {@code views} for them passed over every live session on every start and end.
     */
    private final TreeMap<Long, SessionView> finishedViews = new TreeMap<>();
    private long viewNo;
    /** A session whose explanation the view asked for (`e`); built on the producing thread at the next publish. */
    private volatile String explainWanted;
    private long sessionsTotal;
    private long transfersTotal;
    private long seq;
    private volatile Snapshot current = Snapshot.EMPTY;

    public LiveModel(Redactor redactor) {
        this.redactor = redactor;
    }

    /** The latest published snapshot; safe from any thread. */
    public Snapshot current() {
        return current;
    }

    private SessionView view(FtpSession s) {
        SessionView v = views.get(s);
        if (v == null) {
            v = new SessionView(s, viewNo++);
            views.put(s, v);
            byId.put(s.id, v);
        }
        return v;
    }

    @Override
    public void sessionStart(FtpSession s) {
        sessionsTotal++;
        SessionView v = view(s);
        v.add(s.startTs, TimelineEntry.Kind.INFO, "control connection " + v.client + " > " + v.server
                + ("implicit".equals(s.tls) ? " (implicit TLS)" : ""));
        trim();
    }

    @Override
    public void command(FtpSession s, CommandEntry e) {
        SessionView v = view(s);
        String arg = redactor.arg(e);
        v.add(e.ts, TimelineEntry.Kind.COMMAND, "> " + e.verb + (arg == null ? "" : " " + arg));
        if (e.transfer != null) {
            transfersTotal++;
        }
    }

    @Override
    public void reply(FtpSession s, CommandEntry e, TimedReply r) {
        SessionView v = view(s);
        int code = r.reply().code();
        String text = r.reply().text();
        int nl = text.indexOf('\n');
        if (nl >= 0) {
            text = text.substring(0, nl) + " ...";
        }
        v.add(r.ts(), code >= 400 || code == 0 ? TimelineEntry.Kind.REPLY_ERROR : TimelineEntry.Kind.REPLY_OK,
                "< " + (code == 0 ? "(not a reply)" : code) + " " + text);
        if ("SIZE".equals(e.verb) && e.reply == r && code == 213 && e.arg != null) {
            try {
                v.sizes.put(e.arg.trim(), Long.parseLong(r.reply().lastText().trim()));
            } catch (NumberFormatException ignored) {
                // a 213 that is not a number (some servers add text): no size to show
            }
        }
        if (code == 234 && "AUTH".equals(e.verb)) {
            v.add(r.ts(), TimelineEntry.Kind.INFO, "TLS negotiated: the rest of the control channel is encrypted");
        }
    }

    @Override
    public void dataOpen(FtpSession s, DataConn d) {
        SessionView v = view(s);
        v.openData++;
        if (d.transfer != null && d.transfer.command == null) {
            transfersTotal++; // tied by timing under TLS: no command announced it
        }
        v.add(d.conn.startTs(), TimelineEntry.Kind.DATA, "= data " + ends(d) + " opened (" + d.mode
                + (d.via != null ? ", " + d.via : "") + (d.fromPort20 ? ", from port 20" : "")
                + ("timing".equals(d.linkedBy) ? ", matched by timing" : "") + ")");
    }

    @Override
    public void dataClose(FtpSession s, DataConn d) {
        SessionView v = view(s);
        v.openData = Math.max(0, v.openData - 1);
        String what = d.connected() ? Fmt.bytes(d.conn.bytes(true) + d.conn.bytes(false)) + ", " + d.conn.state().label()
                : "never answered (" + d.conn.state().label() + ")";
        v.add(d.closeTs, d.connected() ? TimelineEntry.Kind.DATA : TimelineEntry.Kind.REPLY_ERROR,
                "= data " + ends(d) + " closed: " + what);
    }

    @Override
    public void sessionEnd(FtpSession s) {
        SessionView v = view(s);
        v.finished = true;
        finishedViews.put(v.no, v);
        // The DiagnosingSink in front of this model has just filled s.diagnostics; copy them here on
        // the capture thread, so snapshots never touch s. The narrative is built only when asked for
        // (wantExplanation): building it for every session cost more than a busy link's packets.
        v.diagnostics = List.copyOf(s.diagnostics);
        v.add(s.endTs, TimelineEntry.Kind.INFO, "session ended");
        trim();
    }

    /**
     * The view wants session {@code id} explained. While events still arrive, the thread that
     * publishes builds it at its next publish (at most 200 ms on); once the last snapshot is out
     * (a file read to its end) nothing changes sessions any more, and it is built here at once.
     */
    public void wantExplanation(String id) {
        Snapshot last = current; // a volatile read: every write of a finished producer comes before it
        if (last.running()) {
            explainWanted = id;
        } else if (buildExplanation(id)) {
            publish(last.packets(), last.drops(), last.elapsedNanos(), false);
        }
    }

    /** @return true when an explanation was built */
    private boolean buildExplanation(String id) {
        SessionView v = byId.get(id);
        if (v == null || !v.finished || v.explain != null) {
            return false;
        }
        List<String> story;
        try {
            story = Explanation.of(v.s);
        } catch (RuntimeException e) {
            // the view must survive a narrative bug; the rest of the session is still shown
            story = List.of("(no explanation: " + e + ")");
        }
        v.explain = List.copyOf(story.size() > MAX_EXPLAIN_LINES ? story.subList(0, MAX_EXPLAIN_LINES) : story);
        v.dirty = true;
        return true;
    }

    private static String ends(DataConn d) {
        return Addresses.endpoint(d.conn.clientIp(), d.conn.clientPort()) + " > " + Addresses.endpoint(d.conn.serverIp(), d.conn.serverPort());
    }

    private void trim() {
        while (views.size() > MAX_SESSIONS && !finishedViews.isEmpty()) {
            SessionView v = finishedViews.pollFirstEntry().getValue();
            views.remove(v.s);
            byId.remove(v.s.id, v);
        }
    }

    /**
     * Builds and publishes a snapshot; capture thread only. Only sessions that changed or move data
     * are rebuilt, so the cost follows activity, not the number of sessions kept.
     */
    public void publish(long packets, long drops, long elapsedNanos, boolean running) {
        String want = explainWanted;
        if (want != null) {
            explainWanted = null;
            buildExplanation(want);
        }
        long wall = System.nanoTime();
        List<SessionRow> rows = new ArrayList<>(views.size());
        for (SessionView v : views.values()) {
            if (v.dirty || v.openData > 0 || v.row == null || v.hasRunning) {
                v.row = v.build(wall);
                v.dirty = false;
            }
            rows.add(v.row);
        }
        current = new Snapshot(List.copyOf(rows), packets, drops, sessionsTotal, transfersTotal, elapsedNanos, running, ++seq);
    }

    /** Per-session state kept on the capture thread. */
    private final class SessionView {
        final FtpSession s;
        /** Order of creation: finished views are forgotten in this order. */
        final long no;
        final String client;
        final String server;
        final Timeline timeline = new Timeline(MAX_TIMELINE);
        final Map<String, Long> sizes = new LinkedHashMap<>();
        final Map<Transfer, Rate> rates = new IdentityHashMap<>();
        int openData;
        boolean finished;
        boolean dirty = true;
        boolean hasRunning;
        List<Diagnostic> diagnostics = List.of();
        /** Null until asked for. */
        List<String> explain;
        SessionRow row;

        SessionView(FtpSession s, long no) {
            this.s = s;
            this.no = no;
            this.client = Addresses.endpoint(s.clientIp(), s.clientPort());
            this.server = Addresses.endpoint(s.serverIp(), s.serverPort());
        }

        void add(long ts, TimelineEntry.Kind kind, String text) {
            timeline.add(new TimelineEntry(ts, kind, text));
            dirty = true;
        }

        SessionRow build(long wall) {
            List<Transfer> ts = s.transfers;
            int from = Math.max(0, ts.size() - MAX_TRANSFER_ROWS);
            List<TransferRow> rows = new ArrayList<>(ts.size() - from);
            long rate = 0;
            boolean running = false;
            for (int i = from; i < ts.size(); i++) {
                TransferRow r = transferRow(ts.get(i), wall);
                rows.add(r);
                if (r.running()) {
                    rate += r.rateBps();
                    running = true;
                }
            }
            hasRunning = running;
            return new SessionRow(s.id, client, server, s.user, state(), s.tls, rate, List.copyOf(rows), timeline.view(),
                    finished, s.startTs, diagnostics, explain == null ? List.of() : explain);
        }

        private String state() {
            if (finished) {
                return "closed";
            }
            if (openData > 0) {
                return "transfer";
            }
            return switch (s.login) {
                case "success" -> "logged in";
                case "failed" -> "login failed";
                default -> s.encrypted() ? "encrypted" : "connected";
            };
        }

        private TransferRow transferRow(Transfer t, long wall) {
            DataConn d = t.data;
            boolean running = d != null && !d.closed() && d.connected();
            long bytes = t.bytes();
            long announced = t.announcedSize;
            if (announced < 0 && t.arg() != null) {
                announced = sizes.getOrDefault(t.arg().trim(), -1L) - t.rest;
                if (announced < 0) {
                    announced = -1;
                }
            }
            long rateBps;
            if (running) {
                Rate r = rates.computeIfAbsent(t, k -> new Rate(bytes, wall));
                rateBps = r.update(bytes, wall);
            } else {
                rates.remove(t);
                double secs = d == null ? 0 : (t.endTs() - d.conn.startTs()) / 1e9;
                rateBps = secs > 0 ? Math.round(bytes / secs) : 0;
            }
            String ports = d == null ? "-" : Addresses.endpoint(d.ftpClientIp(), d.ftpClientPort()) + " <> " + Addresses.endpoint(d.ftpServerIp(), d.ftpServerPort());
            String what = t.verb() == null ? "(hidden by TLS)" : t.verb() + (t.arg() == null ? "" : " " + t.arg());
            String mode = t.mode == null ? "-" : t.mode + (t.via == null ? "" : "/" + t.via);
            String status = running ? "running" : d == null && t.finalReply() == null ? "waiting" : t.status();
            return new TransferRow(what, t.direction == null ? "?" : t.direction, mode, ports, bytes, announced, rateBps, status,
                    running, t.startTs());
        }
    }

    /** Recent rate of a running transfer: a moving average over publications (about 5 per second). */
    private static final class Rate {
        long bytes;
        long wall;
        double bps = -1;

        Rate(long bytes, long wall) {
            this.bytes = bytes;
            this.wall = wall;
        }

        long update(long nowBytes, long nowWall) {
            long dt = nowWall - wall;
            if (dt >= 150_000_000L) {
                double inst = (nowBytes - bytes) * 1e9 / dt;
                bps = bps < 0 ? inst : 0.5 * bps + 0.5 * inst;
                bytes = nowBytes;
                wall = nowWall;
            }
            return Math.max(0, Math.round(bps));
        }
    }
}
