package io.ftpscope.tui;

/** One line of a session's timeline in the detail pane; immutable, so it can cross threads. */
public record TimelineEntry(long ts, Kind kind, String text) {
    /** Decides the colour (or, on a monochrome terminal, nothing). */
    public enum Kind { COMMAND, REPLY_OK, REPLY_ERROR, DATA, INFO }
}
