package io.ftpscope.evidence;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One direction of one data connection: hashes the bytes and, when extracting, streams them to a
 * temporary file (named later, once the transfer command is known). Nothing is held in memory but
 * a write buffer while the file is open. A gap leaves a hole (the file is sparse there) so later
 * bytes stay at their true offsets, and stops the hashes: a hash over missing bytes identifies nothing.
 */
final class ContentWriter implements OpenFiles.Reopenable {
    static final int MAX_GAPS_LISTED = 1000;

    private final Path temp;
    private final MessageDigest sha256;
    private final MessageDigest md5;
    private OutputStream out;
    private boolean created;
    /** Position of the next byte in the file: bytes received plus holes. */
    long length;
    long bytes;
    long gapBytes;
    /** {offset, length} of each hole, the first MAX_GAPS_LISTED of them. */
    final List<long[]> gaps = new ArrayList<>();

    ContentWriter(Path temp) {
        this.temp = temp;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 and MD5 are required by every Java platform", e);
        }
    }

    Path temp() {
        return temp;
    }

    boolean extracting() {
        return temp != null;
    }

    void write(byte[] b, int off, int len) throws IOException {
        if (gapBytes == 0) {
            sha256.update(b, off, len);
            md5.update(b, off, len);
        }
        if (out != null) {
            out.write(b, off, len);
        }
        bytes += len;
        length += len;
    }

    void gap(long n) throws IOException {
        if (gaps.size() < MAX_GAPS_LISTED) {
            gaps.add(new long[] {length, n});
        }
        gapBytes += n;
        if (out != null) {
            closeFile(); // reopening positions the stream after the hole
        }
        length += n;
    }

    String sha256() {
        return gapBytes == 0 ? HexFormat.of().formatHex(sha256.digest()) : null;
    }

    String md5() {
        return gapBytes == 0 ? HexFormat.of().formatHex(md5.digest()) : null;
    }

    boolean isOpen() {
        return out != null;
    }

    @Override
    public void open() throws IOException {
        if (!created) {
            out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            created = true;
        } else {
            var ch = java.nio.channels.FileChannel.open(temp, StandardOpenOption.WRITE);
            ch.position(length); // past the end after a gap: the hole stays sparse
            out = java.nio.channels.Channels.newOutputStream(ch);
        }
        out = new java.io.BufferedOutputStream(out, 1 << 16);
    }

    @Override
    public void closeFile() throws IOException {
        if (out != null) {
            OutputStream o = out;
            out = null;
            o.close();
        }
    }

    /** Makes the file exist with its full length (a trailing hole included), ready to be moved. */
    void finishFile() throws IOException {
        closeFile();
        if (!created) {
            Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
            created = true;
        }
        if (Files.size(temp) < length) {
            try (var ch = java.nio.channels.FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(new byte[1]), length - 1); // extends sparsely
            }
        }
    }
}
