package io.ftpscope.explain;

import io.ftpscope.output.OutputSink;
import io.ftpscope.output.RunTotals;
import io.ftpscope.output.Summary;
import io.ftpscope.session.FtpSession;
import java.io.PrintStream;

/** `ftpscope explain`: each finished session as a narrative, optionally followed by its ladder diagram. */
public final class ExplainSink implements OutputSink {
    private final PrintStream out;
    private final boolean ladder;
    private final Narrative narrative = new Narrative();
    private int sessions;

    public ExplainSink(PrintStream out, boolean ladder) {
        this.out = out;
        this.ladder = ladder;
    }

    @Override
    public void sessionEnd(FtpSession s) {
        sessions++;
        narrative.tell(s).forEach(out::println);
        if (ladder) {
            Ladder.draw(s).forEach(out::println);
            out.println();
        }
    }

    @Override
    public void close(RunTotals t) {
        if (sessions == 0) {
            out.println("No FTP sessions found.");
            out.println();
        }
        Summary.text(out, t.inputs(), t.decode(), t.tcp());
    }
}
