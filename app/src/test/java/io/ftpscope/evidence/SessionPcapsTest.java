package io.ftpscope.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ftpscope.capture.CaptureFileReader;
import io.ftpscope.testutil.Project;
import io.ftpscope.testutil.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * --write-sessions: each session's pcap holds exactly the frames of its control connection and its
 * data connections, counted independently by tshark on the original capture.
 */
class SessionPcapsTest {
    @TempDir
    Path out;

    /** tshark display filter for the TCP connections between these endpoint pairs. */
    static String filter(List<String[]> conns) {
        List<String> parts = new ArrayList<>();
        for (String[] c : conns) {
            String ip = c[0].contains(":") ? "ipv6.addr" : "ip.addr";
            parts.add("(" + ip + "==" + c[0] + " && " + ip + "==" + c[2] + " && tcp.port==" + c[1] + " && tcp.port==" + c[3] + ")");
        }
        return String.join(" || ", parts);
    }

    static String[] ends(JsonNode a, JsonNode b) {
        return new String[] {a.get("ip").asText(), a.get("port").asText(), b.get("ip").asText(), b.get("port").asText()};
    }

    @ParameterizedTest
    @ValueSource(strings = {"parallel-sessions.pcap", "lftp-mixed.pcap", "active-port.pcap", "ipv6-epsv.pcap", "nat-pasv.pcap"})
    void eachSessionPcapHoldsExactlyItsFrames(String capture) throws Exception {
        Path orig = Project.captures().resolve(capture);
        Project.Run r = Project.run("read", "--format", "json", "--write-sessions", out.toString(), orig.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        List<String> expectedFiles = new ArrayList<>();
        for (JsonNode s : doc.get("sessions")) {
            List<String[]> conns = new ArrayList<>();
            conns.add(ends(s.get("client"), s.get("server")));
            for (JsonNode d : s.get("data_connections")) {
                conns.add(ends(d.get("tcp_client"), d.get("tcp_server")));
            }
            String f = filter(conns);
            long want = TestPaths.run("tshark", "-r", orig.toString(), "-Y", f).lines().count();
            Path pcap = out.resolve(s.get("id").asText() + ".pcap");
            expectedFiles.add(pcap.getFileName().toString());
            long got;
            try (CaptureFileReader in = CaptureFileReader.open(pcap.toString())) {
                in.run((lt, ts, buf, off, cap, origLen) -> { });
                got = in.frames();
                assertEquals(null, in.damage());
            }
            assertEquals(want, got, capture + " " + s.get("id").asText() + ": frames of " + f);
            // Wireshark's reader agrees, and nothing outside the session slipped in
            assertEquals(got, TestPaths.run("tshark", "-r", pcap.toString()).lines().count());
            assertEquals(got, TestPaths.run("tshark", "-r", pcap.toString(), "-Y", f).lines().count());
            assertTrue(got > 10);
        }
        try (Stream<Path> st = Files.list(out)) {
            assertEquals(expectedFiles.stream().sorted().toList(), st.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
