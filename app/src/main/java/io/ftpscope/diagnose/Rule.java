package io.ftpscope.diagnose;

import io.ftpscope.session.Diagnostic;
import io.ftpscope.session.FtpSession;
import java.util.List;

/**
 * One entry of the diagnostics catalogue: a stable code, a fixed severity, and a check that reads a
 * finished session and reports what it proves. A rule never changes the session; the
 * {@link Diagnoser} adds what it returns.
 */
public interface Rule {
    String ERROR = "error";
    String WARNING = "warning";
    String INFO = "info";

    /** Stable, documented in docs/diagnostics.md; scripts match on it. */
    String code();

    /** error, warning or info. */
    String severity();

    /** Adds a diagnostic to {@code out} for each problem this session proves. */
    void check(FtpSession s, List<Diagnostic> out);

    default Diagnostic found(String cause, String fix, List<Long> frames) {
        return new Diagnostic(code(), severity(), cause, fix, Evidence.sorted(frames));
    }
}
