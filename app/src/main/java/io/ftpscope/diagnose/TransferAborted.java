package io.ftpscope.diagnose;

import io.ftpscope.session.CommandEntry;
import io.ftpscope.session.Diagnostic;
import io.ftpscope.session.FtpSession;
import io.ftpscope.session.Transfer;
import java.util.List;

/** A transfer cut short: the client sent ABOR, or the server reported 426 (data connection closed). */
final class TransferAborted implements Rule {
    @Override
    public String code() {
        return "transfer-aborted";
    }

    @Override
    public String severity() {
        return WARNING;
    }

    @Override
    public void check(FtpSession s, List<Diagnostic> out) {
        for (Transfer t : s.transfers) {
            if (!"aborted".equals(t.status()) || t.command == null) {
                continue;
            }
            List<Long> frames = Evidence.framesOf(t.command);
            CommandEntry abor = null;
            for (CommandEntry e : s.commands) {
                if ("ABOR".equals(e.verb) && e.ts >= t.command.ts && abor == null) {
                    abor = e;
                    frames.addAll(Evidence.framesOf(e));
                }
            }
            String what = t.verb() + (t.arg() == null ? "" : " " + t.arg());
            String how = abor != null ? "the client sent ABOR" : "the data connection was closed early";
            String reply = t.finalReply() == null ? "" : " and the server answered " + Evidence.replyText(t.finalReply());
            String cause = what + " stopped after " + Evidence.n(t.bytes()) + " bytes"
                    + (t.announcedSize > 0 ? " of " + Evidence.n(t.announcedSize) : "") + ": " + how + reply + ".";
            String fix = abor != null ? "If nobody cancelled it on purpose, look at the client: it gave up (a timeout, a user"
                    + " pressing cancel, a full disk)." : "Look for what cut the data connection: a firewall or NAT idle timer,"
                    + " a proxy, or the client closing its data socket early.";
            out.add(found(cause, fix, frames));
        }
    }
}
