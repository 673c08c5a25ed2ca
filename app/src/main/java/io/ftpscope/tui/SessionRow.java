package io.ftpscope.tui;

import io.ftpscope.session.Diagnostic;
import java.util.List;

/**
 * One session as published to the UI: immutable values and an immutable timeline view. The
 * diagnostics and the explanation are copied when the session ends (empty before).
 */
public record SessionRow(String id, String client, String server, String user, String state, String tls,
                         long rateBps, List<TransferRow> transfers, Timeline.View timeline, boolean finished, long startTs,
                         List<Diagnostic> diagnostics, List<String> explain) {

    /** The worst severity among the diagnostics ("error", "warning", "info"), or null when there are none. */
    public String worstSeverity() {
        String worst = null;
        for (Diagnostic d : diagnostics) {
            if ("error".equals(d.severity())) {
                return "error";
            }
            if (worst == null || "warning".equals(d.severity())) {
                worst = d.severity();
            }
        }
        return worst;
    }

    /** True when a diagnostic is a warning or an error (the sessions pane marks the row with `!`). */
    public boolean flagged() {
        String w = worstSeverity();
        return "error".equals(w) || "warning".equals(w);
    }

    /** The text the `/` filter searches. */
    public boolean matches(String filter) {
        if (filter == null || filter.isEmpty()) {
            return true;
        }
        String f = filter.toLowerCase(java.util.Locale.ROOT);
        return (id + " " + client + " " + server + " " + (user == null ? "" : user) + " " + state + " " + tls)
                .toLowerCase(java.util.Locale.ROOT).contains(f);
    }
}
