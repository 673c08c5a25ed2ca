package io.ftpscope.tui;

import java.util.List;

/** One session as published to the UI: immutable values and an immutable timeline view. */
public record SessionRow(String id, String client, String server, String user, String state, String tls,
                         long rateBps, List<TransferRow> transfers, Timeline.View timeline, boolean finished, long startTs) {

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
