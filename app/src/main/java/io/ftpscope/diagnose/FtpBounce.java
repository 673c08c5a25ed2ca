package io.ftpscope.diagnose;

import io.ftpscope.ftp.HostPort;
import io.ftpscope.session.CommandEntry;
import io.ftpscope.session.Diagnostic;
import io.ftpscope.session.FtpSession;
import java.util.List;

/**
 * PORT/EPRT/LPRT naming a host other than the client (RFC 2577 section 3): the server would open a
 * connection to a third party on the client's behalf — the "bounce" used to scan or reach hosts
 * behind a firewall. Server-to-server copies (FXP) do the same on purpose.
 */
final class FtpBounce implements Rule {
    @Override
    public String code() {
        return "ftp-bounce";
    }

    @Override
    public String severity() {
        return WARNING;
    }

    @Override
    public void check(FtpSession s, List<Diagnostic> out) {
        for (CommandEntry e : s.commands) {
            if (e.verb == null || e.arg == null) {
                continue;
            }
            HostPort hp = switch (e.verb) {
                case "PORT", "EPRT", "LPRT" -> e.announced();
                default -> null;
            };
            if (hp == null || !hp.hasAddress()
                    || AddressScope.sameHost(hp, s.control.ipVersion(), s.control.clientHi(), s.control.clientLo())) {
                continue;
            }
            String accepted = e.reply == null ? "" : " The server answered " + Evidence.replyText(e.reply)
                    + (e.reply.reply().positive() ? ": it accepted the third-party address." : ".");
            String cause = "The client at " + s.clientIp() + " sent " + e.verb + " naming " + hp
                    + ", another host" + (hp.port() < 1024 ? ", on a well-known service port" : "")
                    + ": the server would connect there on the client's behalf (an FTP bounce, or a deliberate FXP copy)." + accepted;
            String fix = "Make the server refuse PORT/EPRT addresses other than the client's (vsftpd port_promiscuous=NO, the default;"
                    + " RFC 2577); if this is a wanted server-to-server copy, allow it only between trusted hosts.";
            out.add(found(cause, fix, Evidence.framesOf(e)));
        }
    }
}
