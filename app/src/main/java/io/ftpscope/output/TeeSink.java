package io.ftpscope.output;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import io.ftpscope.session.SessionSink;

/**
 * One event stream to an output and further consumers (the terminal view's model, counters, a second
 * output such as Kafka); closing closes every output among them, in order, even when one fails.
 */
public final class TeeSink extends io.ftpscope.session.TeeSink implements OutputSink {
    private final List<OutputSink> outputs = new ArrayList<>();
    /** A sink that is not an output (a model, a counter) may read anything, findings included. */
    private boolean plainSinks;

    public TeeSink(OutputSink first, SessionSink... others) {
        super(first, others);
        outputs.add(first);
        for (SessionSink s : others) {
            if (s instanceof OutputSink o) {
                outputs.add(o);
            } else {
                plainSinks = true;
            }
        }
    }

    @Override
    public boolean readsDiagnostics() {
        return plainSinks || outputs.stream().anyMatch(OutputSink::readsDiagnostics);
    }

    @Override
    public void close(RunTotals totals) throws IOException {
        close(totals, 0);
    }

    private void close(RunTotals totals, int i) throws IOException {
        if (i == outputs.size()) {
            return;
        }
        try {
            outputs.get(i).close(totals);
        } finally {
            close(totals, i + 1);
        }
    }
}
