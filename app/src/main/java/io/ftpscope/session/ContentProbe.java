package io.ftpscope.session;

import io.ftpscope.ftp.CommandParser;
import io.ftpscope.ftp.ReplyAssembler;
import io.ftpscope.tcp.Connection;
import io.ftpscope.tcp.ConnectionListener;
import java.io.ByteArrayOutputStream;
import java.util.Set;

/**
 * Watches the first bytes of a connection on a port not configured as FTP. It is FTP when the server
 * greets with "220" and the client's first line is an FTP login-phase command; then the buffered
 * bytes are replayed into a real control channel. Anything else gives up and releases the buffer.
 */
final class ContentProbe implements ConnectionListener {
    static final int LIMIT = 1024;
    private static final Set<String> OPENING = Set.of("USER", "AUTH", "FEAT", "SYST", "OPTS", "HOST", "CLNT", "PASS", "QUIT", "HELP", "NOOP");
    private final FtpSessionTracker tracker;
    private ByteArrayOutputStream client = new ByteArrayOutputStream();
    private ByteArrayOutputStream server = new ByteArrayOutputStream();
    /** Arrival order of the buffered chunks, so the replay keeps it: true = from client. */
    private final java.util.List<long[]> order = new java.util.ArrayList<>();
    private boolean done;

    ContentProbe(FtpSessionTracker tracker) {
        this.tracker = tracker;
    }

    @Override
    public void onData(Connection c, boolean fromClient, long ts, byte[] b, int off, int len) {
        if (done) {
            return;
        }
        ByteArrayOutputStream o = fromClient ? client : server;
        int before = o.size();
        o.write(b, off, len);
        order.add(new long[] {fromClient ? 1 : 0, ts, before, len});
        decide(c);
    }

    private void decide(Connection c) {
        String s = firstLine(server);
        String cl = firstLine(client);
        if (s != null && !(ReplyAssembler.codeOf(s) == 220)) {
            giveUp(c);
            return;
        }
        if (cl != null) {
            String verb = CommandParser.parse(cl, false).verb();
            if (!OPENING.contains(verb)) {
                giveUp(c);
                return;
            }
        }
        if (s != null && cl != null) {
            done = true;
            ControlChannel ch = tracker.promote(c);
            byte[] cb = client.toByteArray();
            byte[] sb = server.toByteArray();
            for (long[] o : order) {
                boolean fromClient = o[0] == 1;
                ch.onData(c, fromClient, o[1], fromClient ? cb : sb, (int) o[2], (int) o[3]);
            }
            release();
            return;
        }
        if (client.size() + server.size() > LIMIT) {
            giveUp(c);
        }
    }

    private static String firstLine(ByteArrayOutputStream o) {
        byte[] b = o.toByteArray();
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') {
                int end = i > 0 && b[i - 1] == '\r' ? i - 1 : i;
                return new String(b, 0, end, java.nio.charset.StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    private void giveUp(Connection c) {
        done = true;
        release();
        c.setListener(null);
    }

    private void release() {
        client = null;
        server = null;
        order.clear();
    }

    @Override
    public void onGap(Connection c, boolean fromClient, long ts, long bytes) {
        if (!done) {
            giveUp(c);
        }
    }
}
