package io.ftpscope.diagnose;

import io.ftpscope.net.Addresses;
import io.ftpscope.session.CommandEntry;
import io.ftpscope.session.DataConn;
import io.ftpscope.session.Diagnostic;
import io.ftpscope.session.FtpSession;
import java.util.List;

/**
 * Passive mode: the client's connect to the port the server advertised got no SYN-ACK. A RST means
 * nothing listens there (the port is outside the server's passive range, or a firewall rejects it);
 * silence means a firewall drops it.
 */
final class PassiveConnectFailed implements Rule {
    @Override
    public String code() {
        return "passive-connect-failed";
    }

    @Override
    public String severity() {
        return ERROR;
    }

    @Override
    public void check(FtpSession s, List<Diagnostic> out) {
        for (DataConn d : s.dataConns) {
            if (d.active() || d.connected()) {
                continue;
            }
            CommandEntry announced = Evidence.announcement(s, d);
            List<Long> frames = Evidence.framesOf(announced);
            frames.addAll(Evidence.handshakeFrames(d));
            if (d.transfer != null && d.transfer.command != null) {
                frames.addAll(Evidence.framesOf(d.transfer.command));
            }
            boolean refused = d.conn.rstFrame() >= 0 && d.conn.synAckFrame() < 0;
            String cause = "The server advertised port " + d.conn.serverPort() + " for a passive data connection"
                    + (announced == null ? "" : " (" + announced.verb + ")") + " and the client's connect from "
                    + Addresses.endpoint(d.conn.clientIp(), d.conn.clientPort()) + " to "
                    + Addresses.endpoint(d.conn.serverIp(), d.conn.serverPort()) + " failed: " + Evidence.connectOutcome(d)
                    + (refused ? " (nothing accepts connections on that port)." : " (something on the path drops it).");
            String fix = "Open the server's passive port range (here port " + d.conn.serverPort() + ") on the server's firewall and"
                    + " any firewall in between, and make it match the range the server is configured to use"
                    + " (vsftpd pasv_min_port/pasv_max_port).";
            out.add(found(cause, fix, frames));
        }
    }
}
