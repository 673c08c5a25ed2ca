package io.ftpscope.session;

import io.ftpscope.ftp.Command;
import io.ftpscope.ftp.CommandParser;
import io.ftpscope.ftp.LineFramer;
import io.ftpscope.ftp.Reply;
import io.ftpscope.ftp.ReplyAssembler;
import io.ftpscope.tcp.Connection;
import io.ftpscope.tcp.ConnectionListener;
import java.util.ArrayDeque;

/** Bytes of a control connection → lines → commands and replies, handed to the tracker. */
final class ControlChannel implements ConnectionListener {
    private final FtpSessionTracker tracker;
    final FtpSession session;
    private final LineFramer clientLines;
    private final LineFramer serverLines;
    private final ReplyAssembler replies;
    /** Commands waiting for their reply, oldest first (grows when commands are pipelined). */
    final ArrayDeque<CommandEntry> pending = new ArrayDeque<>(4);
    /** Set once TLS starts: the rest of the bytes are ciphertext. */
    boolean stopParsing;
    /** After a gap the next line may be the tail of a lost one: keep it only if it parses. */
    private boolean resyncClient;
    private boolean resyncServer;

    ControlChannel(FtpSessionTracker tracker, FtpSession session, SessionConfig cfg) {
        this.tracker = tracker;
        this.session = session;
        this.replies = new ReplyAssembler(new Replies(), cfg.maxReplyLines());
        this.clientLines = new LineFramer(cfg.maxLine(), new CommandLines());
        this.serverLines = new LineFramer(cfg.maxLine(), new ReplyLines());
        this.stopParsing = session.encrypted();
    }

    // Named classes, not lambdas: a capturing lambda is allocated through a method handle, which under
    // the C1 compiler the launcher uses cost more than the rest of opening a session.
    private final class CommandLines implements LineFramer.Sink {
        @Override
        public void line(String text, long ts, int flags) {
            onCommandLine(text, ts, flags);
        }
    }

    private final class ReplyLines implements LineFramer.Sink {
        @Override
        public void line(String text, long ts, int flags) {
            onReplyLine(text, ts, flags);
        }
    }

    private final class Replies implements ReplyAssembler.Sink {
        @Override
        public void reply(Reply r, long ts) {
            onReply(r, ts);
        }
    }

    private void onCommandLine(String text, long ts, int flags) {
        boolean truncated = count(flags);
        if (stopParsing) {
            return;
        }
        Command c = CommandParser.parse(text, truncated);
        if (resyncClient) {
            resyncClient = false;
            if (!c.valid() || !CommandParser.KNOWN.contains(c.verb())) {
                session.linesSkippedAfterGap++;
                return;
            }
        }
        tracker.command(this, c, ts);
    }

    private void onReplyLine(String text, long ts, int flags) {
        boolean truncated = count(flags);
        if (stopParsing) {
            return;
        }
        if (resyncServer) {
            resyncServer = false;
            if (!replies.inMultiline() && ReplyAssembler.codeOf(text) == 0) {
                session.linesSkippedAfterGap++;
                return;
            }
        }
        replies.line(text, ts, truncated);
    }

    private boolean count(int flags) {
        if ((flags & LineFramer.TOO_LONG) != 0) {
            session.overLongLines++;
        }
        if ((flags & LineFramer.CUT_BY_GAP) != 0) {
            session.linesCutByGap++;
        }
        if ((flags & LineFramer.BARE_LF) != 0) {
            session.bareLfLines++;
        }
        return (flags & (LineFramer.TOO_LONG | LineFramer.CUT_BY_GAP)) != 0;
    }

    private void onReply(Reply r, long ts) {
        tracker.reply(this, r, ts);
    }

    @Override
    public void onData(Connection c, boolean fromClient, long ts, byte[] b, int off, int len) {
        session.endTs = ts;
        if (stopParsing) {
            return;
        }
        (fromClient ? clientLines : serverLines).feed(ts, b, off, len);
    }

    @Override
    public void onGap(Connection c, boolean fromClient, long ts, long bytes) {
        session.controlGapBytes += bytes;
        if (stopParsing) {
            return;
        }
        (fromClient ? clientLines : serverLines).gap(ts);
        if (fromClient) {
            resyncClient = true;
        } else {
            resyncServer = true;
        }
    }

    @Override
    public void onEnd(Connection c, boolean fromClient, long ts) {
        if (stopParsing) {
            return;
        }
        if (fromClient) {
            clientLines.end(ts);
        } else {
            serverLines.end(ts);
            replies.flush(ts);
        }
    }

    @Override
    public void onClose(Connection c, long ts) {
        session.endTs = Math.max(session.endTs, c.lastTs());
        tracker.controlClosed(this, ts);
    }
}
