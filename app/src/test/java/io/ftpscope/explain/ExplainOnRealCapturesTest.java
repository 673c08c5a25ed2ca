package io.ftpscope.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ftpscope.output.Fmt;
import io.ftpscope.testutil.Project;
import io.ftpscope.testutil.TestPaths;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * `ftpscope explain` on the shipped captures: the numbers in the prose are the manifest's (bytes) and
 * the capture's own (ports from its PASV/PORT, read by tshark); the ladder fits 100 columns and keeps
 * control and data in separate lanes; no password is ever printed.
 */
class ExplainOnRealCapturesTest {
    private static final ObjectMapper M = new ObjectMapper();

    static JsonNode manifest() throws IOException {
        return M.readTree(Project.captures().resolve("manifest.json").toFile());
    }

    static String explain(String capture, String... extra) {
        List<String> args = new ArrayList<>(List.of("explain"));
        args.addAll(List.of(extra));
        args.add(Project.captures().resolve(capture).toString());
        Project.Run r = Project.run(args.toArray(new String[0]));
        assertEquals(0, r.code(), capture + ": " + r.err());
        return r.out();
    }

    /** The prose wraps at 100 columns: compare with all whitespace runs folded to one space. */
    static String prose(String out) {
        return out.replaceAll("\\s+", " ");
    }

    static String tsharkField(String capture, String filter, String field) {
        return TestPaths.run("tshark", "-r", Project.captures().resolve(capture).toString(), "-Y", filter, "-T", "fields", "-e", field).strip();
    }

    static int port(String sixNumbers) {
        String[] n = sixNumbers.replaceAll(".*?(\\d+(,\\d+){5}).*", "$1").split(",");
        return Integer.parseInt(n[4]) * 256 + Integer.parseInt(n[5]);
    }

    static long bytes(String capture, int transfer) throws IOException {
        return manifest().get("captures").get(capture).get("transfers").get(transfer).get("bytes").asLong();
    }

    @Test
    void passiveDownloadTellsThe227PortTheBytesAndHowPassiveModeWorks() throws IOException {
        String out = prose(explain("passive-pasv.pcap"));
        int p = port(tsharkField("passive-pasv.pcap", "ftp.response.code==227", "ftp.response.arg"));
        String dataClientPort = tsharkField("passive-pasv.pcap", "tcp.flags.syn==1 && tcp.flags.ack==0 && tcp.dstport==" + p, "tcp.srcport");
        assertTrue(out.contains("The client sent PASV. The server answered 227 and opened port " + p + " on 10.0.0.2."), out);
        assertTrue(out.contains("connected to it from port " + dataClientPort), out);
        assertTrue(out.contains("received " + Fmt.n(bytes("passive-pasv.pcap", 0)) + " bytes in 0.3"), out);
        assertTrue(out.contains("The server confirmed with 226"), out);
        assertTrue(out.contains("How passive mode works: the client makes both connections."), out);
        assertFalse(out.contains("How active mode works"), "no active transfer here");
        String controlPort = tsharkField("passive-pasv.pcap", "tcp.flags.syn==1 && tcp.flags.ack==0 && tcp.dstport==21", "tcp.srcport");
        assertTrue(out.contains("from its port " + controlPort + " to port 21 on the server 10.0.0.2"), out);
    }

    @Test
    void activeDownloadDoesThePortArithmeticAndSaysTheServerConnectsFromPort20() throws IOException {
        String out = prose(explain("active-port.pcap"));
        String arg = tsharkField("active-port.pcap", "ftp.request.command==\"PORT\"", "ftp.request.arg");
        int p = port(arg);
        assertTrue(out.contains("The client sent PORT " + arg + ": it was listening on 10.0.0.1:" + p), out);
        assertTrue(out.contains("= " + p + ")"), "the arithmetic is shown: " + out);
        assertTrue(out.contains("The server connected from its port 20 to 10.0.0.1:" + p + " and sent "
                + Fmt.n(bytes("active-port.pcap", 0)) + " bytes"), out);
        assertTrue(out.contains("How active mode works"), out);
    }

    @Test
    void eachModeIsExplainedOnceEvenWhenItComesBack() throws IOException {
        String out = prose(explain("lftp-mixed.pcap"));
        assertEquals(1, count(out, "How active mode works"));
        assertEquals(1, count(out, "How passive mode works"));
        for (int i = 0; i < 3; i++) {
            assertTrue(out.contains(Fmt.n(bytes("lftp-mixed.pcap", i)) + " bytes"), "transfer " + i + ": " + out);
        }
        assertTrue(out.indexOf("How passive mode works") < out.indexOf("Transfer 2"), "passive is explained at the first EPSV");
    }

    @Test
    void blockedActiveModeSaysTheSynsWentUnansweredAndGivesTheFix() {
        String out = prose(explain("active-blocked.pcap"));
        String syns = tsharkField("active-blocked.pcap", "tcp.flags.syn==1 && tcp.flags.ack==0 && tcp.srcport==20", "frame.number");
        int n = syns.split("\\s+").length;
        assertTrue(out.contains("The server tried to connect from 10.0.0.2:20 to 10.0.0.1:"), out);
        assertTrue(out.contains("it sent " + n + " SYNs over"), out);
        assertTrue(out.contains("none was answered"), out);
        assertTrue(out.contains("425 \"Failed to establish connection.\""), out);
        assertTrue(out.contains("[error] active-connect-blocked") && out.contains("Fix: Let the server's connection in"), out);
        assertTrue(out.contains("Evidence: frames " ) && out.contains(syns.split("\\s+")[0]), out);
    }

    @Test
    void natPasvSaysTheClientIgnoredThePrivateAddress() {
        String out = prose(explain("nat-pasv.pcap"));
        int p = port(tsharkField("nat-pasv.pcap", "ftp.response.code==227", "ftp.response.arg"));
        assertTrue(out.contains("naming port " + p + " on 192.168.50.2 - not the address the client reaches it at (198.51.100.2)"), out);
        assertTrue(out.contains("The client ignored that address and connected to 198.51.100.2:" + p + " instead"), out);
        assertTrue(out.contains("[warning] pasv-private-address"), out);
    }

    static Stream<String> captureNames() throws IOException {
        List<String> names = new ArrayList<>();
        manifest().get("captures").fieldNames().forEachRemaining(names::add);
        return names.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captureNames")
    void ladderFitsOneHundredColumnsAndNoPasswordIsPrinted(String capture) {
        String out = explain(capture, "--ladder");
        assertTrue(ladderRows(out).size() > 3, capture + ": no ladder drawn");
        for (String line : out.split("\n")) {
            if (!line.startsWith("packets:") && !line.startsWith("tcp:")) { // the run summary is shared with `read`
                assertTrue(line.codePointCount(0, line.length()) <= 100, capture + ": " + line.length() + " columns: " + line);
            }
        }
        assertFalse(out.contains("s3cret-pass") || out.contains("wrong-password"), capture + ": a password was printed");
    }

    @Test
    void ladderKeepsControlAndDataInSeparateLanesAndShowsWhoSendsTheDataSyn() {
        List<String> passive = ladderRows(explain("passive-pasv.pcap", "--ladder"));
        List<String> active = ladderRows(explain("active-port.pcap", "--ladder"));
        String pSyn = row(passive, "D1 SYN ");
        String aSyn = row(active, "D1 SYN ");
        assertTrue(pSyn.indexOf('▶') > Ladder.DC && pSyn.indexOf("D1") > Ladder.DC, "passive: the client's data end sends the SYN: " + pSyn);
        assertTrue(aSyn.indexOf('◀') > Ladder.DC, "active: the server's data end sends the SYN: " + aSyn);
        for (String r : List.of(pSyn, aSyn)) {
            assertEquals("", r.substring(Ladder.C + 1, Ladder.S).strip(), "nothing drawn in the control lanes: " + r);
        }
        String user = row(passive, "USER ftpuser");
        assertTrue(user.indexOf('▶') < Ladder.S && user.length() <= Ladder.S + 1 + (Ladder.DS - Ladder.S), user);
        assertEquals("", user.substring(Ladder.DC + 1, Ladder.DS).strip(), "nothing drawn in the data lanes: " + user);
        String data = row(passive, "D1 3,000,000 bytes");
        assertTrue(data.contains("═") && data.indexOf('◀') > Ladder.DC, "3,000,000 bytes flow from the server's data end: " + data);
        assertTrue(row(passive, "PASS").contains("PASS ****"), "the password is masked in the ladder");
        int syn = passive.indexOf(pSyn);
        assertTrue(passive.indexOf(row(passive, "227 ")) < syn && syn < passive.indexOf(row(passive, "226 ")), "time order: 227, SYN, 226");
    }

    static List<String> ladderRows(String out) {
        return out.lines().filter(l -> l.matches("\\s+\\d+\\.\\d{3}  │.*")).toList();
    }

    static String row(List<String> rows, String text) {
        return rows.stream().filter(r -> r.contains(text)).findFirst().orElseThrow(() -> new AssertionError(text + " not in " + rows));
    }

    static int count(String s, String sub) {
        int n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) {
            n++;
        }
        return n;
    }
}
