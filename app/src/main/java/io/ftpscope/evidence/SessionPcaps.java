package io.ftpscope.evidence;

import io.ftpscope.capture.PcapWriter;
import io.ftpscope.session.DataConn;
import io.ftpscope.session.FtpSession;
import io.ftpscope.session.SessionSink;
import io.ftpscope.tcp.Connection;
import io.ftpscope.tcp.FrameTap;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code --write-sessions DIR}: one pcap per FTP session (DIR/S1.pcap) with the raw frames of its
 * control connection and of every data connection linked to it, for Wireshark. Frames are filed by
 * the connection the reassembler put them in, so a data connection's frames are included from the
 * moment it is linked (its SYN, for announced connections). Open files are bounded; a file is
 * reopened to append when its session sends more.
 */
public final class SessionPcaps implements FrameTap, SessionSink, Closeable {
    /** Sessions remembered after they ended (late ACKs after the close still belong to them). */
    private static final int MAX_ENDED = 10_000;

    private final Path dir;
    private final OpenFiles<SessionFile> files;
    /** Keyed by session id, not the session, so ended sessions are not kept alive. */
    private final LinkedHashMap<String, SessionFile> bySession = new LinkedHashMap<>();
    /**
     * The reassembler lets go of a connection's session when it closes, but its last frames (the
     * FIN that closes it, a late ACK) still belong to the session: remember recent connections.
     */
    private final LinkedHashMap<Connection, SessionFile> recent = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Connection, SessionFile> e) {
            return size() > MAX_RECENT;
        }
    };
    private static final int MAX_RECENT = 65_536;
    private Connection lastConn;
    private SessionFile lastFile;
    private int ended;
    private long otherLinkTypeFrames;

    public SessionPcaps(Path dir, int maxOpenFiles) throws IOException {
        this.dir = dir.toAbsolutePath().normalize();
        Files.createDirectories(this.dir);
        this.files = new OpenFiles<>(maxOpenFiles);
    }

    @Override
    public void onFrame(int linkType, long tsNanos, byte[] buf, int off, int capLen, int origLen, Connection c) {
        if (c == null) {
            return;
        }
        try {
            SessionFile f = fileFor(c, linkType);
            if (f == null) {
                return;
            }
            if (f.linkType != linkType) {
                otherLinkTypeFrames++; // a pcap has one link type; mixed inputs keep the first
                return;
            }
            files.use(f);
            f.writer.write(tsNanos, buf, off, capLen, origLen);
            f.frames++;
        } catch (IOException e) {
            throw new UncheckedIOException("--write-sessions: " + e.getMessage(), e);
        }
    }

    private SessionFile fileFor(Connection c, int linkType) {
        if (c == lastConn) {
            return lastFile; // consecutive frames of one connection: no lookup
        }
        Object a = c.attachment;
        FtpSession s = a instanceof FtpSession fs ? fs : a instanceof DataConn d ? d.session : null;
        SessionFile f;
        if (s == null) {
            f = recent.get(c);
        } else {
            f = bySession.get(s.id);
            if (f == null) {
                f = new SessionFile(s.id, linkType);
                bySession.put(s.id, f);
            }
            recent.put(c, f);
        }
        lastConn = f == null ? null : c; // not yet linked: look again on its next frame
        lastFile = f;
        return f;
    }

    @Override
    public void sessionEnd(FtpSession s) {
        SessionFile f = bySession.get(s.id);
        if (f == null) {
            return;
        }
        f.ended = true;
        ended++;
        if (ended > MAX_ENDED) {
            Iterator<Map.Entry<String, SessionFile>> it = bySession.entrySet().iterator();
            while (it.hasNext() && ended > MAX_ENDED / 2) {
                SessionFile old = it.next().getValue();
                if (old.ended) {
                    release(old);
                    it.remove();
                    ended--;
                }
            }
        }
    }

    private void release(SessionFile f) {
        try {
            files.release(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Frames skipped because their link type differed from the session's first frame. */
    public long otherLinkTypeFrames() {
        return otherLinkTypeFrames;
    }

    /** Closes every file; pcaps of connections that turned out not to be FTP (never ended as a session) are removed. */
    @Override
    public void close() throws IOException {
        files.close();
        for (SessionFile f : bySession.values()) {
            if (!f.ended && f.path != null) {
                Files.deleteIfExists(f.path);
            }
        }
        bySession.clear();
    }

    private final class SessionFile implements OpenFiles.Reopenable {
        final String id;
        final int linkType;
        Path path;
        PcapWriter writer;
        long frames;
        boolean ended;

        SessionFile(String id, int linkType) {
            this.id = id;
            this.linkType = linkType;
        }

        @Override
        public void open() throws IOException {
            if (path == null) {
                String base = SafeNames.component(id, "session");
                for (int n = 0; writer == null; n++) {
                    Path p = dir.resolve(base + (n == 0 ? "" : "~" + n) + ".pcap");
                    try {
                        writer = new PcapWriter(Files.newOutputStream(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                                linkType, 262144);
                        path = p;
                    } catch (FileAlreadyExistsException e) {
                        // from an earlier run: keep it, take the next name
                    }
                }
            } else {
                writer = PcapWriter.appending(Files.newOutputStream(path, StandardOpenOption.APPEND));
            }
        }

        @Override
        public void closeFile() throws IOException {
            if (writer != null) {
                writer.close();
                writer = null;
            }
        }
    }
}
