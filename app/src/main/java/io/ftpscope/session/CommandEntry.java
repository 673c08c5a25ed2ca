package io.ftpscope.session;

import io.ftpscope.ftp.DataChannelArgs;
import io.ftpscope.ftp.HostPort;
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

    private HostPort announced;
    private boolean announcedFinal;

    /**
     * The address and port this command announced for a data connection, parsed once for the
     * tracker, the rules and the outputs: a PORT, EPRT or LPRT argument, or the text of a PASV 227,
     * EPSV 229 or LPSV 228 reply. Null when there is none (yet) or it is malformed.
     */
    public HostPort announced() {
        if (announcedFinal || verb == null) {
            return announced;
        }
        switch (verb) {
            case "PORT" -> announced = DataChannelArgs.port(arg);
            case "EPRT" -> announced = DataChannelArgs.eprt(arg);
            case "LPRT" -> announced = DataChannelArgs.lprt(arg);
            case "PASV", "EPSV", "LPSV" -> {
                if (reply == null) {
                    return null; // not final until the reply is here
                }
                int code = reply.reply().code();
                String text = reply.reply().lastText();
                announced = verb.equals("PASV") ? (code == 227 ? DataChannelArgs.pasv(text) : null)
                        : verb.equals("EPSV") ? (code == 229 ? DataChannelArgs.epsv(text) : null)
                        : code == 228 ? DataChannelArgs.lpsv(text) : null;
            }
            default -> announced = null;
        }
        announcedFinal = true;
        return announced;
    }

    public boolean isUnsolicited() {
        return verb == null;
    }

    public int replyCode() {
        return reply == null ? 0 : reply.reply().code();
    }
}
