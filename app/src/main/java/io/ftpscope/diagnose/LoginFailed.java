package io.ftpscope.diagnose;

import io.ftpscope.session.CommandEntry;
import io.ftpscope.session.Diagnostic;
import io.ftpscope.session.FtpSession;
import java.util.ArrayList;
import java.util.List;

/** USER/PASS answered 530 (or another 5xx to PASS): the server refused the credentials. */
final class LoginFailed implements Rule {
    @Override
    public String code() {
        return "login-failed";
    }

    @Override
    public String severity() {
        return ERROR;
    }

    static boolean isFailedLogin(CommandEntry e) {
        int code = e.replyCode();
        if (code < 500 || e.verb == null) {
            return false; // a 530, or any 5xx to PASS: the code rules out nearly every command first
        }
        return (e.verb.equals("USER") || e.verb.equals("PASS") || e.verb.equals("ACCT"))
                && (code == 530 || (e.verb.equals("PASS") && code >= 500));
    }

    @Override
    public void check(FtpSession s, List<Diagnostic> out) {
        List<Long> frames = new ArrayList<>();
        CommandEntry first = null;
        int n = 0;
        for (CommandEntry e : s.commands) {
            if (isFailedLogin(e)) {
                frames.addAll(Evidence.framesOf(e));
                first = first == null ? e : first;
                n++;
            }
        }
        if (first == null) {
            return;
        }
        // The password is never quoted: a diagnostic is copied into tickets and chats.
        String cause = "The server refused the login" + (s.user == null ? "" : " of user '" + s.user + "'") + " with "
                + Evidence.replyText(first.reply) + (n > 1 ? " (" + n + " failed attempts in this session)" : "")
                + ("success".equals(s.login) ? ", though a later attempt succeeded." : ".");
        String fix = "Check the user name and password, and whether the account may use FTP at all (vsftpd userlist_file,"
                + " /etc/ftpusers, local_enable, a valid shell); the server's log says which.";
        out.add(found(cause, fix, frames));
    }
}
