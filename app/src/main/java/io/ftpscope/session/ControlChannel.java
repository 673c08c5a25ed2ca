package io.ftpscope.session;

import io.ftpscope.ftp.Command;
import io.ftpscope.ftp.CommandParser;
import io.ftpscope.ftp.LineFramer;
import io.ftpscope.ftp.Reply;
import io.ftpscope.ftp.ReplyAssembler;
import io.ftpscope.tcp.Connection;
import io.ftpscope.tcp.ConnectionListener;

/** Bytes of a control connection → lines → commands and replies, handed to the tracker. */
final class ControlChannel implements ConnectionListener {
    private final FtpSessionTracker tracker;
    final FtpSession session;
    private final LineFramer clientLines;
    private final LineFramer serverLines;
    private final ReplyAssembler replies;
    /** Set once TLS starts: the rest of the bytes are ciphertext. */
    boolean stopParsing;

    ControlChannel(FtpSessionTracker tracker, FtpSession session, SessionConfig cfg) {
        this.tracker = tracker;
        this.session = session;
        this.replies = new ReplyAssembler(this::onReply, cfg.maxReplyLines());
        this.clientLines = new LineFramer(cfg.maxLine(), (text, ts, truncated, bareLf) -> onCommandLine(text, ts, truncated));
        this.serverLines = new LineFramer(cfg.maxLine(), (text, ts, truncated, bareLf) -> onReplyLine(text, ts, truncated));
        this.stopParsing = session.encrypted();
    }

    private void onCommandLine(String text, long ts, boolean truncated) {
        if (truncated) {
            session.overLongLines++;
        }
        if (stopParsing) {
            return;
        }
        Command c = CommandParser.parse(text, truncated);
        tracker.command(this, c, ts);
    }

    private void onReplyLine(String text, long ts, boolean truncated) {
        if (truncated) {
            session.overLongLines++;
        }
        if (stopParsing) {
            return;
        }
        replies.line(text, ts, truncated);
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
        (fromClient ? clientLines : serverLines).gap();
        if (!fromClient) {
            replies.flush(ts);
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
