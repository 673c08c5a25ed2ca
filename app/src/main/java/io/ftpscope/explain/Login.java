package io.ftpscope.explain;

import io.ftpscope.session.CommandEntry;
import io.ftpscope.session.FtpSession;

/** The login in a sentence or two. The password is only ever called "the password". */
final class Login {
    private Login() {
    }

    static String tell(FtpSession s) {
        if (s.encrypted()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        int attempts = 0;
        for (CommandEntry e : s.commands) {
            if ("USER".equals(e.verb)) {
                attempts++;
                sb.append(attempts == 1 ? "Login: the client sent USER " : "It tried again with USER ").append(Words.clean(e.arg));
                if (e.reply != null) {
                    int code = e.reply.reply().code();
                    sb.append(code == 331 ? " and the server asked for a password (331)"
                            : code == 230 ? " and the server let it in without a password (230)"
                            : " and the server answered " + Words.reply(e.reply));
                }
                sb.append(". ");
            } else if ("PASS".equals(e.verb)) {
                sb.append("The client sent the password with PASS").append(s.tlsStartTs >= 0 && e.ts > s.tlsStartTs ? ""
                        : ", in cleartext (ftpscope does not show it),");
                if (e.reply != null) {
                    int code = e.reply.reply().code();
                    sb.append(code == 230 ? " and the server accepted it: " + Words.reply(e.reply)
                            : code == 530 ? " and the server refused it: " + Words.reply(e.reply)
                            : " and the server answered " + Words.reply(e.reply));
                }
                sb.replace(0, sb.length(), Words.stop(sb.toString()));
            }
        }
        if (attempts == 0) {
            return "No login appears in the capture" + (s.commands.isEmpty() ? "." : " (it may have happened before the capture began).");
        }
        return sb.toString().strip();
    }
}
