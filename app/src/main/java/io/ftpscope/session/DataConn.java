package io.ftpscope.session;

import io.ftpscope.tcp.Connection;
import io.ftpscope.tcp.ConnState;

/**
 * A data connection: the TCP connection plus what it means for FTP. "ftpClient"/"ftpServer" name
 * the FTP roles, whichever side opened the TCP connection.
 */
public final class DataConn {
    public final Connection conn;
    public final FtpSession session;
    public final String mode;
    public final String via;
    public final boolean fromPort20;
    /** How it was tied to its session: "expectation", "expectation-late" (seen before its 227), "timing" (TLS). */
    public final String linkedBy;
    public Transfer transfer;
    public long closeTs = -1;
    /** Set for connections linked to no session; says why. */
    public String unlinkedReason;
    /** Hashes (and extracted file) of the bytes in the transfer's direction; null unless hashing was asked for. */
    public TransferContent content;

    DataConn(Connection conn, FtpSession session, String mode, String via, String linkedBy) {
        this.conn = conn;
        this.session = session;
        this.mode = mode;
        this.via = via;
        this.linkedBy = linkedBy;
        this.fromPort20 = "active".equals(mode) && conn.clientPort() == 20;
    }

    public boolean active() {
        return "active".equals(mode);
    }

    /** The FTP server's end is the TCP client in active mode. */
    public String ftpServerIp() {
        return active() ? conn.clientIp() : conn.serverIp();
    }

    public int ftpServerPort() {
        return active() ? conn.clientPort() : conn.serverPort();
    }

    public String ftpClientIp() {
        return active() ? conn.serverIp() : conn.clientIp();
    }

    public int ftpClientPort() {
        return active() ? conn.serverPort() : conn.clientPort();
    }

    /** Bytes sent by the FTP server (downloads, listings). */
    public long bytesFromServer() {
        return conn.bytes(active());
    }

    public long bytesFromClient() {
        return conn.bytes(!active());
    }

    public long gapBytesFromServer() {
        return conn.gapBytes(active());
    }

    public long gapBytesFromClient() {
        return conn.gapBytes(!active());
    }

    /** False when the opener's SYN was never answered (or was refused). */
    public boolean connected() {
        ConnState s = conn.state();
        return conn.synAckSeen() || (s != ConnState.SYN_ONLY && s != ConnState.REFUSED && conn.bytes(true) + conn.bytes(false) > 0)
                || (conn.midstream() && s != ConnState.REFUSED);
    }

    public boolean closed() {
        return closeTs >= 0;
    }
}
