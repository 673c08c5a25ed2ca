package io.ftpscope.output;

import io.ftpscope.session.SessionSink;
import java.io.IOException;

/** An output: consumes the event stream, then writes its closing part (stats) once input ends. */
public interface OutputSink extends SessionSink {
    void close(RunTotals totals) throws IOException;

    /**
     * Whether this output shows the diagnoser's findings. When no output does (a Zeek ftp.log on
     * its own), `read` does not diagnose at all: that work would be thrown away.
     */
    default boolean readsDiagnostics() {
        return true;
    }
}
