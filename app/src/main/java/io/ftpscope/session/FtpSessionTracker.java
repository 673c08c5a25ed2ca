package io.ftpscope.session;

import io.ftpscope.ftp.Command;
import io.ftpscope.ftp.CommandParser;
import io.ftpscope.ftp.HostPort;
import io.ftpscope.ftp.Reply;
import io.ftpscope.ftp.ReplySize;
import io.ftpscope.ftp.ReplyAssembler;
import io.ftpscope.tcp.Connection;
import io.ftpscope.tcp.ConnectionListener;
import io.ftpscope.tcp.StreamFactory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The only place that knows control and data connections together: it decides which new TCP
 * connections are FTP control channels, pairs replies with commands, keeps data-channel
 * expectations (with expiry and caps) and links data connections to sessions and transfers.
 */
public final class FtpSessionTracker implements StreamFactory {

    private final SessionConfig cfg;
    private final SessionSink sink;
    private final SessionStats stats = new SessionStats();
    private final LinkedHashMap<DataKey, Expectation> expectations = new LinkedHashMap<>();
    private final Map<IpPair, List<FtpSession>> sessionsByHosts = new HashMap<>();
    /** Connections between the hosts of a session that matched nothing yet (a lost 227, say), oldest first. */
    private final LinkedHashMap<Connection, Held> held = new LinkedHashMap<>();
    /**
     * The same connections by their server end, the address and port an announcement names, each
     * list oldest first: a lossy live capture fills {@code held} to its cap, and scanning it for
     * every new expectation cost more than the packets themselves.
     */
    private final Map<DataKey, ArrayDeque<Connection>> heldByServer = new HashMap<>();
    private long heldSeq;
    private int nextId = 1;
    private int liveSessions;
    private long now;
    private DataContentListener contentListener;

    public FtpSessionTracker(SessionConfig cfg, SessionSink sink) {
        this.cfg = cfg;
        this.sink = sink;
    }

    public SessionStats stats() {
        return stats;
    }

    /**
     * Hands the bytes of every linked data connection to l (hashing, extraction); null turns it off.
     * Set it before reading: a data connection asks once, when it is linked, whether anyone wants
     * its bytes.
     */
    public void setContentListener(DataContentListener l) {
        contentListener = l;
    }

    DataContentListener contentListener() {
        return contentListener;
    }

    @Override
    public ConnectionListener newConnection(Connection c) {
        now = Math.max(now, c.startTs());
        expire(now);
        Expectation e = match(c);
        if (e != null) {
            return link(e, c, "expectation");
        }
        if (cfg.controlPorts().contains(c.serverPort())) {
            return newControl(c, "none", false);
        }
        if (cfg.implicitTlsPorts().contains(c.serverPort())) {
            return newControl(c, "implicit", false);
        }
        FtpSession s = sessionBetween(c);
        if (s != null) {
            if (s.encrypted()) {
                return linkByTiming(s, c);
            }
            if (s.controlGapBytes > 0) {
                return linkToNextTransfer(s, c); // the announcement may be in the bytes the capture lost
            }
            hold(c);
            return null;
        }
        if (cfg.detectByContent()) {
            return new ContentProbe(this);
        }
        return null;
    }

    // ---- sessions -------------------------------------------------------------------------------

    private ControlChannel newControl(Connection c, String tls, boolean byContent) {
        if (liveSessions >= cfg.maxSessions()) {
            stats.sessionsDropped++;
            return null;
        }
        FtpSession s = new FtpSession("S" + nextId++, c, tls);
        if (!"none".equals(tls)) {
            s.login = "unknown";
        }
        s.detectedByContent = byContent;
        if (!"none".equals(tls)) {
            s.tlsStartTs = c.startTs();
        }
        liveSessions++;
        stats.sessions++;
        if (byContent) {
            stats.detectedByContent++;
        }
        sessionsByHosts.computeIfAbsent(hosts(c), k -> new ArrayList<>(1)).add(s);
        ControlChannel ch = new ControlChannel(this, s, cfg);
        c.attachment = s;
        sink.sessionStart(s);
        return ch;
    }

    /** Called by a content probe that recognised FTP. */
    ControlChannel promote(Connection c) {
        ControlChannel ch = newControl(c, "none", true);
        c.setListener(ch);
        return ch;
    }

    private static IpPair hosts(Connection c) {
        return IpPair.of(c.ipVersion(), c.clientHi(), c.clientLo(), c.serverHi(), c.serverLo());
    }

    private FtpSession sessionBetween(Connection c) {
        List<FtpSession> l = sessionsByHosts.get(hosts(c));
        if (l == null) {
            return null;
        }
        for (int i = l.size() - 1; i >= 0; i--) {
            if (!l.get(i).finished) {
                return l.get(i);
            }
        }
        return null;
    }

    void command(ControlChannel ch, Command c, long ts) {
        FtpSession s = ch.session;
        if (!c.valid()) {
            s.invalidCommands++;
        }
        ArrayDeque<CommandEntry> q = ch.pending;
        commitMalformed(s, q); // the client moved on: the malformed line it got was its answer
        CommandEntry e = new CommandEntry(ts, s.control.currentFrame(), c.verb(), c.arg(), c.valid(), c.truncated());
        store(s, e);
        if (q.size() >= cfg.maxPendingCommands()) {
            q.pollFirst(); // it stays stored, but will never get its reply: counted apart from commands_dropped
            s.pendingDropped++;
        }
        q.addLast(e);
        String verb = c.verb();
        switch (verb) {
            case "USER" -> {
                s.user = c.arg();
                if ("none".equals(s.login)) {
                    s.login = "unknown";
                }
            }
            case "PORT", "EPRT", "LPRT" -> expect(s, "active", verb, e.announced(), e, ts);
            case "ABOR" -> {
                for (int i = s.transfers.size() - 1; i >= 0; i--) {
                    Transfer t = s.transfers.get(i);
                    if (t.command != null && t.command.reply == null) {
                        t.aborted = true;
                        break;
                    }
                }
            }
            default -> {
                if (CommandParser.isTransfer(verb)) {
                    startTransfer(s, e, verb);
                }
            }
        }
        sink.command(s, e);
    }

    private void store(FtpSession s, CommandEntry e) {
        if (s.commands.size() < cfg.maxCommandsPerSession()) {
            s.commands.add(e);
        } else {
            s.commandsDropped++;
        }
    }

    private void startTransfer(FtpSession s, CommandEntry e, String verb) {
        Expectation x = s.lastExpectation;
        s.lastExpectation = null;
        DataConn guessed = x == null ? s.unclaimedData : null;
        s.unclaimedData = null;
        Transfer t = new Transfer(e, CommandParser.direction(verb), x, s.serverIp(), s.pendingRest, s.type, guessed != null,
                guessed == null ? null : guessed.mode);
        s.pendingRest = 0;
        e.transfer = t;
        if (guessed != null) {
            t.data = guessed;
            guessed.transfer = t;
        }
        if (x != null) {
            x.transfer = t;
            if (x.data != null && x.data.transfer == null) {
                t.data = x.data;
                x.data.transfer = t;
            }
        }
        if (s.transfers.size() < cfg.maxTransfersPerSession()) {
            s.transfers.add(t);
        } else {
            s.transfersDropped++;
        }
    }

    void reply(ControlChannel ch, Reply r, long ts) {
        FtpSession s = ch.session;
        TimedReply tr = new TimedReply(ts, s.control.currentFrame(), r);
        int code = r.code();
        if (code == 0) {
            s.invalidReplies++;
        }
        ArrayDeque<CommandEntry> q = ch.pending;
        CommandEntry e;
        boolean greeting = !s.greeted && (code == 220 || code == 120 || code == 421);
        if (code == 0 && !greeting && !q.isEmpty() && q.peekFirst().malformed == null) {
            // A line without a reply code where the answer to a pending command belongs. If the client
            // sends its next command before any valid reply, it took this line as the answer.
            q.peekFirst().malformed = tr;
            return;
        }
        flushMalformed(s, q);
        if (greeting || q.isEmpty() || code == 0) {
            if (code == 220 || code == 421) {
                s.greeted = true;
            }
            e = CommandEntry.unsolicited(tr);
            store(s, e);
            sink.reply(s, e, tr);
            return;
        }
        e = q.peekFirst();
        if (r.preliminary()) {
            e.addPreliminary(tr);
            if (e.transfer != null && code == 150) {
                long size = ReplySize.inParens(r.lastText());
                if (size >= 0) {
                    e.transfer.announcedSize = size;
                }
            }
            sink.reply(s, e, tr);
            return;
        }
        q.pollFirst();
        e.reply = tr;
        onFinalReply(ch, s, e, r, ts);
        sink.reply(s, e, tr);
    }

    private void onFinalReply(ControlChannel ch, FtpSession s, CommandEntry e, Reply r, long ts) {
        int code = r.code();
        switch (e.verb) {
            case "PASS", "USER" -> {
                s.loginSeen = true;
                if (code == 230) {
                    s.login = "success";
                } else if (code == 530 || (e.verb.equals("PASS") && code >= 500)) {
                    s.failedLogins++;
                    if (!"success".equals(s.login)) {
                        s.login = "failed";
                    }
                }
            }
            // announced() is null unless the reply is the one that carries the address (227/229/228)
            case "PASV", "EPSV", "LPSV" -> expect(s, "passive", e.verb, e.announced(), e, ts);
            case "PORT", "EPRT", "LPRT" -> {
                if (code >= 400 && s.lastExpectation != null && s.lastExpectation.via.equals(e.verb)) {
                    s.lastExpectation.refused = true;
                    drop(s.lastExpectation);
                    s.lastExpectation = null;
                }
            }
            case "TYPE" -> {
                String a = e.arg == null ? "" : e.arg.trim(); // trim() drops control characters isBlank() keeps
                if (code == 200 && !a.isEmpty()) {
                    char t = Character.toUpperCase(a.charAt(0));
                    s.type = t == 'I' ? "binary" : t == 'A' ? "ASCII" : t == 'E' ? "EBCDIC" : t == 'L' ? "binary" : s.type;
                }
            }
            case "REST" -> {
                if (code == 350 && e.arg != null) {
                    try {
                        s.pendingRest = Long.parseLong(e.arg.trim());
                    } catch (NumberFormatException ignored) {
                        s.pendingRest = 0;
                    }
                }
            }
            case "AUTH" -> {
                if (code == 234 || (code == 334 && e.arg != null && !e.arg.trim().toUpperCase(Locale.ROOT).startsWith("TLS"))) {
                    if (code == 234) {
                        if (!s.loginSeen) {
                            s.login = "unknown"; // the login happens inside TLS
                        }
                        s.tls = "explicit";
                        s.tlsStartTs = ts;
                        ch.stopParsing = true;
                    }
                }
            }
            default -> { }
        }
    }

    /** The pending command's malformed answer becomes its final reply. */
    private void commitMalformed(FtpSession s, ArrayDeque<CommandEntry> q) {
        CommandEntry head = q == null ? null : q.peekFirst();
        if (head == null || head.malformed == null) {
            return;
        }
        q.pollFirst();
        head.reply = head.malformed;
        head.malformed = null;
        sink.reply(s, head, head.reply);
    }

    /** A valid reply followed the malformed line: the line was noise, kept as an unsolicited entry. */
    private void flushMalformed(FtpSession s, ArrayDeque<CommandEntry> q) {
        CommandEntry head = q.peekFirst();
        if (head == null || head.malformed == null) {
            return;
        }
        CommandEntry u = CommandEntry.unsolicited(head.malformed);
        head.malformed = null;
        store(s, u);
        sink.reply(s, u, u.reply);
    }

    // ---- expectations ---------------------------------------------------------------------------

    private void expect(FtpSession s, String mode, String via, HostPort hp, CommandEntry e, long ts) {
        if (hp == null) {
            return;
        }
        Connection ctl = s.control;
        // The announced end, and the control connection's end of the same side when it differs (NAT).
        DataKey announced = new DataKey(hp.version(), hp.hi(), hp.lo(), hp.port());
        DataKey[] keys;
        if (mode.equals("passive")) {
            DataKey server = new DataKey(ctl.ipVersion(), ctl.serverHi(), ctl.serverLo(), hp.port());
            keys = hp.hasAddress() && !announced.equals(server) ? new DataKey[] {server, announced} : new DataKey[] {server};
        } else {
            DataKey client = new DataKey(ctl.ipVersion(), ctl.clientHi(), ctl.clientLo(), hp.port());
            keys = announced.equals(client) ? new DataKey[] {announced} : new DataKey[] {announced, client};
        }
        HostPort shown = hp.hasAddress() ? hp : new HostPort(ctl.ipVersion(), ctl.serverHi(), ctl.serverLo(), hp.port());
        Expectation x = new Expectation(s, mode, via, shown, ts, keys);
        if (s.lastExpectation != null && s.lastExpectation.conn == null && s.lastExpectation.transfer == null) {
            drop(s.lastExpectation); // superseded before use (e.g. PASV sent twice)
            stats.expectationsUnused++;
        }
        if (s.liveExpectations >= cfg.maxExpectationsPerSession()) {
            Expectation oldest = oldestOf(s);
            if (oldest != null) {
                drop(oldest);
                stats.expectationsDropped++;
                s.expectationsDropped++;
            }
        }
        while (expectations.size() + keys.length > cfg.maxExpectationsTotal() && !expectations.isEmpty()) {
            Expectation oldest = expectations.values().iterator().next();
            drop(oldest);
            stats.expectationsDropped++;
            oldest.session.expectationsDropped++;
        }
        for (DataKey k : keys) {
            Expectation old = expectations.put(k, x);
            if (old != null && old != x) {
                old.session.liveExpectations--;
                for (DataKey ok : old.keys) {
                    expectations.remove(ok, old);
                }
            }
        }
        s.liveExpectations++;
        s.lastExpectation = x;
        stats.expectations++;
        lateLink(x);
    }

    private Expectation oldestOf(FtpSession s) {
        for (Expectation x : expectations.values()) {
            if (x.session == s) {
                return x;
            }
        }
        return null;
    }

    private void drop(Expectation x) {
        boolean any = false;
        for (DataKey k : x.keys) {
            any |= expectations.remove(k, x);
        }
        if (any) {
            x.session.liveExpectations--;
        }
    }

    private Expectation match(Connection c) {
        Expectation x = expectations.get(new DataKey(c.ipVersion(), c.serverHi(), c.serverLo(), c.serverPort()));
        if (x == null) {
            // picked up mid-stream, the roles may be swapped (an active connection from port 20)
            x = expectations.get(new DataKey(c.ipVersion(), c.clientHi(), c.clientLo(), c.clientPort()));
            if (x == null || !c.midstream()) {
                return null;
            }
        }
        return x;
    }

    private void expire(long t) {
        Iterator<Map.Entry<DataKey, Expectation>> it = expectations.entrySet().iterator();
        while (it.hasNext()) {
            Expectation x = it.next().getValue();
            if (t - x.createdTs <= cfg.expectationTimeoutNanos()) {
                break;
            }
            drop(x);
            stats.expectationsExpired++;
            it = expectations.entrySet().iterator();
        }
        Iterator<Map.Entry<Connection, Held>> h = held.entrySet().iterator();
        while (h.hasNext()) {
            Map.Entry<Connection, Held> en = h.next();
            if (t - en.getValue().ts() <= cfg.holdTimeoutNanos()) {
                break;
            }
            h.remove();
            unindex(en.getKey());
            unlinked(en.getKey(), "no announcement (PORT/EPRT/PASV/EPSV) matched it");
        }
    }

    // ---- data connections -----------------------------------------------------------------------

    private ConnectionListener link(Expectation x, Connection c, String how) {
        drop(x);
        DataConn d = new DataConn(c, x.session, x.mode, x.via, how);
        x.conn = c;
        x.data = d;
        if (x.transfer != null && x.transfer.data == null) {
            x.transfer.data = d;
            d.transfer = x.transfer;
        }
        attach(x.session, d);
        if (how.equals("expectation-late")) {
            stats.lateLinked++;
        }
        return new DataChannel(this, d);
    }

    private void attach(FtpSession s, DataConn d) {
        s.dataConns.add(d);
        s.openData++;
        stats.dataConnections++;
        stats.linkedDataConnections++;
        d.conn.attachment = d;
        sink.dataOpen(s, d);
    }

    /** Under TLS nothing says which port will be used: tie the connection to the session by hosts and time. */
    private ConnectionListener linkByTiming(FtpSession s, Connection c) {
        boolean fromServer = c.clientHi() == s.control.serverHi() && c.clientLo() == s.control.serverLo();
        DataConn d = new DataConn(c, s, fromServer ? "active" : "passive", null, "timing");
        Transfer t = new Transfer(d, s.serverIp());
        d.transfer = t;
        if (s.transfers.size() < cfg.maxTransfersPerSession()) {
            s.transfers.add(t);
        } else {
            s.transfersDropped++;
        }
        stats.timingLinked++;
        attach(s, d);
        return new DataChannel(this, d);
    }

    /**
     * The control channel lost bytes, so the PORT/PASV that announced this connection may be among
     * them: tie it to the session by hosts and time, for the transfer command in progress or next.
     */
    private ConnectionListener linkToNextTransfer(FtpSession s, Connection c) {
        boolean fromServer = c.clientHi() == s.control.serverHi() && c.clientLo() == s.control.serverLo();
        DataConn d = new DataConn(c, s, fromServer ? "active" : "passive", null, "timing");
        Transfer open = null;
        for (int i = s.transfers.size() - 1; i >= 0 && open == null; i--) {
            Transfer t = s.transfers.get(i);
            if (t.command != null && t.command.reply == null && t.data == null) {
                open = t;
            }
        }
        if (open != null) {
            open.data = d;
            d.transfer = open;
        } else {
            s.unclaimedData = d;
        }
        stats.timingLinked++;
        attach(s, d);
        return new DataChannel(this, d);
    }

    private void hold(Connection c) {
        if (held.size() >= cfg.maxHeldConnections()) {
            Iterator<Map.Entry<Connection, Held>> it = held.entrySet().iterator();
            Connection old = it.next().getKey();
            it.remove();
            unindex(old);
            unlinked(old, "no announcement matched it (hold list full)");
            stats.heldDropped++;
        }
        held.put(c, new Held(c.startTs(), heldSeq++));
        heldByServer.computeIfAbsent(serverEnd(c), k -> new ArrayDeque<>(2)).add(c);
    }

    private record Held(long ts, long seq) {
    }

    private static DataKey serverEnd(Connection c) {
        return new DataKey(c.ipVersion(), c.serverHi(), c.serverLo(), c.serverPort());
    }

    private void unindex(Connection c) {
        DataKey k = serverEnd(c);
        ArrayDeque<Connection> q = heldByServer.get(k);
        if (q != null) {
            q.remove(c);
            if (q.isEmpty()) {
                heldByServer.remove(k);
            }
        }
    }

    /** An expectation arrived after its connection (the 227 was retransmitted): link the held one. */
    private void lateLink(Expectation x) {
        if (held.isEmpty()) {
            return;
        }
        // The connection held longest among those at any of the announced addresses.
        Connection c = null;
        long seq = Long.MAX_VALUE;
        for (DataKey k : x.keys) {
            ArrayDeque<Connection> q = heldByServer.get(k);
            if (q != null && held.get(q.peekFirst()).seq() < seq) {
                c = q.peekFirst();
                seq = held.get(c).seq();
            }
        }
        if (c == null) {
            return;
        }
        held.remove(c);
        unindex(c);
        ConnectionListener l = link(x, c, "expectation-late");
        c.setListener(l);
        if (c.isClosed()) {
            ((DataChannel) l).onClose(c, c.lastTs());
        }
    }

    private void unlinked(Connection c, String why) {
        if (stats.dataConnections - stats.linkedDataConnections >= cfg.maxUnlinkedReported()) {
            stats.unlinkedDropped++;
            return;
        }
        stats.dataConnections++;
        DataConn d = new DataConn(c, null, c.serverPort() < 1024 && c.clientPort() == 20 ? "active" : "passive", null, "none");
        d.unlinkedReason = why;
        d.closeTs = c.isClosed() ? c.lastTs() : -1;
        sink.unlinked(d);
    }

    void dataClosed(DataConn d, long ts) {
        d.closeTs = ts;
        FtpSession s = d.session;
        s.openData--;
        s.endTs = Math.max(s.endTs, d.conn.lastTs());
        sink.dataClose(s, d);
        maybeFinish(s);
    }

    void controlClosed(ControlChannel ch, long ts) {
        FtpSession s = ch.session;
        s.controlClosed = true;
        commitMalformed(s, ch.pending);
        maybeFinish(s);
    }

    private void maybeFinish(FtpSession s) {
        if (s.finished || !s.controlClosed || s.openData > 0) {
            return;
        }
        s.finished = true;
        liveSessions--;
        if (s.liveExpectations > 0) { // only then is a scan of the table worth it
            for (Expectation x : new ArrayList<>(expectations.values())) {
                if (x.session == s) {
                    drop(x);
                    stats.expectationsUnused++;
                }
            }
        }
        List<FtpSession> l = sessionsByHosts.get(hosts(s.control));
        if (l != null) {
            l.remove(s);
            if (l.isEmpty()) {
                sessionsByHosts.remove(hosts(s.control));
            }
        }
        if (isNotFtp(s)) {
            stats.notFtpOnFtpPort++;
            stats.sessions--;
            return;
        }
        sink.sessionEnd(s);
    }

    /** Something else on port 21 (SSH, say): no reply code and no valid command was ever seen. */
    private static boolean isNotFtp(FtpSession s) {
        if (s.encrypted() || s.commands.isEmpty()) {
            return false;
        }
        for (CommandEntry e : s.commands) {
            if ((e.verb != null && e.valid && CommandParser.KNOWN.contains(e.verb)) || (e.reply != null && e.reply.reply().code() > 0)) {
                return false;
            }
        }
        return true;
    }

    /** End of input: held connections that never matched are reported. */
    public void finish() {
        for (Connection c : new ArrayList<>(held.keySet())) {
            unlinked(c, "no announcement (PORT/EPRT/PASV/EPSV) matched it");
        }
        held.clear();
        heldByServer.clear();
    }

    static boolean replyLooksValid(String line) {
        return ReplyAssembler.codeOf(line) > 0;
    }
}
