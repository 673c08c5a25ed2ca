package io.ftpscope.tcp;

import io.ftpscope.net.TcpSegment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns TCP segments into ordered byte streams per connection and direction. Holes are skipped
 * (and reported with their exact size) when the capture proves they will never be filled: the
 * receiver acknowledged past them, the connection ended, a buffer cap was reached, the connection
 * went idle, or the input ended.
 */
public final class TcpReassembler {
    private final StreamFactory factory;
    private final ReassemblyConfig cfg;
    private final ReassemblyStats stats = new ReassemblyStats();
    /**
     * Open addressing without key objects (see ConnectionTable). Expiry scans the table once per
     * second of packet time, and a full table is trimmed in batches (see makeRoom).
     */
    private final ConnectionTable table = new ConnectionTable();
    /** Lookup cache: the previous segment's connection while it is still in the table. */
    private Connection recent;
    /** Connections closed by FIN or RST, oldest first (some may have left the table already). */
    private final ArrayDeque<Connection> lingering = new ArrayDeque<>();
    private long nextId = 1;
    private long nextSweep = Long.MIN_VALUE;
    private long now;
    /** The connection of the segment processed last (for taps that file raw frames by connection). */
    private Connection last;

    public TcpReassembler(StreamFactory factory, ReassemblyConfig cfg) {
        this.factory = factory;
        this.cfg = cfg;
    }

    public ReassemblyStats stats() {
        return stats;
    }

    /** The connection the last processed segment belonged to (also when it arrived after the close). */
    public Connection lastConnection() {
        return last;
    }

    public int activeConnections() {
        return table.size();
    }

    public void process(TcpSegment s) {
        stats.segments++;
        long ts = s.tsNanos;
        if (ts > now) {
            now = ts;
        }
        if (now >= nextSweep) {
            sweep(now);
            nextSweep = now + 1_000_000_000L;
        }
        // Bulk transfers send runs of segments on one connection: check the previous one before hashing.
        Connection c = recent;
        if (c == null || !c.matches(s.ipVersion, s.srcHi, s.srcLo, s.srcPort, s.dstHi, s.dstLo, s.dstPort)) {
            c = table.get(ConnectionTable.hash(s.ipVersion, s.srcHi, s.srcLo, s.srcPort, s.dstHi, s.dstLo, s.dstPort),
                    s.ipVersion, s.srcHi, s.srcLo, s.srcPort, s.dstHi, s.dstLo, s.dstPort);
        }
        boolean syn = s.has(TcpSegment.SYN);
        boolean ack = s.has(TcpSegment.ACK);
        if (c != null && syn && !ack && isNewIncarnation(c, s)) {
            finish(c, ts, null);
            table.remove(c);
            recent = null;
            c = null;
        }
        if (c == null) {
            c = open(s);
        }
        last = c;
        recent = c;
        if (c.closed) {
            stats.afterClose++;
            return;
        }
        c.lastTs = ts;
        c.currentFrame = s.frameNo;
        boolean fromClient = s.srcPort == c.cPort && s.srcLo == c.cLo && s.srcHi == c.cHi
                && !(c.cPort == c.sPort && c.cLo == c.sLo && c.cHi == c.sHi && !srcFirst(s));
        segment(c, fromClient, s);
    }

    /** A SYN on a known tuple starts a new connection when the old one ended or used another ISN. */
    private static boolean isNewIncarnation(Connection c, TcpSegment s) {
        if (c.closed || c.state == ConnState.RESET) {
            return true;
        }
        boolean fromClient = s.srcPort == c.cPort && s.srcLo == c.cLo && s.srcHi == c.cHi;
        HalfStream h = fromClient ? c.c2s : c.s2c;
        if (fromClient && !h.seqKnown && c.synAckSeen) {
            return false; // the SYN of the SYN-ACK seen first (reordered capture), not a new connection
        }
        return !h.synSeen || h.isn != s.seq || h.fin >= 0 || (fromClient ? c.s2c : c.c2s).fin >= 0;
    }

    /**
     * Whether the source endpoint sorts first (address, then port): the tie-break when both ends
     * have the same port, or for a connection from an endpoint to itself.
     */
    private static boolean srcFirst(TcpSegment s) {
        int c = Long.compareUnsigned(s.srcHi, s.dstHi);
        if (c == 0) {
            c = Long.compareUnsigned(s.srcLo, s.dstLo);
        }
        return (c != 0 ? c : Integer.compare(s.srcPort, s.dstPort)) <= 0;
    }

    private Connection open(TcpSegment s) {
        if (table.size() >= cfg.maxConnections()) {
            makeRoom();
        }
        boolean syn = s.has(TcpSegment.SYN);
        boolean ack = s.has(TcpSegment.ACK);
        boolean srcIsClient;
        if (syn) {
            srcIsClient = !ack; // a SYN-ACK comes from the server
        } else {
            // Picked up mid-stream: the lower port is usually the service.
            srcIsClient = s.srcPort != s.dstPort ? s.srcPort > s.dstPort : !srcFirst(s);
        }
        int hash = ConnectionTable.hash(s.ipVersion, s.srcHi, s.srcLo, s.srcPort, s.dstHi, s.dstLo, s.dstPort);
        Connection c = srcIsClient
                ? new Connection(nextId++, hash, s.ipVersion, s.srcHi, s.srcLo, s.srcPort, s.dstHi, s.dstLo, s.dstPort, s.tsNanos, s.frameNo)
                : new Connection(nextId++, hash, s.ipVersion, s.dstHi, s.dstLo, s.dstPort, s.srcHi, s.srcLo, s.srcPort, s.tsNanos, s.frameNo);
        c.midstream = !syn;
        table.add(c);
        stats.connections++;
        c.setListener(factory.newConnection(c));
        return c;
    }

    private void segment(Connection c, boolean fromClient, TcpSegment s) {
        HalfStream h = fromClient ? c.c2s : c.s2c;
        HalfStream peer = fromClient ? c.s2c : c.c2s;
        long ts = s.tsNanos;
        h.segments++;
        if (h.firstTs == 0) {
            h.firstTs = ts;
        }
        h.lastTs = ts;
        if (s.payloadMissing > 0) {
            h.truncatedFrames++;
        }
        boolean syn = s.has(TcpSegment.SYN);
        boolean rst = s.has(TcpSegment.RST);
        if (syn) {
            c.noteSyn(fromClient, s.frameNo, ts);
            if (!fromClient) {
                c.synAckSeen = true;
            }
            if (!h.synSeen) {
                if (h.seqKnown) {
                    // data was seen before the SYN (reordering): keep what we have
                    h.synSeen = true;
                    h.isn = s.seq;
                } else {
                    h.start(s.seq, true);
                }
            }
        } else if (!h.seqKnown && !rst) {
            h.start(s.seq, false);
        }
        if (rst) {
            c.rstSeen = true;
            c.noteRst(s.frameNo, ts);
            if (!c.synAckSeen && !c.s2c.seqKnown && !fromClient && c.c2s.synSeen) {
                c.state = ConnState.REFUSED;
            } else {
                c.state = ConnState.RESET;
            }
            finish(c, ts, c.state);
            linger(c);
            return;
        }
        if (s.window == 0 && !syn) {
            h.zeroWindows++;
        }
        if (s.has(TcpSegment.ACK) && peer.seqKnown) {
            long a = peer.abs(s.ack);
            // an ACK more than 1 GiB ahead of anything seen is corrupt, not evidence of loss
            if (a > peer.acked && a - peer.high < (1L << 30)) {
                peer.acked = a;
                peer.saw(a);
                resolveAcked(c, !fromClient, peer, ts);
                checkEnd(c, !fromClient, peer, ts);
            }
        }
        int wire = s.wireLen();
        if (wire == 0 && !syn && !s.has(TcpSegment.FIN) && h.seqKnown && h.abs(s.seq) == h.next - 1) {
            h.keepAlives++; // zero-byte keep-alive probe: seq one below the next byte
        }
        if (wire > 0 && h.seqKnown) {
            long seq = h.abs(s.seq) + (syn ? 1 : 0);
            h.saw(seq + wire);
            payload(c, fromClient, h, seq, s, ts);
        }
        if (s.has(TcpSegment.FIN) && h.seqKnown) {
            long finPos = h.abs(s.seq) + (syn ? 1 : 0) + wire;
            if (h.fin < 0 || finPos < h.fin) {
                h.fin = finPos;
            }
            h.saw(finPos);
            if (c.state == ConnState.OPEN) {
                c.state = ConnState.HALF_CLOSED;
            }
        }
        checkEnd(c, fromClient, h, ts);
        if (c.c2s.ended && c.s2c.ended) {
            c.state = ConnState.CLOSED;
            finish(c, ts, ConnState.CLOSED);
            linger(c);
        }
    }

    /**
     * A connection that ended with FIN or RST stays in the table for late packets (closedLinger),
     * but only the most recent maxLingering of them: on a fast link most of the table would
     * otherwise be finished connections waiting out their linger time.
     */
    private void linger(Connection c) {
        lingering.addLast(c);
        while (lingering.size() > cfg.maxLingering()) {
            Connection old = lingering.pollFirst();
            if (old.closed && table.remove(old)) {
                stats.lingerCapped++;
                if (recent == old) {
                    recent = null;
                }
            }
        }
    }

    private void payload(Connection c, boolean fromClient, HalfStream h, long seq, TcpSegment s, long ts) {
        int len = s.payloadLen;
        int missing = s.payloadMissing;
        int wire = len + missing;
        long end = seq + wire;
        if (end <= h.next) {
            if (wire <= 1 && seq == h.next - 1 && !s.has(TcpSegment.FIN)) {
                h.keepAlives++;
            } else {
                h.retransBytes += wire;
            }
            return;
        }
        int off = s.payloadOff;
        if (seq < h.next) {
            int trim = (int) (h.next - seq);
            h.retransBytes += trim;
            if (trim >= len) {
                missing -= trim - len;
                off += len;
                len = 0;
            } else {
                off += trim;
                len -= trim;
            }
            seq = h.next;
        }
        if (seq == h.next) {
            deliver(c, fromClient, h, ts, s.buf, off, len, missing);
            drain(c, fromClient, h);
            return;
        }
        h.outOfOrder++;
        if (h.acked > h.next) {
            // the receiver already has the bytes it acknowledged: the capture lost them. Bytes past
            // the ACK may still arrive (reordering), so skip no further than the ACK.
            skipTo(c, fromClient, h, Math.min(seq, h.acked), ts);
            if (seq == h.next) {
                deliver(c, fromClient, h, ts, s.buf, off, len, missing);
                drain(c, fromClient, h);
                return;
            }
        }
        int added = h.store(seq, s.buf, off, len, missing, ts);
        stats.bufferedBytes += added;
        if (stats.bufferedBytes > stats.peakBufferedBytes) {
            stats.peakBufferedBytes = stats.bufferedBytes;
        }
        while (h.hasPending() && (h.buffered > cfg.maxBufferedPerStream() || stats.bufferedBytes > cfg.maxBufferedTotal())) {
            stats.bufferCapHits++;
            skipTo(c, fromClient, h, h.firstPendingSeq(), ts);
            drain(c, fromClient, h);
        }
    }

    private void deliver(Connection c, boolean fromClient, HalfStream h, long ts, byte[] b, int off, int len, int missing) {
        if (len > 0) {
            h.bytes += len;
            h.next += len;
            h.lastWasGap = false;
            if (c.bytesWanted) {
                c.listener.onData(c, fromClient, ts, b, off, len);
            }
        }
        if (missing > 0) {
            gap(c, fromClient, h, missing, ts);
        }
    }

    private void gap(Connection c, boolean fromClient, HalfStream h, long n, long ts) {
        if (!h.lastWasGap) {
            h.gaps++;
            stats.gaps++;
        }
        h.lastWasGap = true;
        h.gapBytes += n;
        stats.gapBytes += n;
        h.next += n;
        if (c.listener != null) {
            c.listener.onGap(c, fromClient, ts, n);
        }
    }

    private void skipTo(Connection c, boolean fromClient, HalfStream h, long pos, long ts) {
        if (pos > h.next) {
            gap(c, fromClient, h, pos - h.next, ts);
        }
    }

    /** Delivers buffered segments that are now in order. */
    private void drain(Connection c, boolean fromClient, HalfStream h) {
        while (h.hasPending()) {
            Map.Entry<Long, HalfStream.Pending> e = h.pending.firstEntry();
            long seq = e.getKey();
            if (seq > h.next) {
                return;
            }
            h.pending.pollFirstEntry();
            HalfStream.Pending p = e.getValue();
            h.buffered -= p.data.length;
            stats.bufferedBytes -= p.data.length;
            long end = seq + p.wireLen();
            if (end <= h.next) {
                h.retransBytes += p.wireLen();
                continue;
            }
            int trim = (int) (h.next - seq);
            h.retransBytes += trim;
            int len = p.data.length;
            int missing = p.missingTail;
            int off = 0;
            if (trim >= len) {
                missing -= trim - len;
                off = len;
                len = 0;
            } else {
                off = trim;
                len -= trim;
            }
            deliver(c, fromClient, h, p.ts, p.data, off, len, missing);
        }
    }

    /** The peer acknowledged bytes we never saw: skip the hole in front of buffered data. */
    private void resolveAcked(Connection c, boolean fromClient, HalfStream h, long ts) {
        long dataAcked = h.fin >= 0 ? Math.min(h.acked, h.fin) : h.acked;
        // every hole below the acknowledged position is lost, not only the first one
        while (dataAcked > h.next && h.hasPending()) {
            skipTo(c, fromClient, h, Math.min(h.firstPendingSeq(), dataAcked), ts);
            drain(c, fromClient, h);
        }
        if (dataAcked > h.next && h.fin >= 0) {
            skipTo(c, fromClient, h, dataAcked, ts); // the last bytes before FIN never reached the capture
        }
    }

    private void checkEnd(Connection c, boolean fromClient, HalfStream h, long ts) {
        if (!h.ended && h.fin >= 0 && h.next >= h.fin) {
            h.ended = true;
            if (c.listener != null) {
                c.listener.onEnd(c, fromClient, ts);
            }
        }
    }

    /** Delivers what is buffered (skipping holes), ends both directions and reports the close. */
    private void finish(Connection c, long ts, ConnState why) {
        if (c.closed) {
            return;
        }
        flushDirection(c, true, c.c2s, ts);
        flushDirection(c, false, c.s2c, ts);
        if (why != null) {
            c.state = why;
        } else if (c.state == ConnState.OPEN || c.state == ConnState.HALF_CLOSED) {
            c.state = endState(c);
        }
        c.closed = true;
        c.closedTs = ts;
        if (c.listener != null) {
            c.listener.onClose(c, ts);
        }
        // A closed connection lingers in the table only to absorb late packets: let go of the
        // consumer's state (an FTP session and its commands) so memory follows open connections.
        c.setListener(null);
        c.attachment = null;
        c.c2s.pending = null;
        c.s2c.pending = null;
    }

    private static ConnState endState(Connection c) {
        if (c.c2s.synSeen && !c.synAckSeen && !c.s2c.seqKnown) {
            return ConnState.SYN_ONLY;
        }
        if (c.c2s.fin >= 0 && c.s2c.fin >= 0) {
            return ConnState.CLOSED; // both sides closed; a hole kept it open until now
        }
        return c.c2s.fin >= 0 || c.s2c.fin >= 0 ? ConnState.HALF_CLOSED : ConnState.OPEN;
    }

    private void flushDirection(Connection c, boolean fromClient, HalfStream h, long ts) {
        while (h.hasPending()) {
            skipTo(c, fromClient, h, h.firstPendingSeq(), ts);
            drain(c, fromClient, h);
        }
        if (h.seqKnown) {
            long known = h.fin >= 0 ? h.fin : h.acked;
            if (known > h.next) {
                skipTo(c, fromClient, h, known, ts);
            }
        }
        if (!h.ended) {
            h.ended = true;
            if (c.listener != null) {
                c.listener.onEnd(c, fromClient, ts);
            }
        }
    }

    /**
     * The table is full: remove the longest idle sixteenth of it (at least one), closed connections
     * first since they only wait for late packets. Batches keep the cost per new connection constant
     * under a SYN flood.
     */
    private void makeRoom() {
        recent = null;
        List<Connection> all = table.all();
        int batch = Math.max(1, all.size() / 16);
        // closed ones first, then the longest idle; ties by id so the choice never depends on table order
        all.sort((a, b) -> {
            int c = Long.compare(a.closed ? Long.MIN_VALUE : a.lastTs, b.closed ? Long.MIN_VALUE : b.lastTs);
            return c != 0 ? c : Long.compare(a.id, b.id);
        });
        List<Connection> victims = new ArrayList<>(all.subList(0, batch));
        for (Connection c : victims) {
            table.remove(c);
        }
        victims.sort((a, b) -> Long.compare(a.lastTs, b.lastTs));
        for (Connection victim : victims) {
            if (!victim.closed) { // a closed connection lingering for late packets is not evicted
                stats.evicted++;
                finish(victim, now, ConnState.EVICTED);
            }
        }
    }

    /** Removes idle connections and closed ones past their linger time. */
    private void sweep(long t) {
        recent = null;
        List<Connection> expired = table.select(c -> t - c.lastTs > (c.closed ? cfg.closedLingerNanos() : cfg.idleTimeoutNanos()));
        List<Connection> idle = null;
        for (Connection c : expired) {
            table.remove(c);
            if (!c.closed) {
                if (idle == null) {
                    idle = new ArrayList<>();
                }
                idle.add(c);
            }
        }
        if (idle != null) {
            idle.sort((a, b) -> Long.compare(a.id, b.id));
            for (Connection c : idle) {
                stats.timedOut++;
                finish(c, t, ConnState.TIMEOUT);
            }
        }
    }

    /** Wall-clock tick for live capture: expires state even when no packets arrive. */
    public void tick(long wallNanos) {
        if (wallNanos > now) {
            now = wallNanos;
        }
        sweep(now);
    }

    /** End of input: every connection still open is flushed and reported, in order of first packet. */
    public void flushAll() {
        List<Connection> all = table.all();
        all.sort((a, b) -> Long.compare(a.id, b.id));
        for (Connection c : all) {
            finish(c, c.lastTs, null);
        }
        table.clear();
        lingering.clear();
        recent = null;
    }
}
