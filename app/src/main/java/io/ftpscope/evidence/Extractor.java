package io.ftpscope.evidence;

import io.ftpscope.session.DataConn;
import io.ftpscope.session.DataContentListener;
import io.ftpscope.session.FtpSession;
import io.ftpscope.session.SessionSink;
import io.ftpscope.session.Transfer;
import io.ftpscope.session.TransferContent;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hashes (SHA-256, MD5) the bytes of every data connection and, with a directory, writes them out:
 * {@code DIR/S1/0001-RETR-big.bin}. Bytes often arrive before the transfer command (passive mode
 * connects first), so they go to a temporary file that is named when the session ends and
 * everything about the transfer is known. Must see {@code sessionEnd} before the output sink does,
 * so the JSON and the report carry the hashes.
 */
public final class Extractor implements DataContentListener, SessionSink, Closeable {
    private final Path dir;
    private final Path tempDir;
    private final OpenFiles<ContentWriter> files;
    private final Map<DataConn, ContentWriter[]> writers = new IdentityHashMap<>();
    private long nextTemp;
    private long written;

    /** Hashes only, writes nothing. */
    public static Extractor hashOnly() {
        try {
            return new Extractor(null, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // nothing is opened without a directory
        }
    }

    /** Hashes and writes every transfer under dir (created if missing), at most maxOpenFiles open at once. */
    public static Extractor into(Path dir, int maxOpenFiles) throws IOException {
        return new Extractor(dir, maxOpenFiles);
    }

    private Extractor(Path dir, int maxOpenFiles) throws IOException {
        this.dir = dir == null ? null : dir.toAbsolutePath().normalize();
        if (this.dir != null) {
            Files.createDirectories(this.dir);
            tempDir = Files.createTempDirectory(this.dir, ".ftpscope-partial-");
        } else {
            tempDir = null;
        }
        files = new OpenFiles<>(maxOpenFiles);
    }

    /** Files written so far. */
    public long filesWritten() {
        return written;
    }

    @Override
    public void onData(DataConn d, boolean fromFtpServer, byte[] b, int off, int len) {
        ContentWriter w = writer(d, fromFtpServer);
        try {
            if (w.extracting()) {
                files.use(w);
            }
            w.write(b, off, len);
        } catch (IOException e) {
            throw new UncheckedIOException("extraction: " + e.getMessage(), e);
        }
    }

    @Override
    public void onGap(DataConn d, boolean fromFtpServer, long bytes) {
        try {
            ContentWriter w = writer(d, fromFtpServer);
            files.release(w);
            w.gap(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("extraction: " + e.getMessage(), e);
        }
    }

    private ContentWriter writer(DataConn d, boolean fromFtpServer) {
        ContentWriter[] pair = writers.computeIfAbsent(d, k -> new ContentWriter[2]);
        int i = fromFtpServer ? 0 : 1;
        if (pair[i] == null) {
            pair[i] = new ContentWriter(tempDir == null ? null : tempDir.resolve(Long.toString(nextTemp++)));
        }
        return pair[i];
    }

    /** Every data connection of the session is closed and its transfer known: name the files, record the hashes. */
    @Override
    public void sessionEnd(FtpSession s) {
        try {
            for (DataConn d : s.dataConns) {
                finish(s, d);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("extraction: " + e.getMessage(), e);
        }
    }

    private void finish(FtpSession s, DataConn d) throws IOException {
        ContentWriter[] pair = writers.remove(d);
        Transfer t = d.transfer;
        boolean upload = t != null && "upload".equals(t.direction);
        ContentWriter w;
        ContentWriter other;
        if (t == null || t.direction == null) { // unknown direction: the side that carried bytes
            boolean serverSent = pair == null || pair[1] == null || (pair[0] != null && pair[0].bytes >= pair[1].bytes);
            w = pair == null ? null : pair[serverSent ? 0 : 1];
            other = pair == null ? null : pair[serverSent ? 1 : 0];
        } else {
            w = pair == null ? null : pair[upload ? 1 : 0];
            other = pair == null ? null : pair[upload ? 0 : 1];
        }
        discard(other);
        if (w == null) {
            if (t == null || !"complete".equals(t.status()) || !d.connected()) {
                return; // nothing was sent: no file, no hash (a failed RETR, an unanswered SYN)
            }
            w = new ContentWriter(tempDir == null ? null : tempDir.resolve(Long.toString(nextTemp++))); // an empty file
        }
        files.release(w);
        long expected = t == null ? w.bytes : t.bytes();
        String reason = IncompleteReason.of(t, d, w.bytes, w.gapBytes, expected);
        String file = null;
        if (w.extracting()) {
            w.finishFile();
            file = place(s, d, t, w, reason == null);
        }
        d.content = new TransferContent(w.bytes, w.sha256(), w.md5(), file, t == null ? 0 : t.rest, reason == null, reason);
    }

    private void discard(ContentWriter w) throws IOException {
        if (w != null) {
            files.release(w);
            if (w.temp() != null) {
                Files.deleteIfExists(w.temp());
            }
        }
    }

    /** Moves the temporary file to DIR/SESSION/NNNN-VERB-name[.offset-N][.partial], never outside DIR. */
    private String place(FtpSession s, DataConn d, Transfer t, ContentWriter w, boolean complete) throws IOException {
        Path sessionDir = dir.resolve(SafeNames.component(s.id, "session"));
        if (Files.isSymbolicLink(sessionDir)) {
            throw new IOException(sessionDir + " is a symbolic link: refusing to write through it");
        }
        Files.createDirectories(sessionDir);
        String base;
        if (t == null) {
            base = String.format("data%04d-unmatched", s.dataConns.indexOf(d) + 1);
        } else {
            String fallback = t.direction != null && t.direction.equals("listing") ? "listing" : "unnamed";
            base = String.format("%04d-%s-%s", s.transfers.indexOf(t) + 1, t.verb() == null ? "DATA" : t.verb(),
                    SafeNames.component(t.arg(), fallback));
        }
        String suffix = (t != null && t.rest > 0 ? ".offset-" + t.rest : "") + (complete ? "" : ".partial");
        for (int n = 0; ; n++) {
            String name = base + (n == 0 ? "" : "~" + n) + suffix;
            Path target = sessionDir.resolve(name).normalize();
            if (!target.getParent().equals(sessionDir.normalize()) || !target.startsWith(dir)) {
                throw new IOException("unsafe extraction name " + name); // cannot happen: SafeNames flattens
            }
            try {
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                Files.move(w.temp(), target);
            } catch (FileAlreadyExistsException e) {
                continue;
            }
            if (!w.gaps.isEmpty()) {
                writeGaps(sessionDir.resolve(name + ".gaps"), w);
            }
            written++;
            return dir.relativize(target).toString();
        }
    }

    /** Sidecar listing the holes, so nobody mistakes the zeros for data. */
    private static void writeGaps(Path p, ContentWriter w) throws IOException {
        StringBuilder b = new StringBuilder("# byte ranges missing from the capture (offset length); the file holds zeros there\n");
        for (long[] g : w.gaps) {
            b.append(g[0]).append(' ').append(g[1]).append('\n');
        }
        if (w.gaps.size() >= ContentWriter.MAX_GAPS_LISTED) {
            b.append("# more gaps not listed; ").append(w.gapBytes).append(" bytes missing in all\n");
        }
        Files.writeString(p, b.toString(), StandardCharsets.UTF_8);
    }

    /** End of the run: drops temporary files of connections that never became part of a finished session. */
    @Override
    public void close() throws IOException {
        files.close();
        List<ContentWriter> left = new ArrayList<>();
        writers.values().forEach(p -> {
            for (ContentWriter w : p) {
                if (w != null) {
                    left.add(w);
                }
            }
        });
        writers.clear();
        for (ContentWriter w : left) {
            discard(w);
        }
        if (tempDir != null) {
            try (var st = Files.list(tempDir)) {
                for (Path p : st.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(tempDir);
        }
    }
}
