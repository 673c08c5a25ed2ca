package io.ftpscope.tcp;

import io.ftpscope.net.Addresses;

/**
 * A TCP connection as seen in the capture: both directions, who initiated it, how it ended and
 * what was lost. "Client" is the side that sent the SYN (or, for a connection picked up
 * mid-stream, the side with the higher port).
 */
public final class Connection {
    /** A refused or unanswered connect retransmits its SYN 5-7 times; more adds no evidence. */
    static final int MAX_SYNS = 8;
    /** {@link ConnectionTable#hash}: symmetric in the two endpoints. */
    final int hash;
    final int ipVersion;
    final long cHi;
    final long cLo;
    final int cPort;
    final long sHi;
    final long sLo;
    final int sPort;
    final HalfStream c2s = new HalfStream();
    final HalfStream s2c = new HalfStream();
    final long id;
    final long firstFrame;
    ConnectionListener listener;
    /** Whether {@link #listener} takes the bytes ({@link ConnectionListener#wantsBytes}). */
    boolean bytesWanted;
    ConnState state = ConnState.OPEN;
    boolean closed;
    boolean midstream;
    boolean synAckSeen;
    boolean rstSeen;
    long startTs;
    long lastTs;
    long closedTs;
    long currentFrame;
    // Handshake evidence for diagnostics: the opener's SYNs (first few), the SYN-ACK, the RST. The
    // first SYN is kept in fields, the arrays only when it was retransmitted (one SYN is the common case).
    private long synFrame0;
    private long synTs0;
    private long[] synFrames;
    private long[] synTimes;
    int synsKept;
    long synAckFrame = -1;
    long synAckTs = -1;
    long rstFrame = -1;
    long rstTs = -1;
    /** Free slot for the consumer (e.g. the FTP session this connection belongs to). */
    public Object attachment;

    Connection(long id, int hash, int ipVersion, long cHi, long cLo, int cPort, long sHi, long sLo, int sPort,
               long ts, long frame) {
        this.id = id;
        this.hash = hash;
        this.ipVersion = ipVersion;
        this.cHi = cHi;
        this.cLo = cLo;
        this.cPort = cPort;
        this.sHi = sHi;
        this.sLo = sLo;
        this.sPort = sPort;
        this.startTs = ts;
        this.lastTs = ts;
        this.firstFrame = frame;
    }

    /** Whether a segment from src to dst belongs to this connection's tuple, in either direction. */
    boolean matches(int version, long srcHi, long srcLo, int srcPort, long dstHi, long dstLo, int dstPort) {
        if (version != ipVersion) {
            return false;
        }
        if (srcPort == cPort && dstPort == sPort && srcLo == cLo && dstLo == sLo && srcHi == cHi && dstHi == sHi) {
            return true;
        }
        return srcPort == sPort && dstPort == cPort && srcLo == sLo && dstLo == cLo && srcHi == sHi && dstHi == cHi;
    }

    public long id() {
        return id;
    }

    public int ipVersion() {
        return ipVersion;
    }

    public long clientHi() {
        return cHi;
    }

    public long clientLo() {
        return cLo;
    }

    public long serverHi() {
        return sHi;
    }

    public long serverLo() {
        return sLo;
    }

    /**
     * The addresses as text, formatted at the first call and kept: outputs ask for them for every
     * event of the connection. (Formatting is deterministic, so two threads racing here store equal
     * strings; the output thread only reads connections that have ended.)
     */
    private String clientIpText;
    private String serverIpText;

    public String clientIp() {
        String t = clientIpText;
        if (t == null) {
            t = Addresses.format(ipVersion, cHi, cLo);
            clientIpText = t;
        }
        return t;
    }

    public String serverIp() {
        String t = serverIpText;
        if (t == null) {
            t = Addresses.format(ipVersion, sHi, sLo);
            serverIpText = t;
        }
        return t;
    }

    public int clientPort() {
        return cPort;
    }

    public int serverPort() {
        return sPort;
    }

    public long startTs() {
        return startTs;
    }

    public long lastTs() {
        return lastTs;
    }

    public long firstFrame() {
        return firstFrame;
    }

    /** The frame being processed when a listener is called: evidence for what it reports. */
    public long currentFrame() {
        return currentFrame;
    }

    /** Segments seen from the client (for an unanswered connection: the SYN and its retransmissions). */
    public long clientSegments() {
        return c2s.segments;
    }

    /** Frames of the opener's SYNs (retransmissions included, the first {@value #MAX_SYNS}). */
    public long[] synFrames() {
        return kept(synFrame0, synFrames);
    }

    public long[] synTimes() {
        return kept(synTs0, synTimes);
    }

    private long[] kept(long first, long[] more) {
        if (synsKept <= 1) {
            return synsKept == 0 ? new long[0] : new long[] {first};
        }
        return java.util.Arrays.copyOf(more, synsKept);
    }

    /** The first SYN-ACK's frame, or -1 when the responder never answered. */
    public long synAckFrame() {
        return synAckFrame;
    }

    public long synAckTs() {
        return synAckTs;
    }

    /** The first RST's frame, or -1. */
    public long rstFrame() {
        return rstFrame;
    }

    public long rstTs() {
        return rstTs;
    }

    void noteSyn(boolean fromClient, long frame, long ts) {
        if (fromClient) {
            if (synsKept == 0) {
                synFrame0 = frame;
                synTs0 = ts;
                synsKept = 1;
                return;
            }
            if (synFrames == null) {
                synFrames = new long[MAX_SYNS];
                synTimes = new long[MAX_SYNS];
                synFrames[0] = synFrame0;
                synTimes[0] = synTs0;
            }
            if (synsKept < MAX_SYNS) {
                synFrames[synsKept] = frame;
                synTimes[synsKept++] = ts;
            }
        } else if (synAckFrame < 0) {
            synAckFrame = frame;
            synAckTs = ts;
        }
    }

    void noteRst(long frame, long ts) {
        if (rstFrame < 0) {
            rstFrame = frame;
            rstTs = ts;
        }
    }

    public ConnState state() {
        return state;
    }

    public boolean midstream() {
        return midstream;
    }

    public boolean synSeen() {
        return c2s.synSeen;
    }

    public boolean synAckSeen() {
        return synAckSeen;
    }

    public boolean isClosed() {
        return closed;
    }

    public void setListener(ConnectionListener l) {
        listener = l;
        bytesWanted = l != null && l.wantsBytes();
    }

    public ConnectionListener listener() {
        return listener;
    }

    /** Per-direction figures: client→server when fromClient. */
    public DirectionStats stats(boolean fromClient) {
        HalfStream h = fromClient ? c2s : s2c;
        return new DirectionStats(h.bytes, h.gaps, h.gapBytes, h.retransBytes, h.outOfOrder, h.keepAlives,
                h.zeroWindows, h.conflicts, h.segments, h.truncatedFrames, h.synSeen);
    }

    /** Reassembled payload bytes in one direction, without allocating. */
    public long bytes(boolean fromClient) {
        return (fromClient ? c2s : s2c).bytes;
    }

    public long gapBytes(boolean fromClient) {
        return (fromClient ? c2s : s2c).gapBytes;
    }

    @Override
    public String toString() {
        String sep = ipVersion == 6 ? "." : ":";
        return clientIp() + sep + cPort + " > " + serverIp() + sep + sPort;
    }
}
