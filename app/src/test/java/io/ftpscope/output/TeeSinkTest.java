package io.ftpscope.output;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ftpscope.session.SessionSink;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

/** `read` skips the diagnoser only when no output would show its findings. */
class TeeSinkTest {
    private static ZeekFtpLogSink zeek() {
        return new ZeekFtpLogSink(new PrintStream(new ByteArrayOutputStream()), false);
    }

    private static JsonlSink jsonl() throws Exception {
        return new JsonlSink(new ByteArrayOutputStream(), new Redactor(false), null);
    }

    @Test
    void aZeekLogAloneReadsNoFindings() {
        assertFalse(zeek().readsDiagnostics());
        assertFalse(new TeeSink(zeek()).readsDiagnostics());
        assertFalse(new TeeSink(zeek(), zeek()).readsDiagnostics());
    }

    @Test
    void anyOtherOutputOrPlainSinkReadsThem() throws Exception {
        assertTrue(jsonl().readsDiagnostics());
        assertTrue(new TeeSink(zeek(), jsonl()).readsDiagnostics(), "a Zeek log teed to Kafka's JSONL");
        assertTrue(new TeeSink(jsonl(), zeek()).readsDiagnostics());
        assertTrue(new TeeSink(zeek(), new SessionSink() { }).readsDiagnostics(), "a model or counter may read anything");
    }
}
