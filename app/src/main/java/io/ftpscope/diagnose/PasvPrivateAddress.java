package io.ftpscope.diagnose;

import io.ftpscope.ftp.HostPort;
import io.ftpscope.net.Addresses;
import io.ftpscope.session.CommandEntry;
import io.ftpscope.session.DataConn;
import io.ftpscope.session.Diagnostic;
import io.ftpscope.session.FtpSession;
import java.util.List;

/**
 * A 227/228 that names a private address other than the one the client reached the server at: the
 * server sits behind NAT and does not know its public address, and the NAT does not rewrite FTP.
 * Clients that obey the reply connect to an address they cannot reach; some (curl, FileZilla) quietly
 * reuse the control address instead, which is why transfers may still work.
 */
final class PasvPrivateAddress implements Rule {
    @Override
    public String code() {
        return "pasv-private-address";
    }

    @Override
    public String severity() {
        return WARNING;
    }

    @Override
    public void check(FtpSession s, List<Diagnostic> out) {
        for (CommandEntry e : s.commands) {
            int code = e.replyCode();
            if ((code != 227 && code != 228) || e.verb == null) {
                continue; // only a 227 to PASV or a 228 to LPSV announces an address
            }
            HostPort hp = e.verb.equals("PASV") || e.verb.equals("LPSV") ? e.announced() : null;
            if (hp == null || AddressScope.sameAddress(hp, s.control.ipVersion(), s.control.serverHi(), s.control.serverLo())
                    || !AddressScope.privateOrUnroutable(hp)) {
                continue;
            }
            List<Long> frames = Evidence.framesOf(e);
            String outcome = "";
            for (DataConn d : s.dataConns) {
                if (!d.active() && d.conn.serverPort() == hp.port() && d.conn.startTs() >= e.reply.ts()) {
                    frames.add(d.conn.firstFrame());
                    outcome = d.conn.serverIp().equals(hp.ip()) ? ""
                            : " This client ignored that address and connected to " + Addresses.endpoint(d.conn.serverIp(), hp.port())
                            + " instead, so the transfer could work; a client that obeys the reply would fail.";
                    break;
                }
            }
            String cause = "The server answered " + e.verb + " with " + e.reply.reply().code() + " naming " + hp
                    + ", a private address, although the client reaches the server at " + s.serverIp()
                    + ": the server is behind NAT and advertises its inside address." + outcome;
            String fix = "Tell the server its public address for passive replies (vsftpd pasv_address, ProFTPD MasqueradeAddress,"
                    + " Pure-FTPd -P, FileZilla Server's external IP), or let the NAT rewrite FTP with an FTP helper.";
            out.add(found(cause, fix, frames));
        }
    }
}
