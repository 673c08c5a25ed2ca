package io.ftpscope.session;

/**
 * The event stream every output consumes. Sessions arrive complete in {@link #sessionEnd}; the finer
 * events serve streaming outputs (JSONL, terminal view).
 */
public interface SessionSink {
    default void sessionStart(FtpSession s) {
    }

    default void command(FtpSession s, CommandEntry e) {
    }

    default void reply(FtpSession s, CommandEntry e, TimedReply r) {
    }

    default void dataOpen(FtpSession s, DataConn d) {
    }

    default void dataClose(FtpSession s, DataConn d) {
    }

    /** A session ended and all its data connections closed: it will not change again. */
    default void sessionEnd(FtpSession s) {
    }

    /** A connection between the hosts of a session that no announcement explained. */
    default void unlinked(DataConn d) {
    }
}
