package io.ftpscope.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ftpscope.capture.FrameRefs;
import io.ftpscope.cli.Pipeline;
import io.ftpscope.evidence.HostileNamesTestAccess;
import io.ftpscope.output.Redactor;
import io.ftpscope.output.RunTotals;
import io.ftpscope.session.DataConn;
import io.ftpscope.session.Diagnostic;
import io.ftpscope.session.FtpSession;
import io.ftpscope.session.FtpSessionTracker;
import io.ftpscope.session.SessionConfig;
import io.ftpscope.session.SessionSink;
import io.ftpscope.session.Transfer;
import io.ftpscope.tcp.ReassemblyConfig;
import io.ftpscope.testutil.Project;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report as a browser sees it: Debian's chromium renders it headless, and the DOM it
 * builds must hold every session, transfer and diagnostic; capture text stays text.
 */
class ReportChromiumTest {
    static final List<String> CAPTURES = List.of("lftp-mixed.pcap", "parallel-sessions.pcap", "active-blocked.pcap", "rest-resume.pcap");
    private static final ObjectMapper M = new ObjectMapper();

    @TempDir
    Path tmp;

    /** Runs chromium headless with flags that keep it off the network; returns stdout. */
    static String chromium(Path profile, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile));
        cmd.addAll(List.of(extra));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new AssertionError("chromium is needed for this test: apt-get install chromium (" + e.getMessage() + ")");
        }
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not finish");
        assertEquals(0, p.exitValue(), "chromium exit status");
        return new String(out, StandardCharsets.UTF_8);
    }

    static int count(String dom, String regex) {
        Matcher m = Pattern.compile(regex).matcher(dom);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /**
     * Builds the report in-process so diagnostics can be added the way the diagnose layer will add
     * them (FtpSession.diagnostics), one per transfer that did not complete plus one with hostile text.
     */
    Path report(Path html, List<Diagnostic> added) throws Exception {
        FrameRefs refs = new FrameRefs();
        Report report = new Report(html, "test", new Redactor(false), refs);
        SessionSink sink = new SessionSink() {
            @Override
            public void sessionEnd(FtpSession s) {
                for (Transfer t : s.transfers) {
                    if (!t.status().equals("complete")) {
                        Diagnostic d = new Diagnostic("TRANSFER_" + t.status().toUpperCase().replace('-', '_'), "error",
                                "transfer " + t.arg() + " " + t.status(), "check the firewall between the hosts", List.of(t.command.frame));
                        s.diagnostics.add(d);
                        added.add(d);
                    }
                }
                Diagnostic h = new Diagnostic("TEST_<b>", "info", "user said <script>alert(1)</script>", "none & nothing", List.of());
                s.diagnostics.add(h);
                added.add(h);
                report.sessionEnd(s);
            }

            @Override
            public void unlinked(DataConn d) {
                report.unlinked(d);
            }
        };
        FtpSessionTracker tracker = new FtpSessionTracker(SessionConfig.defaults(), sink);
        Pipeline p = new Pipeline(tracker, ReassemblyConfig.defaults(), refs);
        p.readFiles(CAPTURES.stream().map(c -> Project.captures().resolve(c).toString()).toList(), null);
        p.finish();
        tracker.finish();
        report.close(new RunTotals(p.inputs(), p.decoder().stats(), p.reassembler().stats(), tracker.stats()));
        return html;
    }

    @Test
    void everySessionTransferAndDiagnosticIsInTheRenderedDom() throws Exception {
        List<Diagnostic> added = new ArrayList<>();
        Path html = report(tmp.resolve("report.html"), added);
        String dom = chromium(tmp.resolve("profile"), "--dump-dom", html.toUri().toString());

        List<String> args = new ArrayList<>(List.of("read", "--format", "json"));
        CAPTURES.forEach(c -> args.add(Project.captures().resolve(c).toString()));
        JsonNode doc = M.readTree(Project.run(args.toArray(new String[0])).out());
        int transfers = 0;
        for (JsonNode s : doc.get("sessions")) {
            String id = s.get("id").asText();
            assertTrue(dom.contains("<section class=\"session\" id=\"session-" + id + "\""), "section for " + id);
            assertEquals(1, count(dom, "<tr class=\"session-row\" data-session=\"" + id + "\""), "list row for " + id);
            assertEquals(s.get("transfers").size(), count(dom, "<tr class=\"transfer\" data-session=\"" + id + "\""), "transfers of " + id);
            for (JsonNode t : s.get("transfers")) {
                assertTrue(dom.contains("data-command=\"" + t.get("command").asText() + "\" data-bytes=\"" + t.get("bytes").asLong()
                        + "\" data-status=\"" + t.get("status").asText() + "\""), "row for " + t);
            }
            transfers += s.get("transfers").size();
            assertEquals(s.get("data_connections").size(), count(dom, "(?s)id=\"session-" + id + "\".*?</section>") == 1
                    ? countIn(dom, id, "<g class=\"lane lane-data\"") : -1, "one ladder lane per data connection in " + id);
            assertEquals(1, countIn(dom, id, "<g class=\"lane lane-control\""));
        }
        assertEquals(5, doc.get("sessions").size());
        assertEquals(count(dom, "<section class=\"session\""), doc.get("sessions").size());
        assertEquals(transfers, count(dom, "<tr class=\"transfer\""));
        assertEquals(added.size(), count(dom, "<li class=\"diagnostic "));
        for (Diagnostic d : added) {
            assertTrue(dom.contains(Html.esc(d.code())) && dom.contains(Html.esc(d.message())) && dom.contains(Html.esc(d.fix())), d.toString());
        }
        // capture and diagnostic text is text: no element was injected
        assertFalse(dom.contains("<script"), "a script element appeared");
        assertFalse(dom.contains("<b>") && !dom.contains("&lt;b&gt;"));
        assertTrue(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertFalse(dom.contains("PASS s3cret-pass") || dom.contains("s3cret-pass"), "passwords are masked");
        assertTrue(dom.contains("PASS ****"));

        // self-contained: nothing to fetch
        String raw = Files.readString(html);
        assertFalse(Pattern.compile("(?i)(src=|<link|@import|url\\((?!#)|href=\"(?!#))").matcher(raw).find(), "external reference");

        Path png = Path.of(System.getProperty("ftpscope.root"), "app", "target", "report-screenshot.png");
        Files.deleteIfExists(png);
        chromium(tmp.resolve("profile2"), "--window-size=1400,2200", "--hide-scrollbars", "--screenshot=" + png, html.toUri().toString());
        assertTrue(Files.size(png) > 20_000, "screenshot written");
        byte[] sig = Files.readAllBytes(png);
        assertEquals((byte) 0x89, sig[0]);
        assertEquals('P', sig[1]);
    }

    private static int countIn(String dom, String id, String regex) {
        Matcher m = Pattern.compile("(?s)id=\"session-" + Pattern.quote(id) + "\".*?</section>").matcher(dom);
        return m.find() ? count(m.group(), Pattern.quote(regex)) : -1;
    }

    /** A file name like {@code <script>} from a hostile capture shows as text in the CLI-made report. */
    @Test
    void hostileNamesAreText() throws Exception {
        Path pcap = HostileNamesTestAccess.hostileCapture(tmp.resolve("hostile.pcap"));
        Path html = tmp.resolve("hostile.html");
        Project.Run r = Project.run("report", "--max-line", "20000", "-o", html.toString(), "--show-passwords", pcap.toString());
        assertEquals(0, r.code(), r.err());
        String dom = chromium(tmp.resolve("profile3"), "--dump-dom", html.toUri().toString());
        assertFalse(dom.contains("<script"));
        assertTrue(dom.contains("RETR &lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(dom.contains("PASS secret"), "--show-passwords shows them");
        assertTrue(dom.contains("evil\\x01\\x1b[31m\\x7fname"), "control characters are shown, not obeyed");
        assertEquals(HostileNamesTestAccess.names().size(), count(dom, "<tr class=\"transfer\""));
    }
}
