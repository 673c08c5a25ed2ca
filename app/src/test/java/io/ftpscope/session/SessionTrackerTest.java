package io.ftpscope.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ftpscope.cli.Pipeline;
import io.ftpscope.tcp.ReassemblyConfig;
import io.ftpscope.testutil.Conversation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The FTP layer on scripted conversations: situations real clients do not produce on demand. */
class SessionTrackerTest {
    @TempDir
    Path dir;

    static final String C = "192.0.2.10";
    static final String S = "192.0.2.20";

    record Result(List<FtpSession> sessions, List<DataConn> unlinked, SessionStats stats) {
    }

    Result run(Conversation.Capture cap, SessionConfig cfg, boolean timed) throws IOException {
        Path f = dir.resolve("t.pcap");
        if (timed) {
            cap.writeTimed(f);
        } else {
            cap.write(f);
        }
        List<FtpSession> sessions = new ArrayList<>();
        List<DataConn> unlinked = new ArrayList<>();
        FtpSessionTracker t = new FtpSessionTracker(cfg, new SessionSink() {
            @Override
            public void sessionEnd(FtpSession s) {
                sessions.add(s);
            }

            @Override
            public void unlinked(DataConn d) {
                unlinked.add(d);
            }
        });
        Pipeline p = new Pipeline(t, ReassemblyConfig.defaults());
        p.readFiles(List.of(f.toString()), null);
        p.finish();
        t.finish();
        return new Result(sessions, unlinked, t.stats());
    }

    Result run(Conversation.Capture cap) throws IOException {
        return run(cap, SessionConfig.defaults(), false);
    }

    static Conversation login(Conversation.Capture cap, int cport) {
        return cap.tcp(C, cport, S, 21).handshake()
                .server("220 hello\r\n").client("USER alice\r\n").server("331 pw\r\n")
                .client("PASS secret\r\n").server("230 ok\r\n");
    }

    @Test
    void pipelinedCommandsPairWithTheirReplies() throws IOException {
        Conversation.Capture cap = new Conversation.Capture();
        cap.tcp(C, 40000, S, 21).handshake().server("220 hi\r\n")
                .client("USER alice\r\nPASS secret\r\nSYST\r\nTYPE I\r\n")
                .server("331 pw\r\n230 ok\r\n215 UNIX\r\n200 binary\r\n").close();
        FtpSession s = run(cap).sessions.get(0);
        assertEquals(5, s.commands.size());
        assertTrue(s.commands.get(0).isUnsolicited());
        assertEquals(220, s.commands.get(0).replyCode());
        String[] verbs = {"USER", "PASS", "SYST", "TYPE"};
        int[] codes = {331, 230, 215, 200};
        for (int i = 0; i < 4; i++) {
            assertEquals(verbs[i], s.commands.get(i + 1).verb);
            assertEquals(codes[i], s.commands.get(i + 1).replyCode());
        }
        assertEquals("success", s.login);
        assertEquals("binary", s.type);
    }

    @Test
    void preliminaryThenFinalAndUnsolicited421() throws IOException {
        Conversation.Capture cap = new Conversation.Capture();
        Conversation ctl = login(cap, 40001);
        ctl.client("PASV\r\n").server("227 Entering Passive Mode (192,0,2,20,156,81).\r\n");
        cap.tcp(C, 50000, S, 40017).handshake();
        ctl.client("RETR f.bin\r\n").server("150 Opening BINARY mode data connection for f.bin (4 bytes).\r\n");
        Conversation data = cap.tcp(C, 50000, S, 40017);
        ctl.server("226 done\r\n").server("421 Timeout.\r\n").close();
        data.close();
        FtpSession s = run(cap).sessions.get(0);
        CommandEntry retr = s.commands.stream().filter(e -> "RETR".equals(e.verb)).findFirst().orElseThrow();
        assertEquals(150, retr.preliminary.get(0).reply().code());
        assertEquals(226, retr.replyCode());
        assertEquals(4, s.transfers.get(0).announcedSize);
        CommandEntry last = s.commands.get(s.commands.size() - 1);
        assertTrue(last.isUnsolicited());
        assertEquals(421, last.replyCode());
    }

    @Test
    void megabyteLineWithoutCrlfIsBoundedAndReported() throws IOException {
        Conversation.Capture cap = new Conversation.Capture();
        byte[] junk = new byte[1 << 20];
        java.util.Arrays.fill(junk, (byte) 'A');
        Conversation ctl = login(cap, 40002);
        ctl.client(junk).client("\r\nNOOP\r\n").server("500 what\r\n200 ok\r\n").close();
        FtpSession s = run(cap, SessionConfig.defaults().withMaxLine(4096), false).sessions.get(0);
        assertEquals(1, s.overLongLines);
        CommandEntry cut = s.commands.get(3);
        assertTrue(cut.truncated);
        assertTrue(cut.verb.length() + (cut.arg == null ? 0 : cut.arg.length()) <= 4096);
        assertEquals("NOOP", s.commands.get(4).verb);
        assertEquals(200, s.commands.get(4).replyCode());
    }

    @Test
    void somethingElseOnPort21IsNotAnFtpSession() throws IOException {
        Conversation.Capture cap = new Conversation.Capture();
        cap.tcp(C, 40003, S, 21).handshake().server("SSH-2.0-mod_sftp\r\n").client("SSH-2.0-OpenSSH_9.2\r\n")
                .client(new byte[] {0, 0, 1, 2, 3, 20, 10}).close();
        Result r = run(cap);
        assertEquals(0, r.sessions.size());
        assertEquals(1, r.stats.notFtpOnFtpPort);
    }

    @Test
    void dataConnectionSeenBeforeItsRetransmitted227IsLinked() throws IOException {
        Conversation.Capture cap = new Conversation.Capture();
        Conversation ctl = login(cap, 40004);
        ctl.client("PASV\r\n");
        int before = cap.size();
        ctl.server("227 Entering Passive Mode (192,0,2,20,156,81).\r\n");
        Conversation data = cap.tcp(C, 50001, S, 40017).handshake();
        // the 227 segment reaches the capture only after the client's SYN: move it behind the handshake
        cap.move(before, cap.size() - 1);
        ctl.client("RETR f\r\n").server("150 go\r\n");
        data.server("abcd").close();
        ctl.server("226 done\r\n").close();
        Result r = run(cap);
        FtpSession s = r.sessions.get(0);
        Transfer t = s.transfers.get(0);
        assertEquals("expectation-late", t.data.linkedBy);
        assertEquals(4, t.bytes());
        assertEquals("complete", t.status());
        assertEquals(1, r.stats.lateLinked);
    }

    @Test
    void lateAnnouncementLinksTheOldestHeldConnectionAtItsAddress() throws IOException {
        Conversation.Capture cap = new Conversation.Capture();
        Conversation ctl = login(cap, 40007);
        ctl.client("PASV\r\n");
        int before = cap.size();
        ctl.server("227 Entering Passive Mode (192,0,2,20,156,81).\r\n"); // port 40017
        Conversation other = cap.tcp(C, 50010, S, 40018).handshake();
        Conversation first = cap.tcp(C, 50011, S, 40017).handshake();
        Conversation second = cap.tcp(C, 50012, S, 40017).handshake();
        cap.move(before, cap.size() - 1); // the 227 arrives after all three handshakes
        ctl.client("RETR f\r\n").server("150 go\r\n");
        first.server("abcd").close();
        second.server("xy").close();
        other.server("z").close();
        ctl.server("226 done\r\n").close();
        Result r = run(cap);
        Transfer t = r.sessions.get(0).transfers.get(0);
        assertEquals("expectation-late", t.data.linkedBy);
        assertEquals(50011, t.data.conn.clientPort());
        assertEquals(4, t.bytes());
        assertEquals(List.of(50010, 50012), r.unlinked.stream().map(d -> d.conn.clientPort()).sorted().toList());
    }

    @Test
    void secondConnectionToAUsedExpectationIsReportedUnlinked() throws IOException {
        Conversation.Capture cap = new Conversation.Capture();
        Conversation ctl = login(cap, 40005);
        ctl.client("PASV\r\n").server("227 Entering Passive Mode (192,0,2,20,156,81).\r\n");
        cap.tcp(C, 50002, S, 40017).handshake().server("one").close();
        cap.tcp(C, 50003, S, 40017).handshake().server("two!").close();
        ctl.client("RETR f\r\n").server("226 done\r\n").close();
        Result r = run(cap);
        assertEquals(3, r.sessions.get(0).transfers.get(0).bytes());
        assertEquals(1, r.unlinked.size());
        assertEquals(50003, r.unlinked.get(0).conn.clientPort());
        assertEquals(4, r.unlinked.get(0).conn.bytes(false));
    }

    @Test
    void expectationsExpireAfterTheConfiguredTime() throws IOException {
        Conversation.Capture cap = new Conversation.Capture();
        Conversation ctl = login(cap, 40006);
        ctl.client("PASV\r\n").server("227 Entering Passive Mode (192,0,2,20,156,81).\r\n");
        cap.sleep(20);
        cap.tcp(C, 50004, S, 40017).handshake().server("late").close();
        ctl.client("RETR f\r\n").server("425 no data connection\r\n").close();
        Result r = run(cap, SessionConfig.defaults().withExpectationTimeoutSeconds(10), true);
        Transfer t = r.sessions.get(0).transfers.get(0);
        assertEquals("failed", t.status());
        assertNull(t.data);
        assertEquals(1, r.stats.expectationsExpired);
        assertEquals(1, r.unlinked.size());
    }

    @Test
    void expectationsAreCappedPerSession() throws IOException {
        Conversation.Capture cap = new Conversation.Capture();
        Conversation ctl = login(cap, 40007);
        for (int i = 0; i < 50; i++) {
            // PORT announcements never followed by a transfer, each to another port
            ctl.client("PORT 192,0,2,10,200," + i + "\r\n").server("200 ok\r\n");
        }
        ctl.close();
        Result r = run(cap);
        assertEquals(50, r.stats.expectations);
        // each PORT replaces the unused one before it; the last is still unused when the session ends
        assertEquals(50, r.stats.expectationsUnused, "every unused announcement is counted");
    }

    @Test
    void activeModeFromAnEphemeralPortIsLabelled() throws IOException {
        Conversation.Capture cap = new Conversation.Capture();
        Conversation ctl = login(cap, 40008);
        ctl.client("PORT 192,0,2,10,195,80\r\n").server("200 ok\r\n").client("STOR up.bin\r\n");
        Conversation data = cap.tcp(S, 34567, C, 50000).handshake();
        ctl.server("150 go\r\n");
        data.server("uploaded!").close(); // the FTP client is the TCP server here
        ctl.server("226 stored\r\n").close();
        Transfer t = run(cap).sessions.get(0).transfers.get(0);
        assertEquals("active", t.mode);
        assertEquals("PORT", t.via);
        assertFalse(t.data.fromPort20);
        assertEquals("upload", t.direction);
        assertEquals(9, t.bytes());
        assertEquals(C, t.data.ftpClientIp());
        assertEquals(34567, t.data.ftpServerPort());
    }

    @Test
    void activeConnectNeverAnsweredGives425AndConnectedFalse() throws IOException {
        Conversation.Capture cap = new Conversation.Capture();
        Conversation ctl = login(cap, 40009);
        ctl.client("PORT 192,0,2,10,195,80\r\n").server("200 ok\r\n").client("RETR f\r\n");
        cap.tcp(S, 20, C, 50000).synOnly(3);
        ctl.server("425 Failed to establish connection.\r\n").close();
        Transfer t = run(cap).sessions.get(0).transfers.get(0);
        assertEquals("failed", t.status());
        assertFalse(t.data.connected());
        assertTrue(t.data.fromPort20);
    }

    @Test
    void ftpOnAnotherPortIsFoundByContentButHttpIsNot() throws IOException {
        Conversation.Capture cap = new Conversation.Capture();
        cap.tcp(C, 40010, S, 2121).handshake().server("220 hi\r\n").client("USER bob\r\n").server("331 pw\r\n").close();
        cap.tcp(C, 40011, S, 8080).handshake().client("GET / HTTP/1.1\r\nHost: x\r\n\r\n").server("HTTP/1.1 200 OK\r\n\r\n").close();
        cap.tcp(C, 40012, S, 2525).handshake().server("220 smtp ready\r\n").client("EHLO me\r\n").close();
        Result r = run(cap);
        assertEquals(1, r.sessions.size());
        assertEquals(2121, r.sessions.get(0).serverPort());
        assertTrue(r.sessions.get(0).detectedByContent);
        assertEquals("bob", r.sessions.get(0).user);
    }

    @Test
    void natPasvAddressStillLinksByControlAddress() throws IOException {
        Conversation.Capture cap = new Conversation.Capture();
        Conversation ctl = login(cap, 40013);
        ctl.client("PASV\r\n").server("227 Entering Passive Mode (10,1,2,3,156,81).\r\n");
        cap.tcp(C, 50005, S, 40017).handshake().server("data").close();
        ctl.client("LIST\r\n").server("150 here\r\n226 done\r\n").close();
        Transfer t = run(cap).sessions.get(0).transfers.get(0);
        assertEquals("10.1.2.3", t.advertised.ip());
        assertEquals(S, t.data.ftpServerIp());
        assertEquals("listing", t.direction);
        assertEquals(4, t.bytes());
    }

    @Test
    void transferWithoutAnyConnectionIsNoConnection() throws IOException {
        Conversation.Capture cap = new Conversation.Capture();
        Conversation ctl = login(cap, 40014);
        ctl.client("EPSV\r\n").server("229 Entering Extended Passive Mode (|||40017|)\r\n").client("RETR f\r\n").close();
        Transfer t = run(cap).sessions.get(0).transfers.get(0);
        assertEquals("no-connection", t.status());
        assertEquals("EPSV", t.via);
    }

    @Test
    void abortMarksTheTransferAborted() throws IOException {
        Conversation.Capture cap = new Conversation.Capture();
        Conversation ctl = login(cap, 40015);
        ctl.client("PASV\r\n").server("227 Entering Passive Mode (192,0,2,20,156,81).\r\n");
        Conversation data = cap.tcp(C, 50006, S, 40017).handshake();
        ctl.client("RETR big\r\n").server("150 go\r\n");
        data.server("partial").close();
        ctl.client("ABOR\r\n").server("426 Failure writing network stream.\r\n225 No transfer to ABOR.\r\n").close();
        FtpSession s = run(cap).sessions.get(0);
        assertEquals("aborted", s.transfers.get(0).status());
        assertEquals(426, s.transfers.get(0).finalReply().reply().code());
        assertEquals(225, s.commands.stream().filter(e -> "ABOR".equals(e.verb)).findFirst().orElseThrow().replyCode());
    }
}
