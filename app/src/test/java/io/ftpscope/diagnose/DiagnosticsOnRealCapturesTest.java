package io.ftpscope.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ftpscope.testutil.Project;
import io.ftpscope.testutil.TestPaths;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each diagnostic code on a real capture whose making proves it (captures/README.md, the Zeek and
 * Suricata corpora), with the frames checked against tshark's reading of the same file; and the
 * captures where a code must not appear.
 */
class DiagnosticsOnRealCapturesTest {
    private static final ObjectMapper M = new ObjectMapper();

    record Found(String session, int clientPort, String code, String severity, String message, String fix, List<Long> frames) {
    }

    static List<Found> diagnose(Path file, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("read", "--format", "json"));
        args.addAll(List.of(extra));
        args.add(file.toString());
        Project.Run r = Project.run(args.toArray(new String[0]));
        assertEquals(0, r.code(), file + ": " + r.err());
        List<Found> out = new ArrayList<>();
        for (JsonNode s : M.readTree(r.out()).get("sessions")) {
            for (JsonNode d : s.get("diagnostics")) {
                List<Long> frames = new ArrayList<>();
                d.get("frames").forEach(f -> frames.add(f.asLong()));
                out.add(new Found(s.get("id").asText(), s.get("client").get("port").asInt(), d.get("code").asText(),
                        d.get("severity").asText(), d.get("message").asText(), d.get("fix").asText(), frames));
            }
        }
        return out;
    }

    static List<Found> diagnose(String capture, String... extra) throws IOException {
        return diagnose(Project.captures().resolve(capture), extra);
    }

    static List<Found> withCode(List<Found> all, String code) {
        return all.stream().filter(f -> f.code().equals(code)).toList();
    }

    /** Frame numbers tshark finds for a display filter: the independent reading of the capture. */
    static List<Long> tshark(Path file, String filter) {
        String out = TestPaths.run("tshark", "-r", file.toString(), "-Y", filter, "-T", "fields", "-e", "frame.number");
        return Arrays.stream(out.split("\\s+")).filter(s -> !s.isBlank()).map(Long::parseLong).toList();
    }

    static Path cap(String name) {
        return Project.captures().resolve(name);
    }

    @Test
    void activeBlockedNamesTheServersUnansweredSynsAndThe425() throws IOException {
        List<Found> f = withCode(diagnose("active-blocked.pcap"), "active-connect-blocked");
        assertEquals(1, f.size(), "one blocked active connection");
        Found d = f.get(0);
        assertEquals("error", d.severity());
        List<Long> syns = tshark(cap("active-blocked.pcap"), "tcp.flags.syn==1 && tcp.flags.ack==0 && tcp.srcport==20");
        assertTrue(syns.size() >= 2, "the recording retransmitted the SYN: " + syns);
        assertTrue(d.frames().containsAll(syns), "every SYN from port 20 " + syns + " is evidence: " + d.frames());
        assertTrue(d.frames().containsAll(tshark(cap("active-blocked.pcap"), "ftp.response.code==425")), "the 425 is evidence");
        assertTrue(d.frames().containsAll(tshark(cap("active-blocked.pcap"), "ftp.request.command==\"PORT\"")), "the PORT is evidence");
        assertTrue(d.message().contains("10.0.0.2:20") && d.message().contains(syns.size() + " SYNs"), d.message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"active-port.pcap", "active-eprt.pcap", "lftp-mixed.pcap", "passive-pasv.pcap"})
    void workingDataConnectionsAreNotBlocked(String capture) throws IOException {
        List<Found> all = diagnose(capture);
        assertTrue(withCode(all, "active-connect-blocked").isEmpty(), capture + ": " + all);
        assertTrue(withCode(all, "passive-connect-failed").isEmpty(), capture + ": " + all);
    }

    @Test
    void natPasvAdvertisesThePrivateAddressInIts227() throws IOException {
        List<Found> f = withCode(diagnose("nat-pasv.pcap"), "pasv-private-address");
        assertEquals(1, f.size());
        assertEquals("warning", f.get(0).severity());
        assertTrue(f.get(0).frames().containsAll(tshark(cap("nat-pasv.pcap"), "ftp.response.code==227")), f.get(0).frames().toString());
        assertTrue(f.get(0).message().contains("192.168.50.2") && f.get(0).message().contains("198.51.100.2"), f.get(0).message());
        assertTrue(f.get(0).fix().contains("pasv_address"), f.get(0).fix());
    }

    @Test
    void aServerThatKnowsItsPublicAddressIsNotFlagged() throws IOException {
        assertTrue(withCode(diagnose("nat-pasv-address.pcap"), "pasv-private-address").isEmpty());
    }

    @Test
    void wrongPasswordIsALoginFailureAndCleartextButThePasswordIsNeverQuoted() throws IOException {
        Project.Run r = Project.run("read", "--format", "json", cap("login-failed.pcap").toString());
        assertFalse(r.out().contains("wrong-password"), "the password leaked into the JSON");
        List<Found> all = diagnose("login-failed.pcap");
        List<Found> failed = withCode(all, "login-failed");
        assertEquals(1, failed.size());
        assertTrue(failed.get(0).frames().containsAll(tshark(cap("login-failed.pcap"), "ftp.response.code==530")));
        List<Found> clear = withCode(all, "cleartext-credentials");
        assertEquals(1, clear.size());
        assertEquals("info", clear.get(0).severity());
        List<Long> userPass = tshark(cap("login-failed.pcap"), "ftp.request.command==\"USER\" || ftp.request.command==\"PASS\"");
        assertEquals(userPass, clear.get(0).frames());
        Project.Run text = Project.run("read", cap("login-failed.pcap").toString());
        assertFalse(text.out().contains("wrong-password"));
        assertTrue(text.out().contains("Diagnostics:") && text.out().contains("login-failed"), "text timeline lists diagnostics");
    }

    @Test
    void missingFileIsFileUnavailableOnTheRetrAndIts550() throws IOException {
        List<Found> f = withCode(diagnose("missing-file.pcap"), "file-unavailable");
        assertEquals(1, f.size());
        List<Long> expected = new ArrayList<>(tshark(cap("missing-file.pcap"), "ftp.request.command==\"RETR\""));
        expected.addAll(tshark(cap("missing-file.pcap"), "ftp.response.code==550"));
        assertEquals(expected, f.get(0).frames());
        assertTrue(f.get(0).message().contains("does-not-exist.bin"));
    }

    @Test
    void abortIsTransferAbortedWithTheAborAndThe426() throws IOException {
        List<Found> f = withCode(diagnose("abort.pcap"), "transfer-aborted");
        assertEquals(1, f.size());
        assertTrue(f.get(0).frames().containsAll(tshark(cap("abort.pcap"), "ftp.response.code==426")));
        assertTrue(f.get(0).frames().containsAll(tshark(cap("abort.pcap"), "ftp.request.command==\"ABOR\"")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftps-explicit.pcap", "ftps-implicit.pcap"})
    void ftpsIsTlsEncryptedAndHasNoCleartextCredentials(String capture) throws IOException {
        List<Found> all = diagnose(capture);
        List<Found> tls = withCode(all, "tls-encrypted");
        assertEquals(1, tls.size(), all.toString());
        assertTrue(tls.get(0).message().contains("1 data connection was tied to this session by timing only"), tls.get(0).message());
        assertTrue(withCode(all, "cleartext-credentials").isEmpty());
    }

    @Test
    void zeeksBruteforceTraceRaisesOneBruteForceAtTheTwentiethFailureAsZeekDid() throws IOException {
        // Zeek's notice.log baseline: "192.168.56.1 had 20 failed logins on 1 FTP server in 0m37s"
        Path trace = TestPaths.zeekTraces().resolve("ftp__bruteforce.pcap");
        List<Found> f = withCode(diagnose(trace), "brute-force");
        assertEquals(1, f.size(), f.toString());
        List<Long> failures = tshark(trace, "ftp.response.code==530");
        assertEquals(failures.subList(0, 20), f.get(0).frames());
        assertTrue(f.get(0).message().startsWith("192.168.56.1 had 20 failed logins on 1 FTP server in 37."), f.get(0).message());
        assertTrue(withCode(diagnose(trace, "--brute-force-threshold", "31"), "brute-force").isEmpty(), "30 failures stay under 31");
        List<Found> five = withCode(diagnose(trace, "--brute-force-threshold", "5"), "brute-force");
        assertEquals(1, five.size(), "one report per burst");
        assertEquals(failures.subList(0, 5), five.get(0).frames());
    }

    @Test
    void suricatasBouncePcapFlagsOnlyThePortNamingAThirdHost() throws IOException {
        Path pcap = Project.shared().resolve("corpus/suricata/ftp__ftp-bounce/test.pcap");
        List<Found> f = withCode(diagnose(pcap), "ftp-bounce");
        assertEquals(1, f.size(), f.toString());
        assertEquals(58316, f.get(0).clientPort(), "the bounce session (test.yaml), not the valid one from 33112");
        List<Long> bounce = tshark(pcap, "ftp.request.command==\"PORT\" && ftp.request.arg contains \"2,2,2,3\"");
        assertTrue(f.get(0).frames().containsAll(bounce), f.get(0).frames() + " vs " + bounce);
        assertTrue(f.get(0).message().contains("2.2.2.3:80"), f.get(0).message());
    }

    @Test
    void port2121IsNonstandardButImplicitFtpsOn990IsNot() throws IOException {
        List<Found> f = withCode(diagnose("port-2121.pcap"), "nonstandard-port");
        assertEquals(1, f.size());
        assertEquals(List.of(tshark(cap("port-2121.pcap"), "tcp.flags.syn==1 && tcp.dstport==2121").get(0)), f.get(0).frames());
        assertTrue(withCode(diagnose("ftps-implicit.pcap"), "nonstandard-port").isEmpty());
        assertTrue(withCode(diagnose("passive-pasv.pcap"), "nonstandard-port").isEmpty());
    }

    @Test
    void passivePortRangeListsThePortsFromTheCapturesOwnReplies() throws IOException {
        List<Found> f = withCode(diagnose("lftp-mixed.pcap"), "passive-port-range");
        assertEquals(1, f.size());
        List<Long> replies = tshark(cap("lftp-mixed.pcap"), "ftp.response.code==227 || ftp.response.code==229");
        assertEquals(replies, f.get(0).frames());
        String args = TestPaths.run("tshark", "-r", cap("lftp-mixed.pcap").toString(), "-Y", "ftp.response.code==227 || ftp.response.code==229",
                "-T", "fields", "-e", "ftp.response.arg");
        for (String line : args.strip().split("\n")) {
            String port = line.contains("|||") ? line.replaceAll(".*\\|\\|\\|(\\d+)\\|.*", "$1") : pasvPort(line);
            assertTrue(f.get(0).message().contains(port), port + " missing from " + f.get(0).message());
        }
    }

    static String pasvPort(String reply227) {
        String[] n = reply227.replaceAll(".*\\((\\d+(,\\d+){5})\\).*", "$1").split(",");
        return String.valueOf(Integer.parseInt(n[4]) * 256 + Integer.parseInt(n[5]));
    }

    /**
     * Captures recorded without a fault: every transfer complete, no 4xx/5xx, and no warning or error among the
     * manifest's {@code expected_diagnostics} (the fault captures). nat-pasv is excluded: its 227 is the fault.
     */
    static Stream<String> cleanCaptures() throws IOException {
        JsonNode caps = M.readTree(Project.captures().resolve("manifest.json").toFile()).get("captures");
        List<String> clean = new ArrayList<>();
        caps.fieldNames().forEachRemaining(name -> {
            JsonNode c = caps.get(name);
            boolean ok = !name.equals("nat-pasv.pcap");
            for (JsonNode code : c.get("expected_replies")) {
                ok &= code.asInt() < 400;
            }
            for (JsonNode t : c.get("transfers")) {
                ok &= t.get("expected_status").asText().equals("complete");
            }
            for (JsonNode d : c.path("expected_diagnostics")) {
                ok &= d.get("severity").asText().equals("info");
            }
            if (ok) {
                clean.add(name);
            }
        });
        assertTrue(clean.size() >= 15, "clean captures: " + clean);
        return clean.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cleanCaptures")
    void cleanCapturesRaiseNoWarningOrError(String capture) throws IOException {
        List<Found> bad = diagnose(capture).stream().filter(d -> !d.severity().equals("info")).toList();
        assertTrue(bad.isEmpty(), capture + ": " + bad);
    }

    @Test
    void zeekOutputCarriesNoDiagnostics() throws IOException {
        Project.Run r = Project.run("read", "--format", "zeek", cap("active-blocked.pcap").toString());
        assertEquals(0, r.code());
        assertFalse(r.out().contains("active-connect-blocked") || r.out().contains("Diagnostics"), r.out());
        assertTrue(r.out().startsWith("#separator"), "still a Zeek log");
    }
}
