package io.ftpscope.output;

import io.ftpscope.session.SessionSink;
import java.io.IOException;

/** An output: consumes the event stream, then writes its closing part (stats) once input ends. */
public interface OutputSink extends SessionSink {
    void close(RunTotals totals) throws IOException;
}
