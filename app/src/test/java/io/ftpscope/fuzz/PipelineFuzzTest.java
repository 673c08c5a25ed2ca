package io.ftpscope.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.ftpscope.net.TcpSegment;
import io.ftpscope.output.JsonDocumentSink;
import io.ftpscope.output.Redactor;
import io.ftpscope.output.RunTotals;
import io.ftpscope.session.FtpSessionTracker;
import io.ftpscope.session.SessionConfig;
import io.ftpscope.tcp.TcpReassembler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The whole pipeline and the FTP session layer under fuzz data. */
class PipelineFuzzTest {

    /** Any bytes as a capture file: reader → decoder → reassembler → tracker → every output. */
    @FuzzTest
    void captureBytes(byte[] capture) {
        FuzzSupport.Result r = FuzzSupport.pipeline(capture);
        assertTrue(r.error() != null || r.framesDelivered() >= 0);
    }

    /** The shared corpus and the project's captures as seeds of the same target (read in place, never copied). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("seeds")
    void captureSeeds(Path file) throws IOException {
        FuzzSupport.Result r = FuzzSupport.pipeline(Files.readAllBytes(file));
        assertEquals(null, r.error(), file + " is a readable capture");
        assertTrue(r.decode().framesRead > 0);
    }

    static Stream<Path> seeds() {
        return Stream.concat(FuzzSupport.ownCaptures().stream(), FuzzSupport.sharedCaptures().stream());
    }

    private static final String[] CLIENT_LINES = {"USER anonymous", "PASS secret", "PORT 10,0,0,1,4,1", "EPRT |1|10.0.0.1|1025|",
        "EPRT |2|fd00::1|1025|", "LPRT 4,4,10,0,0,1,2,4,1", "PASV", "EPSV", "LPSV", "RETR f", "STOR f", "LIST", "ABOR", "REST 100",
        "TYPE I", "TYPE \u0001", "AUTH TLS", "QUIT", "NOOP", "FEAT"};
    private static final String[] SERVER_LINES = {"220 hi", "220-multi", "220 end", "331 pw", "230 ok", "530 no", "200 ok",
        "227 Entering Passive Mode (10,0,0,2,4,2).", "229 Entering Extended Passive Mode (|||1026|)",
        "228 Entering Long Passive Mode (4,4,10,0,0,2,2,4,3)", "150 Opening (123 bytes)", "226 done", "350 rest", "234 tls",
        "421 bye", "500 what", "no code", "125 go"};

    /**
     * A scripted control connection whose contents come from the fuzzer (commands, replies, raw bytes,
     * lost bytes) plus data connections to announced ports: reply pairing, expectations and the
     * session sinks under arbitrary orderings. Invariants: stored commands and pending state stay
     * under their caps, and the JSON document parses with consistent counts.
     */
    @FuzzTest
    void controlConversation(FuzzedDataProvider data) throws IOException {
        SessionConfig cfg = new SessionConfig(java.util.Set.of(21), java.util.Set.of(990), true, data.consumeInt(16, 200), 4, 3, 20,
                10, 2, 5, 300_000_000_000L, 3, 10_000_000_000L, 3, 5);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonDocumentSink json = new JsonDocumentSink(out, "fuzz", new Redactor(false));
        FtpSessionTracker t = new FtpSessionTracker(cfg, json);
        TcpReassembler r = FuzzSupport.reassembler(t);
        int client = 0x0a000001;
        int server = 0x0a000002;
        int[] cseq = {1000, 1000, 1000};
        int[] sseq = {5000, 5000, 5000};
        long ts = 1_000_000_000L;
        for (int k = 0; k < 3; k++) {
            r.process(FuzzSupport.segment(ts, client, 40000 + k, server, 21, true, cseq[k]++, 0, TcpSegment.SYN, new byte[0], 0, 0));
            r.process(FuzzSupport.segment(ts, client, 40000 + k, server, 21, false, sseq[k]++, cseq[k], TcpSegment.SYN | TcpSegment.ACK,
                    new byte[0], 0, 0));
        }
        int steps = 0;
        while (data.remainingBytes() > 0 && steps++ < 300) {
            int k = data.consumeInt(0, 2);
            ts += data.consumeLong(0, 400_000_000_000L);
            int what = data.consumeInt(0, 9);
            byte[] payload;
            boolean fromClient;
            switch (what) {
                case 0, 1, 2 -> {
                    fromClient = true;
                    payload = (data.pickValue(CLIENT_LINES) + "\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                }
                case 3, 4, 5 -> {
                    fromClient = false;
                    payload = (data.pickValue(SERVER_LINES) + "\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                }
                case 6 -> {
                    fromClient = data.consumeBoolean();
                    payload = data.consumeBytes(data.consumeInt(0, 300));
                }
                case 7 -> { // bytes the capture lost, acknowledged by the peer
                    fromClient = data.consumeBoolean();
                    int lost = data.consumeInt(1, 100);
                    if (fromClient) {
                        cseq[k] += lost;
                        r.process(FuzzSupport.segment(ts, client, 40000 + k, server, 21, false, sseq[k], cseq[k], TcpSegment.ACK,
                                new byte[0], 0, 0));
                    } else {
                        sseq[k] += lost;
                        r.process(FuzzSupport.segment(ts, client, 40000 + k, server, 21, true, cseq[k], sseq[k], TcpSegment.ACK,
                                new byte[0], 0, 0));
                    }
                    continue;
                }
                case 8 -> { // a data connection to an announced or random port, from either side
                    int port = data.pickValue(new int[] {1025, 1026, 1027, 1028, data.consumeInt(1, 65535)});
                    boolean active = data.consumeBoolean();
                    int dseq = data.consumeInt();
                    TcpSegment syn = active
                            ? FuzzSupport.segment(ts, client, port, server, 20, false, dseq, 0, TcpSegment.SYN, new byte[0], 0, 0)
                            : FuzzSupport.segment(ts, client, 50000 + k, server, port, true, dseq, 0, TcpSegment.SYN, new byte[0], 0, 0);
                    r.process(syn);
                    byte[] body = data.consumeBytes(data.consumeInt(0, 100));
                    TcpSegment d = active
                            ? FuzzSupport.segment(ts, client, port, server, 20, false, dseq + 1, 0, TcpSegment.ACK | TcpSegment.FIN, body, 0,
                            body.length)
                            : FuzzSupport.segment(ts, client, 50000 + k, server, port, true, dseq + 1, 0, TcpSegment.ACK | TcpSegment.FIN,
                            body, 0, body.length);
                    r.process(d);
                    continue;
                }
                default -> { // close the control connection
                    r.process(FuzzSupport.segment(ts, client, 40000 + k, server, 21, data.consumeBoolean(), 0, 0, TcpSegment.RST,
                            new byte[0], 0, 0));
                    continue;
                }
            }
            int seq = fromClient ? cseq[k] : sseq[k];
            r.process(FuzzSupport.segment(ts, client, 40000 + k, server, 21, fromClient, seq, fromClient ? sseq[k] : cseq[k],
                    TcpSegment.ACK | TcpSegment.PSH, payload, 0, payload.length));
            if (fromClient) {
                cseq[k] += payload.length;
            } else {
                sseq[k] += payload.length;
            }
        }
        r.flushAll();
        t.finish();
        json.close(new RunTotals(List.of(), new io.ftpscope.net.DecodeStats(), r.stats(), t.stats()));
        JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toByteArray());
        assertTrue(doc.path("sessions").size() <= t.stats().sessions);
        for (JsonNode s : doc.path("sessions")) {
            assertTrue(s.path("commands").size() <= cfg.maxCommandsPerSession(), "stored commands are capped");
            assertTrue(s.path("transfers").size() <= cfg.maxTransfersPerSession(), "stored transfers are capped");
            assertTrue(s.path("commands_dropped").asLong() >= 0);
            for (JsonNode c : s.path("commands")) {
                if ("PASS".equals(c.path("command").asText())) {
                    JsonNode arg = c.path("arg"); // null for a bare "PASS": nothing to hide
                    assertTrue(arg.isNull() || "****".equals(arg.asText()), "passwords stay masked: " + arg);
                }
            }
        }
        assertTrue(doc.path("unlinked_data_connections").size() <= cfg.maxUnlinkedReported());
    }
}
