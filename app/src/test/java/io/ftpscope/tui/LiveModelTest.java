package io.ftpscope.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ftpscope.cli.Pipeline;
import io.ftpscope.output.Redactor;
import io.ftpscope.session.FtpSessionTracker;
import io.ftpscope.session.SessionConfig;
import io.ftpscope.tcp.ReassemblyConfig;
import io.ftpscope.testutil.Conversation;
import io.ftpscope.testutil.TestPaths;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The terminal view's model on real and scripted captures: what it keeps, and explanations on demand. */
class LiveModelTest {
    @TempDir
    Path dir;

    private static LiveModel read(Path pcap) {
        LiveModel model = new LiveModel(new Redactor(false));
        FtpSessionTracker tracker = new FtpSessionTracker(SessionConfig.defaults(), model);
        Pipeline p = new Pipeline(tracker, ReassemblyConfig.defaults());
        p.readFiles(List.of(pcap.toString()), null);
        p.finish();
        tracker.finish();
        return model;
    }

    private static Map<String, SessionRow> rows(LiveModel m) {
        return m.current().sessions().stream().collect(Collectors.toMap(SessionRow::id, Function.identity()));
    }

    @Test
    void explanationsAreBuiltWhenAskedForAndOnlyThen() {
        LiveModel m = read(TestPaths.root().resolve("captures/parallel-sessions.pcap"));
        m.publish(0, -1, 0, true); // events may still come: a request waits for the next publish
        assertTrue(rows(m).values().stream().allMatch(r -> r.finished() && r.explain().isEmpty()), "nothing built unasked");
        m.wantExplanation("S1");
        assertTrue(rows(m).get("S1").explain().isEmpty(), "built by the producing thread, not the caller");
        m.publish(0, -1, 0, true);
        List<String> s1 = rows(m).get("S1").explain();
        assertTrue(s1.stream().anyMatch(l -> l.contains("Transfer 1: RETR")), String.join("\n", s1));
        assertTrue(rows(m).get("S2").explain().isEmpty());

        m.publish(0, -1, 0, false); // the producer is done: a request is answered at once
        m.wantExplanation("S2");
        assertTrue(rows(m).get("S2").explain().stream().anyMatch(l -> l.contains("Transfer 1: RETR")));
        assertEquals(s1, rows(m).get("S1").explain(), "built once");
        m.wantExplanation("S9"); // no such session: nothing happens
    }

    /** 40 sessions that never end, then 2,100 that do: the newest finished ones and every live one are kept. */
    @Test
    void finishedSessionsBeyondTheCapAreForgottenOldestFirst() throws Exception {
        Conversation.Capture cap = new Conversation.Capture();
        int open = 40;
        int closed = 2100;
        for (int i = 0; i < open; i++) {
            cap.tcp("192.0.2.10", 20_000 + i, "192.0.2.20", 21).handshake().server("220 hi\r\n").client("USER a\r\n").server("331 pw\r\n");
        }
        for (int i = 0; i < closed; i++) {
            cap.tcp("192.0.2.11", 30_000 + i, "192.0.2.20", 21).handshake().server("220 hi\r\n").client("QUIT\r\n").server("221 bye\r\n")
                    .close();
        }
        LiveModel model = new LiveModel(new Redactor(false));
        FtpSessionTracker tracker = new FtpSessionTracker(SessionConfig.defaults(), model);
        Pipeline p = new Pipeline(tracker, ReassemblyConfig.defaults());
        p.readFiles(List.of(cap.write(dir.resolve("many.pcap")).toString()), null);
        model.publish(0, -1, 0, true); // before the end of input: the first 40 are still open
        Map<String, SessionRow> rows = rows(model);
        assertEquals(LiveModel.MAX_SESSIONS, rows.size());
        assertEquals(open + closed, model.current().sessionsTotal());
        for (int i = 1; i <= open; i++) {
            assertTrue(rows.containsKey("S" + i) && !rows.get("S" + i).finished(), "live session S" + i + " kept");
        }
        int firstKept = open + closed - (LiveModel.MAX_SESSIONS - open) + 1;
        assertTrue(!rows.containsKey("S" + (firstKept - 1)) && rows.containsKey("S" + firstKept) && rows.containsKey("S" + (open + closed)),
                "the oldest finished sessions go first: " + rows.keySet().stream().sorted().limit(50).toList());
    }
}
