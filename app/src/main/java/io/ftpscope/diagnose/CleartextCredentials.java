package io.ftpscope.diagnose;

import io.ftpscope.session.CommandEntry;
import io.ftpscope.session.Diagnostic;
import io.ftpscope.session.FtpSession;
import java.util.ArrayList;
import java.util.List;

/** USER/PASS before any TLS: readable by anyone on the path. The password itself is never quoted. */
final class CleartextCredentials implements Rule {
    @Override
    public String code() {
        return "cleartext-credentials";
    }

    @Override
    public String severity() {
        return INFO;
    }

    @Override
    public void check(FtpSession s, List<Diagnostic> out) {
        if ("implicit".equals(s.tls)) {
            return;
        }
        List<Long> frames = new ArrayList<>();
        String user = null;
        boolean pass = false;
        for (CommandEntry e : s.commands) {
            if (s.tlsStartTs >= 0 && e.ts >= s.tlsStartTs) {
                break;
            }
            if ("USER".equals(e.verb)) {
                user = e.arg;
                frames.add(e.frame);
            } else if ("PASS".equals(e.verb)) {
                pass = true;
                frames.add(e.frame);
            }
        }
        if (!pass) {
            return;
        }
        boolean anonymous = user != null && (user.equalsIgnoreCase("anonymous") || user.equalsIgnoreCase("ftp"));
        // a StringBuilder, not +: this rule fires for nearly every session, and a concatenation runs slower on C1
        StringBuilder cause = new StringBuilder(200);
        if (user == null) {
            cause.append("A password");
        } else {
            cause.append("User '").append(user).append("' and its password");
        }
        cause.append(" crossed the network unencrypted");
        if (anonymous) {
            cause.append(" (an anonymous login: the password is usually an e-mail address)");
        }
        cause.append("; anyone who can capture this traffic can read them (ftpscope masks the password).");
        String fix = "Use FTPS (AUTH TLS, with the server requiring it) or SFTP, and change the password if this path is not trusted.";
        out.add(found(cause.toString(), fix, frames));
    }
}
