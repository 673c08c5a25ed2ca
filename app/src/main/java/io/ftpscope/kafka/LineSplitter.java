package io.ftpscope.kafka;

import java.io.OutputStream;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Cuts what a {@link io.ftpscope.output.JsonlSink} writes back into its lines, so that each JSONL
 * event becomes one Kafka record with exactly the bytes `--format jsonl` prints (without the '\n').
 * A JSON line can hold no raw newline (strings escape it) and no UTF-8 sequence contains the byte
 * 0x0A, so every '\n' ends an event.
 */
public final class LineSplitter extends OutputStream {
    private final Consumer<byte[]> lines;
    private byte[] buf = new byte[1024];
    private int len;

    public LineSplitter(Consumer<byte[]> lines) {
        this.lines = lines;
    }

    @Override
    public void write(int b) {
        if (b == '\n') {
            emit();
        } else {
            ensure(1);
            buf[len++] = (byte) b;
        }
    }

    @Override
    public void write(byte[] b, int off, int n) {
        int end = off + n;
        int from = off;
        for (int i = off; i < end; i++) {
            if (b[i] == '\n') {
                append(b, from, i - from);
                emit();
                from = i + 1;
            }
        }
        append(b, from, end - from);
    }

    /** Bytes after the last newline; JsonlSink always ends its lines, so this is empty between events. */
    public int pending() {
        return len;
    }

    /** A line left unterminated at the end is still an event: hand it on rather than lose it. */
    @Override
    public void close() {
        if (len > 0) {
            emit();
        }
    }

    private void append(byte[] b, int off, int n) {
        if (n > 0) {
            ensure(n);
            System.arraycopy(b, off, buf, len, n);
            len += n;
        }
    }

    private void emit() {
        byte[] line = Arrays.copyOf(buf, len);
        len = 0;
        lines.accept(line);
    }

    private void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }
}
