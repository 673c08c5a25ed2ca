package io.ftpscope.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ftpscope.testutil.Conversation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cases a recording cannot easily show (a data connection missing from the capture, a 227 captured late),
 * and the variants of those that captures/ records (a blocked passive range, a 421; see
 * DiagnosticsOnNewCapturesTest): scripted TCP conversations, with the evidence frames known by construction.
 */
class DiagnosticsOnScriptedConversationsTest {
    @TempDir
    Path dir;

    static final String C = "192.0.2.10";
    static final String S = "192.0.2.20";

    static Conversation login(Conversation.Capture cap, int cport) {
        return cap.tcp(C, cport, S, 21).handshake().server("220 ready\r\n").client("USER u\r\n").server("331 pw\r\n")
                .client("PASS secret-123\r\n").server("230 ok\r\n");
    }

    List<DiagnosticsOnRealCapturesTest.Found> run(Conversation.Capture cap) throws IOException {
        return DiagnosticsOnRealCapturesTest.diagnose(cap.write(dir.resolve("t.pcap")));
    }

    @Test
    void unansweredSynsToTheAdvertisedPortArePassiveConnectFailed() throws IOException {
        Conversation.Capture cap = new Conversation.Capture();
        Conversation ctl = login(cap, 40001).client("PASV\r\n").server("227 Entering Passive Mode (192,0,2,20,156,64).\r\n");
        long reply227 = cap.size();
        cap.tcp(C, 50000, S, 40000).synOnly(3);
        long firstSyn = cap.size() - 2;
        ctl.client("RETR f\r\n").server("425 Can't open data connection.\r\n");
        long reply425 = cap.size();
        ctl.client("QUIT\r\n").server("221 bye\r\n").close();
        List<DiagnosticsOnRealCapturesTest.Found> f = DiagnosticsOnRealCapturesTest.withCode(run(cap), "passive-connect-failed");
        assertEquals(1, f.size());
        assertEquals("error", f.get(0).severity());
        assertTrue(f.get(0).frames().containsAll(List.of(reply227, firstSyn, firstSyn + 1, firstSyn + 2, reply425)), f.get(0).frames().toString());
        assertTrue(f.get(0).message().contains("3 SYNs") && f.get(0).message().contains("never answered"), f.get(0).message());
        assertTrue(f.get(0).fix().contains("40000"), f.get(0).fix());
    }

    @Test
    void aRstFromTheAdvertisedPortSaysNothingListensThere() throws IOException {
        Conversation.Capture cap = new Conversation.Capture();
        Conversation ctl = login(cap, 40002).client("EPSV\r\n").server("229 Entering Extended Passive Mode (|||40100|)\r\n");
        cap.tcp(C, 50001, S, 40100).synRefused();
        long rst = cap.size();
        ctl.client("RETR f\r\n").server("425 Can't open data connection.\r\n").client("QUIT\r\n").server("221 bye\r\n").close();
        List<DiagnosticsOnRealCapturesTest.Found> f = DiagnosticsOnRealCapturesTest.withCode(run(cap), "passive-connect-failed");
        assertEquals(1, f.size());
        assertTrue(f.get(0).frames().containsAll(List.of(rst - 1, rst)), "the SYN and the RST: " + f.get(0).frames());
        assertTrue(f.get(0).message().contains("refused with RST"), f.get(0).message());
    }

    @Test
    void a421GreetingIsServiceUnavailable() throws IOException {
        Conversation.Capture cap = new Conversation.Capture();
        cap.tcp(C, 40003, S, 21).handshake().server("421 There are too many connected users, please try later.\r\n").close();
        long greeting = 4;
        List<DiagnosticsOnRealCapturesTest.Found> f = DiagnosticsOnRealCapturesTest.withCode(run(cap), "service-unavailable");
        assertEquals(1, f.size());
        assertEquals(List.of(greeting), f.get(0).frames());
        assertTrue(f.get(0).message().contains("as soon as the client connected"), f.get(0).message());
    }

    @Test
    void a425WithNoConnectAttemptInTheCaptureIsNoDataConnection() throws IOException {
        Conversation.Capture cap = new Conversation.Capture();
        Conversation ctl = login(cap, 40004).client("PASV\r\n").server("227 Entering Passive Mode (192,0,2,20,156,65).\r\n")
                .client("LIST\r\n");
        long list = cap.size();
        ctl.server("425 Can't open data connection.\r\n").client("QUIT\r\n").server("221 bye\r\n").close();
        List<DiagnosticsOnRealCapturesTest.Found> all = run(cap);
        List<DiagnosticsOnRealCapturesTest.Found> f = DiagnosticsOnRealCapturesTest.withCode(all, "no-data-connection");
        assertEquals(1, f.size(), all.toString());
        assertEquals(List.of(list, list + 1), f.get(0).frames());
        assertTrue(DiagnosticsOnRealCapturesTest.withCode(all, "passive-connect-failed").isEmpty(), "no attempt, so no failed attempt");
    }

    @Test
    void aFloodOf550sIsCappedPerSessionAndSaysHowManyWereLeftOut() throws IOException {
        Conversation.Capture cap = new Conversation.Capture();
        Conversation ctl = login(cap, 40005);
        for (int i = 0; i < 150; i++) {
            ctl.client("DELE f" + i + "\r\n").server("550 No such file.\r\n");
        }
        ctl.close();
        List<DiagnosticsOnRealCapturesTest.Found> all = run(cap);
        assertEquals(DiagnoseConfig.defaults().maxPerSession(), all.size());
        assertEquals("diagnostics-capped", all.get(all.size() - 1).code());
        assertTrue(all.get(all.size() - 1).message().startsWith("52 more"), all.get(all.size() - 1).message());
    }

    @Test
    void aDataConnectionSeenBeforeIts227IsDataBeforeAnnouncement() throws IOException {
        Conversation.Capture cap = new Conversation.Capture();
        Conversation ctl = login(cap, 40006).client("PASV\r\n");
        int before = cap.size();
        ctl.server("227 Entering Passive Mode (192,0,2,20,156,81).\r\n");
        Conversation data = cap.tcp(C, 50001, S, 40017).handshake();
        cap.move(before, cap.size() - 1); // the 227 reaches the capture only after the client's handshake
        long syn = before + 1;
        long reply227 = before + 4;
        ctl.client("RETR f\r\n").server("150 go\r\n");
        data.server("abcd").close();
        ctl.server("226 done\r\n").close();
        List<DiagnosticsOnRealCapturesTest.Found> f = DiagnosticsOnRealCapturesTest.withCode(run(cap), "data-before-announcement");
        assertEquals(1, f.size());
        assertEquals("info", f.get(0).severity());
        assertTrue(f.get(0).frames().containsAll(List.of(syn, reply227)), f.get(0).frames().toString());
    }
}
