package io.ftpscope.diagnose;

import io.ftpscope.session.Diagnostic;
import io.ftpscope.session.FtpSession;
import java.util.List;

/**
 * FTP control off port 21 (990 counts as standard for implicit FTPS). Harmless in itself, but
 * firewalls and NAT FTP helpers watch port 21 only, so they will not open the data connections.
 */
final class NonstandardPort implements Rule {
    @Override
    public String code() {
        return "nonstandard-port";
    }

    @Override
    public String severity() {
        return INFO;
    }

    @Override
    public void check(FtpSession s, List<Diagnostic> out) {
        int port = s.serverPort();
        if (port == 21 || (port == 990 && "implicit".equals(s.tls))) {
            return;
        }
        String cause = "The FTP control connection uses port " + port + ", not 21"
                + (s.detectedByContent ? "; ftpscope recognised FTP by its content." : ".");
        String fix = "Nothing is wrong in itself, but firewalls and NAT FTP helpers only follow port 21: tell them about port " + port
                + " (e.g. nf_conntrack_ftp ports=21," + port + ") or data connections may be blocked; for ftpscope, --ports "
                + port + " makes it explicit.";
        out.add(found(cause, fix, List.of(s.control.firstFrame())));
    }
}
