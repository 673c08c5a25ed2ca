package io.ftpscope.session;

import io.ftpscope.tcp.Connection;
import java.util.ArrayList;
import java.util.List;

/** One FTP control connection and everything tied to it. */
public final class FtpSession {
    public final String id;
    public final Connection control;
    public final long startTs;
    public String user;
    /** success, failed, none or unknown. */
    public String login = "none";
    public int failedLogins;
    /** none, explicit or implicit. */
    public String tls;
    public long tlsStartTs = -1;
    public String type = "ASCII";
    public final List<CommandEntry> commands = new ArrayList<>();
    /** Commands and unsolicited replies not stored because of the per-session cap. */
    public long commandsDropped;
    /** Commands dropped from the queue awaiting replies (more than the cap pipelined): they keep no reply. */
    public long pendingDropped;
    public final List<Transfer> transfers = new ArrayList<>();
    public long transfersDropped;
    public final List<DataConn> dataConns = new ArrayList<>();
    public final List<Diagnostic> diagnostics = new ArrayList<>();
    public long endTs;
    /** Lines longer than the cap, bytes lost in gaps on the control connection, invalid lines. */
    public long overLongLines;
    public long controlGapBytes;
    public long invalidCommands;
    public long linesSkippedAfterGap;
    public long linesCutByGap;
    public long bareLfLines;
    public long invalidReplies;
    public long expectationsDropped;
    /** Detected by content on a port not configured as FTP. */
    public boolean detectedByContent;
    boolean greeted;
    boolean controlClosed;
    int openData;
    boolean finished;
    long pendingRest;
    Expectation lastExpectation;
    /** A data connection tied by timing that waits for its transfer command. */
    DataConn unclaimedData;
    boolean loginSeen;
    int liveExpectations;

    FtpSession(String id, Connection control, String tls) {
        this.id = id;
        this.control = control;
        this.startTs = control.startTs();
        this.endTs = control.startTs();
        this.tls = tls;
    }

    /** Formatted once: every output and several rules ask for the addresses of each command. */
    private String clientIpText;
    private String serverIpText;

    public String clientIp() {
        String t = clientIpText;
        if (t == null) {
            clientIpText = t = control.clientIp();
        }
        return t;
    }

    public int clientPort() {
        return control.clientPort();
    }

    public String serverIp() {
        String t = serverIpText;
        if (t == null) {
            serverIpText = t = control.serverIp();
        }
        return t;
    }

    public int serverPort() {
        return control.serverPort();
    }

    public boolean encrypted() {
        return !"none".equals(tls);
    }
}
