package io.ftpscope.session;

/** FTP-layer counters for the summary and the JSON `stats`. */
public final class SessionStats {
    public long sessions;
    public long dataConnections;
    public long linkedDataConnections;
    public long lateLinked;
    public long timingLinked;
    public long expectations;
    public long expectationsExpired;
    public long expectationsDropped;
    public long expectationsUnused;
    public long heldDropped;
    public long unlinkedDropped;
    public long sessionsDropped;
    public long notFtpOnFtpPort;
    public long detectedByContent;
}
