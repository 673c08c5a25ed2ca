package io.ftpscope.diagnose;

import io.ftpscope.session.CommandEntry;
import io.ftpscope.session.Diagnostic;
import io.ftpscope.session.FtpSession;
import java.util.List;
import java.util.Set;

/**
 * 550 (and its transient twin 450): the file or directory does not exist or this user may not use
 * it. SIZE/MDTM probes are left out: clients send them to ask "does it exist?", a 550 there is an answer.
 */
final class FileUnavailable implements Rule {
    private static final Set<String> PROBES = Set.of("SIZE", "MDTM", "MLST", "STAT");

    @Override
    public String code() {
        return "file-unavailable";
    }

    @Override
    public String severity() {
        return WARNING;
    }

    @Override
    public void check(FtpSession s, List<Diagnostic> out) {
        for (CommandEntry e : s.commands) {
            int code = e.replyCode();
            if ((code != 550 && code != 450) || e.verb == null || PROBES.contains(e.verb)) {
                continue;
            }
            String what = e.verb + (e.arg == null || e.arg.isBlank() ? "" : " " + e.arg);
            String cause = what + " was refused with " + Evidence.replyText(e.reply)
                    + ": the file or directory does not exist, or this user may not " + (e.verb.equals("STOR") ? "write" : "read") + " it.";
            String fix = "Check the path (case, current directory: see PWD/CWD) and the file's permissions for this FTP user"
                    + " on the server.";
            out.add(found(cause, fix, Evidence.framesOf(e)));
        }
    }
}
