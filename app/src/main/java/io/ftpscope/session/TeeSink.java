package io.ftpscope.session;

/**
 * Hands every event to several sinks in order, so one (e.g. extraction) can finish its work before
 * the next writes. Not final: output.TeeSink adds the closing of an output on top.
 */
public class TeeSink implements SessionSink {
    private final SessionSink[] sinks;

    public TeeSink(SessionSink first, SessionSink... more) {
        sinks = new SessionSink[more.length + 1];
        sinks[0] = first;
        System.arraycopy(more, 0, sinks, 1, more.length);
    }

    @Override
    public void sessionStart(FtpSession s) {
        for (SessionSink k : sinks) {
            k.sessionStart(s);
        }
    }

    @Override
    public void command(FtpSession s, CommandEntry e) {
        for (SessionSink k : sinks) {
            k.command(s, e);
        }
    }

    @Override
    public void reply(FtpSession s, CommandEntry e, TimedReply r) {
        for (SessionSink k : sinks) {
            k.reply(s, e, r);
        }
    }

    @Override
    public void dataOpen(FtpSession s, DataConn d) {
        for (SessionSink k : sinks) {
            k.dataOpen(s, d);
        }
    }

    @Override
    public void dataClose(FtpSession s, DataConn d) {
        for (SessionSink k : sinks) {
            k.dataClose(s, d);
        }
    }

    @Override
    public void sessionEnd(FtpSession s) {
        for (SessionSink k : sinks) {
            k.sessionEnd(s);
        }
    }

    @Override
    public void unlinked(DataConn d) {
        for (SessionSink k : sinks) {
            k.unlinked(d);
        }
    }
}
