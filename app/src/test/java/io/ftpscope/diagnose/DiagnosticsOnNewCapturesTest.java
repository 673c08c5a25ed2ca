package io.ftpscope.diagnose;

import static io.ftpscope.diagnose.DiagnosticsOnRealCapturesTest.cap;
import static io.ftpscope.diagnose.DiagnosticsOnRealCapturesTest.diagnose;
import static io.ftpscope.diagnose.DiagnosticsOnRealCapturesTest.pasvPort;
import static io.ftpscope.diagnose.DiagnosticsOnRealCapturesTest.tshark;
import static io.ftpscope.diagnose.DiagnosticsOnRealCapturesTest.withCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ftpscope.diagnose.DiagnosticsOnRealCapturesTest.Found;
import io.ftpscope.testutil.Project;
import io.ftpscope.testutil.TestPaths;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fault captures recorded for the diagnostics (captures/README.md, "Fault captures"): each one was made so
 * that one code must appear. What is expected comes from the manifest (how the capture was made) and the frame
 * numbers from tshark's reading of the same file, never from ftpscope.
 */
class DiagnosticsOnNewCapturesTest {
    private static final ObjectMapper M = new ObjectMapper();
    static final List<String> FAULT_CAPTURES = List.of("passive-blocked.pcap", "passive-refused.pcap",
            "service-unavailable.pcap", "bounce-port.pcap", "brute-force.pcap");
    static final String PASSIVE_SYNS = "tcp.flags.syn==1 && tcp.flags.ack==0 && tcp.dstport>=40000 && tcp.dstport<=40100";

    @BeforeAll
    static void tsharkIsInstalled() {
        // the frame numbers are tshark's: without it these tests cannot prove anything, so they fail
        assertTrue(TestPaths.haveTool("tshark"), "tshark is needed (apt-get install tshark)");
    }

    static JsonNode manifest(String capture) throws IOException {
        return M.readTree(Project.captures().resolve("manifest.json").toFile()).get("captures").get(capture);
    }

    static List<Long> frames(String capture, String filter) {
        return tshark(cap(capture), filter);
    }

    static List<Long> sorted(List<Long> a, List<Long> b) {
        TreeSet<Long> s = new TreeSet<>(a);
        s.addAll(b);
        return new ArrayList<>(s);
    }

    @Test
    void theFaultCapturesAreInTheManifestAndSmall() throws IOException {
        long total = 0;
        for (String name : FAULT_CAPTURES) {
            JsonNode c = manifest(name);
            assertTrue(c != null && c.get("expected_diagnostics").size() > 0, name + " lacks expected_diagnostics");
            total += Files.size(cap(name));
        }
        assertTrue(total < 1_000_000, "fault captures take " + total + " bytes");
    }

    static Stream<String> faultCaptures() {
        return FAULT_CAPTURES.stream();
    }

    /** Each expected code, as often as the manifest says and with its severity; no other warning or error. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("faultCaptures")
    void theExpectedCodesAndNoOtherWarningOrError(String capture) throws IOException {
        List<Found> all = diagnose(capture);
        Set<String> expected = new HashSet<>();
        for (JsonNode d : manifest(capture).get("expected_diagnostics")) {
            String code = d.get("code").asText();
            expected.add(code);
            List<Found> f = withCode(all, code);
            assertEquals(d.get("reports").asInt(), f.size(), capture + " " + code + ": " + f);
            for (Found x : f) {
                assertEquals(d.get("severity").asText(), x.severity(), capture + " " + code);
                assertTrue(!x.frames().isEmpty(), capture + " " + code + " names no frame");
            }
        }
        List<Found> unexpected = all.stream().filter(d -> !d.severity().equals("info") && !expected.contains(d.code())).toList();
        assertTrue(unexpected.isEmpty(), capture + ": " + unexpected);
    }

    @Test
    void droppedPassiveSynsArePassiveConnectFailedWithThe227AndEverySyn() throws IOException {
        String capture = "passive-blocked.pcap";
        JsonNode m = manifest(capture);
        List<Long> syns = frames(capture, PASSIVE_SYNS);
        assertTrue(syns.size() >= 2, "the client retransmitted its SYN: " + syns);
        assertTrue(frames(capture, "tcp.srcport>=40000 && tcp.srcport<=40100").isEmpty(), "the server never answered from the passive range");
        List<Long> pasv = frames(capture, "ftp.request.command==\"PASV\" || ftp.response.code==227");
        assertEquals(2, pasv.size(), "one PASV and its 227");

        List<Found> f = withCode(diagnose(capture), "passive-connect-failed");
        assertEquals(1, f.size(), f.toString());
        Found d = f.get(0);
        assertEquals("error", d.severity());
        // curl gave up before RETR (manifest retr_sent=false): the evidence is PASV, 227 and the SYNs (the first 8)
        assertEquals(false, m.get("retr_sent").asBoolean());
        assertEquals(sorted(pasv, syns.subList(0, Math.min(8, syns.size()))), d.frames());

        String reply = TestPaths.run("tshark", "-r", cap(capture).toString(), "-Y", "ftp.response.code==227", "-T", "fields",
                "-e", "ftp.response.arg").strip();
        int port = Integer.parseInt(pasvPort(reply));
        assertTrue(port >= m.get("blocked_port_range").get(0).asInt() && port <= m.get("blocked_port_range").get(1).asInt(),
                port + " is in the blocked range");
        assertTrue(d.message().contains("to 10.0.0.2:" + port + " failed"), d.message());
        assertTrue(d.message().contains(syns.size() + " SYNs") && d.message().contains("never answered"), d.message());
        assertTrue(d.message().contains("something on the path drops it"), d.message());
        assertTrue(d.fix().contains("port " + port), d.fix());
    }

    @Test
    void aResetFromThePassiveRangeIsPassiveConnectFailedWithTheRst() throws IOException {
        String capture = "passive-refused.pcap";
        List<Long> syns = frames(capture, PASSIVE_SYNS);
        List<Long> rst = frames(capture, "tcp.flags.reset==1 && tcp.srcport>=40000 && tcp.srcport<=40100");
        assertEquals(1, syns.size(), "one SYN, answered at once");
        assertEquals(1, rst.size(), "one RST from the passive port");
        List<Long> pasv = frames(capture, "ftp.request.command==\"PASV\" || ftp.response.code==227");

        List<Found> f = withCode(diagnose(capture), "passive-connect-failed");
        assertEquals(1, f.size(), f.toString());
        assertEquals("error", f.get(0).severity());
        assertEquals(sorted(pasv, sorted(syns, rst)), f.get(0).frames());
        assertTrue(f.get(0).message().contains("refused with RST") && f.get(0).message().contains("nothing accepts connections"),
                f.get(0).message());
    }

    @Test
    void a421GreetingIsServiceUnavailableOnTheSecondSessionOnly() throws IOException {
        String capture = "service-unavailable.pcap";
        JsonNode m = manifest(capture);
        String out = TestPaths.run("tshark", "-r", cap(capture).toString(), "-Y", "ftp.response.code==421", "-T", "fields",
                "-e", "frame.number", "-e", "tcp.dstport").strip();
        String[] row = out.split("\\s+");
        assertEquals(2, row.length, "one 421: " + out);

        List<Found> f = withCode(diagnose(capture), "service-unavailable");
        assertEquals(1, f.size(), f.toString());
        Found d = f.get(0);
        assertEquals("error", d.severity());
        assertEquals(List.of(Long.parseLong(row[0])), d.frames(), "the 421 greeting");
        assertEquals(Integer.parseInt(row[1]), d.clientPort(), "raised on the session that was refused");
        assertTrue(m.get("second_client_greeting").asText().startsWith("421 "), "curl logged the 421");
        assertTrue(d.message().contains("421 There are too many connected users") && d.message().contains("as soon as the client connected"),
                d.message());
        assertTrue(d.fix().contains("max_clients"), d.fix());
    }

    @Test
    void aPortNamingAThirdHostIsFtpBounceWithThePortAndIts500() throws IOException {
        String capture = "bounce-port.pcap";
        JsonNode m = manifest(capture);
        List<Long> port = frames(capture, "ftp.request.command==\"PORT\" && ftp.request.arg==\"" + m.get("port_argument").asText() + "\"");
        List<Long> refused = frames(capture, "ftp.response.code==500");
        assertEquals(1, port.size());
        assertEquals(1, refused.size());
        assertTrue(frames(capture, "ip.addr==" + m.get("port_names").get("ip").asText()).isEmpty(), "nothing ever went to the third host");

        List<Found> f = withCode(diagnose(capture), "ftp-bounce");
        assertEquals(1, f.size(), f.toString());
        Found d = f.get(0);
        assertEquals("warning", d.severity());
        assertEquals(sorted(port, refused), d.frames());
        String target = m.get("port_names").get("ip").asText() + ":" + m.get("port_names").get("port").asInt();
        assertTrue(d.message().contains("sent PORT naming " + target) && d.message().contains("well-known service port"), d.message());
        assertTrue(d.message().contains("answered 500 Illegal PORT command"), d.message());
    }

    @Test
    void twentyFiveWrongPasswordsAreOneBruteForceAtTheTwentiethAndALoginFailedPerSession() throws IOException {
        String capture = "brute-force.pcap";
        JsonNode m = manifest(capture);
        int attempts = m.get("failed_logins").asInt();
        String out = TestPaths.run("tshark", "-r", cap(capture).toString(), "-Y", "ftp.response.code==530", "-T", "fields",
                "-e", "frame.number", "-e", "frame.time_epoch", "-e", "tcp.dstport");
        List<Long> failures = new ArrayList<>();
        List<BigDecimal> times = new ArrayList<>();
        Map<Integer, Long> failureOfPort = new HashMap<>();
        for (String line : out.strip().split("\n")) {
            String[] c = line.split("\t");
            failures.add(Long.parseLong(c[0]));
            times.add(new BigDecimal(c[1]));
            failureOfPort.put(Integer.parseInt(c[2]), Long.parseLong(c[0]));
        }
        assertEquals(attempts, failures.size(), "one 530 per attempt");
        assertEquals(attempts, failureOfPort.size(), "one connection per attempt");
        assertEquals(attempts, frames(capture, "tcp.flags.syn==1 && tcp.flags.ack==0 && tcp.dstport==21").size());

        List<Found> all = diagnose(capture);
        List<Found> bf = withCode(all, "brute-force");
        assertEquals(1, bf.size(), "one report per burst: " + bf);
        assertEquals("warning", bf.get(0).severity());
        assertEquals(failures.subList(0, 20), bf.get(0).frames(), "the first 20 failures (the default threshold)");
        long spanNanos = times.get(19).subtract(times.get(0)).movePointRight(9).longValueExact();
        String span = String.format(Locale.ROOT, "%.1f s", spanNanos / 1e9);
        assertTrue(bf.get(0).message().startsWith("10.0.0.1 had 20 failed logins on 1 FTP server in " + span), bf.get(0).message());

        List<Found> failed = withCode(all, "login-failed");
        assertEquals(attempts, failed.size());
        List<Long> pass = frames(capture, "ftp.request.command==\"PASS\"");
        List<Long> evidence = new ArrayList<>();
        for (Found d : failed) {
            assertEquals("error", d.severity());
            assertTrue(d.frames().contains(failureOfPort.get(d.clientPort())), d.clientPort() + ": its 530 is evidence: " + d.frames());
            evidence.addAll(d.frames());
        }
        assertEquals(sorted(pass, failures), new ArrayList<>(new TreeSet<>(evidence)), "every PASS and every 530, nothing else");

        assertTrue(withCode(diagnose(capture, "--brute-force-threshold", String.valueOf(attempts + 1)), "brute-force").isEmpty(),
                attempts + " failures stay under a threshold of " + (attempts + 1));
        List<Found> at = withCode(diagnose(capture, "--brute-force-threshold", String.valueOf(attempts)), "brute-force");
        assertEquals(1, at.size());
        assertEquals(failures, at.get(0).frames(), "all " + attempts + " failures at a threshold of " + attempts);
    }
}
