package io.ftpscope.diagnose;

import io.ftpscope.session.Diagnostic;
import io.ftpscope.session.FtpSession;
import io.ftpscope.session.Transfer;
import java.util.List;

/**
 * A transfer command whose data connection never appears in the capture: the server said 425 with no
 * connect attempt to show for it, or it reported success for a connection the capture does not hold
 * (a capture filter on port 21 only, or another capture point).
 */
final class NoDataConnection implements Rule {
    @Override
    public String code() {
        return "no-data-connection";
    }

    @Override
    public String severity() {
        return WARNING;
    }

    @Override
    public void check(FtpSession s, List<Diagnostic> out) {
        if (s.encrypted()) {
            return; // under TLS the transfer commands are invisible; tls-encrypted says so
        }
        for (Transfer t : s.transfers) {
            if (t.data != null || t.command == null || t.finalReply() == null) {
                continue;
            }
            int code = t.finalReply().reply().code();
            String what = t.verb() + (t.arg() == null ? "" : " " + t.arg());
            String cause;
            if (code == 425) {
                cause = what + " failed with " + Evidence.replyText(t.finalReply()) + ", and the capture holds no attempt to open"
                        + " the data connection" + (t.mode == null ? " (no PORT/EPRT/PASV/EPSV was sent before it)." : " announced by "
                        + t.via + " (" + t.advertised + ").");
            } else if (code >= 200 && code < 300) {
                cause = what + " was answered " + Evidence.replyText(t.finalReply()) + " but its data connection is not in the"
                        + " capture, so its bytes cannot be counted.";
            } else {
                continue;
            }
            String fix = code == 425 ? "Capture where both hosts' packets pass (or on the server) to see the connect attempt; check"
                    + " the data-connection settings (passive range, active mode allowed) on both sides."
                    : "Capture without a port-21-only filter (e.g. 'host A and host B') so the data connections are recorded too.";
            out.add(found(cause, fix, Evidence.framesOf(t.command)));
        }
    }
}
