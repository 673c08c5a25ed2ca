package io.ftpscope.tui;

/** What the user has chosen on screen; UI thread only. */
final class UiState {
    /** Index into the filtered session list. */
    int selected;
    /** The session id the selection follows when rows are added or filtered. */
    String selectedId;
    /** First visible row of the sessions list. */
    int listTop;
    /** Until the user picks a session, the selection follows the newest one, as activity arrives. */
    boolean userMoved;
    /** Enter switches the arrows from the session list to the detail pane's timeline. */
    boolean detailFocus;
    /** Lines scrolled up from the end of the timeline; 0 follows new lines. */
    int scrollBack;
    /** `e`: the detail pane shows the selected session's explanation instead of transfers and timeline. */
    boolean explain;
    /** First line of the explanation shown. */
    int explainTop;
    String filter = "";
    boolean editingFilter;
    boolean help;
    boolean savePrompt;
    /** The snapshot shown while paused (`p`); null when live. */
    Snapshot paused;
    String message;
    long messageUntil;

    void say(String m) {
        message = m;
        messageUntil = System.nanoTime() + 4_000_000_000L;
    }

    String message() {
        return message != null && System.nanoTime() < messageUntil ? message : null;
    }
}
