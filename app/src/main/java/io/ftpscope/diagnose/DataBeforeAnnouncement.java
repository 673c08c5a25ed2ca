package io.ftpscope.diagnose;

import io.ftpscope.net.Addresses;
import io.ftpscope.session.CommandEntry;
import io.ftpscope.session.DataConn;
import io.ftpscope.session.Diagnostic;
import io.ftpscope.session.FtpSession;
import java.util.ArrayList;
import java.util.List;

/**
 * A data connection that appears in the capture before the PORT/PASV that announced it: the capture
 * lost and later saw a retransmitted announcement, or the capture point reorders packets.
 */
final class DataBeforeAnnouncement implements Rule {
    @Override
    public String code() {
        return "data-before-announcement";
    }

    @Override
    public String severity() {
        return INFO;
    }

    @Override
    public void check(FtpSession s, List<Diagnostic> out) {
        for (DataConn d : s.dataConns) {
            if (!"expectation-late".equals(d.linkedBy)) {
                continue;
            }
            List<Long> frames = new ArrayList<>();
            frames.add(d.conn.firstFrame());
            CommandEntry announcement = null;
            for (CommandEntry e : s.commands) {
                if (e.verb == null || !e.verb.equals(d.via) || announcement != null) {
                    continue;
                }
                // PORT announces when sent; PASV/EPSV only when the server's reply arrives
                long announcedAt = Evidence.isActiveVerb(e.verb) ? e.ts : e.reply == null ? Long.MIN_VALUE : e.reply.ts();
                if (announcedAt >= d.conn.startTs()) {
                    announcement = e;
                    frames.addAll(Evidence.framesOf(e));
                }
            }
            String cause = "The data connection " + Addresses.endpoint(d.conn.clientIp(), d.conn.clientPort()) + " -> "
                    + Addresses.endpoint(d.conn.serverIp(), d.conn.serverPort()) + " appears in the capture before the " + d.via
                    + " that announced it: the capture saw the announcement late (a retransmission) or reorders packets.";
            String fix = "Nothing to fix in FTP; if it happens often, check the capture point (span port, load balancer) for loss"
                    + " and reordering.";
            out.add(found(cause, fix, frames));
        }
    }
}
