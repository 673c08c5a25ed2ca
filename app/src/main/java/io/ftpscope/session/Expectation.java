package io.ftpscope.session;

import io.ftpscope.ftp.HostPort;
import io.ftpscope.tcp.Connection;

/**
 * A data connection announced on the control channel and not yet seen: by PORT/EPRT/LPRT (active:
 * the server will connect to the client) or a 227/228/229 reply (passive: the client will connect
 * to the server). The first connection that matches consumes it.
 */
public final class Expectation {
    public final FtpSession session;
    public final String mode;
    public final String via;
    /** Address and port as written in the command or reply (EPSV: the control server address). */
    public final HostPort advertised;
    public final long createdTs;
    final DataKey[] keys;
    Connection conn;
    DataConn data;
    Transfer transfer;
    boolean refused;

    Expectation(FtpSession session, String mode, String via, HostPort advertised, long createdTs, DataKey[] keys) {
        this.session = session;
        this.mode = mode;
        this.via = via;
        this.advertised = advertised;
        this.createdTs = createdTs;
        this.keys = keys;
    }

    public boolean active() {
        return mode.equals("active");
    }
}
