package io.ftpscope.session;

import java.util.List;

/** A finding about a session: stable code, severity, what happened, what to do, and the evidence. */
public record Diagnostic(String code, String severity, String message, String fix, List<Long> frames) {
}
