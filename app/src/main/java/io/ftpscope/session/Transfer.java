package io.ftpscope.session;

import io.ftpscope.ftp.HostPort;

/** A RETR/STOR/STOU/APPE/LIST/NLST/MLSD and the data connection that carried it. */
public final class Transfer {
    public final CommandEntry command;
    public final String direction;
    public final String mode;
    public final String via;
    public final HostPort advertised;
    /** Control connection's server address, to tell NAT'd PASV addresses apart. */
    public final String controlServerIp;
    public final long rest;
    public final String type;
    public DataConn data;
    public long announcedSize = -1;
    public boolean aborted;
    /** True when TLS hid the command and the connection was tied to the session by timing only. */
    public final boolean byTiming;

    Transfer(CommandEntry command, String direction, Expectation e, String controlServerIp, long rest, String type, boolean byTiming,
             String guessedMode) {
        this.command = command;
        this.direction = direction;
        this.mode = e == null ? guessedMode : e.mode;
        this.via = e == null ? null : e.via;
        this.advertised = e == null ? null : e.advertised;
        this.controlServerIp = controlServerIp;
        this.rest = rest;
        this.type = type;
        this.byTiming = byTiming;
    }

    /** Timing-matched transfer (TLS): mode inferred from who opened the connection. */
    Transfer(DataConn d, String controlServerIp) {
        this.command = null;
        this.direction = null;
        this.mode = d.mode;
        this.via = null;
        this.advertised = null;
        this.controlServerIp = controlServerIp;
        this.rest = 0;
        this.type = null;
        this.byTiming = true;
        this.data = d;
    }

    public String verb() {
        return command == null ? null : command.verb;
    }

    public String arg() {
        return command == null ? null : command.arg;
    }

    public TimedReply finalReply() {
        return command == null ? null : command.reply;
    }

    /** Bytes carried in the transfer's direction (both directions summed when unknown, as under TLS). */
    public long bytes() {
        if (data == null) {
            return 0;
        }
        if (direction == null) {
            return data.bytesFromServer() + data.bytesFromClient();
        }
        return direction.equals("upload") ? data.bytesFromClient() : data.bytesFromServer();
    }

    public long gapBytes() {
        if (data == null) {
            return 0;
        }
        if (direction == null) {
            return data.gapBytesFromServer() + data.gapBytesFromClient();
        }
        return direction.equals("upload") ? data.gapBytesFromClient() : data.gapBytesFromServer();
    }

    public long startTs() {
        if (command != null) {
            return command.ts;
        }
        return data.conn.startTs();
    }

    public long endTs() {
        long end = startTs();
        if (command != null && command.reply != null) {
            end = Math.max(end, command.reply.ts());
        }
        if (data != null) {
            end = Math.max(end, data.closeTs >= 0 ? data.closeTs : data.conn.lastTs());
        }
        return end;
    }

    /** complete, aborted, failed, no-connection or incomplete (see docs/json.md). */
    public String status() {
        TimedReply r = finalReply();
        int code = r == null ? 0 : r.reply().code();
        if (aborted || code == 426) {
            return "aborted";
        }
        if (code >= 400) {
            return "failed";
        }
        if (data == null) {
            return "no-connection";
        }
        if (code >= 200) {
            return "complete";
        }
        if (command == null) { // TLS: no reply can be read; the data connection tells
            return data != null && data.connected() && data.closed() && data.conn.state() == io.ftpscope.tcp.ConnState.CLOSED
                    ? "complete" : "incomplete";
        }
        return "incomplete";
    }
}
