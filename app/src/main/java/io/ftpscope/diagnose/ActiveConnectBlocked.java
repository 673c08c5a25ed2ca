package io.ftpscope.diagnose;

import io.ftpscope.net.Addresses;
import io.ftpscope.session.CommandEntry;
import io.ftpscope.session.DataConn;
import io.ftpscope.session.Diagnostic;
import io.ftpscope.session.FtpSession;
import java.util.List;

/**
 * Active mode: the server's connect back to the client got no SYN-ACK. The classic cause is a
 * client-side firewall or NAT that sees an unsolicited inbound connection (often from port 20).
 */
final class ActiveConnectBlocked implements Rule {
    @Override
    public String code() {
        return "active-connect-blocked";
    }

    @Override
    public String severity() {
        return ERROR;
    }

    @Override
    public void check(FtpSession s, List<Diagnostic> out) {
        for (DataConn d : s.dataConns) {
            if (!d.active() || d.connected()) {
                continue;
            }
            CommandEntry announced = Evidence.announcement(s, d);
            List<Long> frames = Evidence.framesOf(announced);
            frames.addAll(Evidence.handshakeFrames(d));
            String failure = "";
            if (d.transfer != null && d.transfer.command != null) {
                frames.addAll(Evidence.framesOf(d.transfer.command));
                if (d.transfer.command.reply != null) {
                    failure = "; the server then answered " + d.transfer.command.verb + " with "
                            + Evidence.replyText(d.transfer.command.reply);
                }
            }
            String cause = "The client asked for active mode (" + (d.via == null ? "PORT" : d.via) + ") and the server tried to connect from "
                    + Addresses.endpoint(d.conn.clientIp(), d.conn.clientPort()) + " back to the client at "
                    + Addresses.endpoint(d.conn.serverIp(), d.conn.serverPort()) + ": " + Evidence.connectOutcome(d) + failure + ".";
            String fix = "Let the server's connection in on the client side (firewall/NAT: allow TCP from "
                    + d.conn.clientIp() + (d.fromPort20 ? " port 20" : "") + " to the client, or load an FTP helper such as"
                    + " nf_conntrack_ftp), or switch the client to passive mode (PASV/EPSV).";
            out.add(found(cause, fix, frames));
        }
    }
}
