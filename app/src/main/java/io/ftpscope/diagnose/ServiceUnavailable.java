package io.ftpscope.diagnose;

import io.ftpscope.session.CommandEntry;
import io.ftpscope.session.Diagnostic;
import io.ftpscope.session.FtpSession;
import java.util.List;

/** 421: the server refuses service or is closing the control connection (limits, idle timeout, shutdown). */
final class ServiceUnavailable implements Rule {
    @Override
    public String code() {
        return "service-unavailable";
    }

    @Override
    public String severity() {
        return ERROR;
    }

    @Override
    public void check(FtpSession s, List<Diagnostic> out) {
        for (CommandEntry e : s.commands) {
            if (e.reply == null || e.reply.reply().code() != 421) {
                continue;
            }
            String when = e.verb == null ? "as soon as the client connected" : "in answer to " + e.verb;
            String cause = "The server sent " + Evidence.replyText(e.reply) + " " + when
                    + ": it refused service or closed the session (too many users, a per-address limit, an idle timeout or a shutdown).";
            String fix = "Check the server's connection limits and timeouts (vsftpd max_clients, max_per_ip, idle_session_timeout)"
                    + " and its log, or retry later.";
            out.add(found(cause, fix, Evidence.framesOf(e)));
        }
    }
}
