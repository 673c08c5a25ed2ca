package io.ftpscope.diagnose;

import io.ftpscope.session.CommandEntry;
import io.ftpscope.session.DataConn;
import io.ftpscope.session.Diagnostic;
import io.ftpscope.session.FtpSession;
import java.util.ArrayList;
import java.util.List;

/**
 * FTPS: after AUTH TLS (explicit) or from the first byte (implicit, port 990) the control channel is
 * encrypted, so file names and data ports cannot be read and data connections are matched by timing.
 */
final class TlsEncrypted implements Rule {
    @Override
    public String code() {
        return "tls-encrypted";
    }

    @Override
    public String severity() {
        return INFO;
    }

    @Override
    public void check(FtpSession s, List<Diagnostic> out) {
        if (!s.encrypted()) {
            return;
        }
        List<Long> frames = new ArrayList<>();
        String start;
        if ("explicit".equals(s.tls)) {
            CommandEntry auth = null;
            for (CommandEntry e : s.commands) {
                if ("AUTH".equals(e.verb) && e.reply != null && e.reply.reply().code() == 234) {
                    auth = e;
                }
            }
            frames.addAll(Evidence.framesOf(auth));
            start = "The client asked for TLS" + (auth == null ? "" : " with AUTH " + auth.arg) + " and the server agreed (234)";
        } else {
            frames.add(s.control.firstFrame());
            start = "This is implicit FTPS on port " + s.serverPort() + ": TLS starts with the first byte";
        }
        int timing = 0;
        for (DataConn d : s.dataConns) {
            if ("timing".equals(d.linkedBy)) {
                timing++;
                frames.add(d.conn.firstFrame());
            }
        }
        String cause = start + ", so commands, file names and data ports cannot be seen; " + timing
                + " data connection" + (timing == 1 ? " was" : "s were") + " tied to this session by timing only"
                + " (a new connection between the same two hosts while the session was open).";
        String fix = "Nothing to fix: this is what TLS is for. To see inside, log the TLS keys at the client (SSLKEYLOGFILE)"
                + " and decrypt the capture in Wireshark, or reproduce the problem without TLS.";
        out.add(found(cause, fix, frames));
    }
}
