package io.ftpscope.output;

import java.io.IOException;
import io.ftpscope.session.SessionSink;

/** One event stream to an output and further consumers (the terminal view's model, counters); closing closes the output. */
public final class TeeSink extends io.ftpscope.session.TeeSink implements OutputSink {
    private final OutputSink first;

    public TeeSink(OutputSink first, SessionSink... others) {
        super(first, others);
        this.first = first;
    }

    @Override
    public void close(RunTotals totals) throws IOException {
        first.close(totals);
    }
}
