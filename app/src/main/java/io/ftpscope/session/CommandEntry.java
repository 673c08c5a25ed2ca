package io.ftpscope.session;

import java.util.ArrayList;
import java.util.List;

/** One command and the replies paired with it; an unsolicited reply is an entry whose verb is null. */
public final class CommandEntry {
    public final long ts;
    /** The frame that completed the command line (0 for unsolicited entries: see the reply's frame). */
    public final long frame;
    public final String verb;
    public final String arg;
    public final boolean valid;
    public final boolean truncated;
    /** 1xx replies; an empty immutable list until the first one (most commands get none). */
    public List<TimedReply> preliminary = List.of();
    public TimedReply reply;
    /** A line without a reply code that arrived while this command waited (see FtpSessionTracker). */
    TimedReply malformed;
    /** The transfer this command started, if it is one. */
    public Transfer transfer;

    public CommandEntry(long ts, long frame, String verb, String arg, boolean valid, boolean truncated) {
        this.ts = ts;
        this.frame = frame;
        this.verb = verb;
        this.arg = arg;
        this.valid = valid;
        this.truncated = truncated;
    }

    static CommandEntry unsolicited(TimedReply r) {
        CommandEntry e = new CommandEntry(r.ts(), r.frame(), null, null, true, false);
        e.reply = r;
        return e;
    }

    void addPreliminary(TimedReply r) {
        if (preliminary.isEmpty()) {
            preliminary = new ArrayList<>(1);
        }
        if (preliminary.size() < 16) {
            preliminary.add(r);
        }
    }

    public boolean isUnsolicited() {
        return verb == null;
    }

    public int replyCode() {
        return reply == null ? 0 : reply.reply().code();
    }
}
