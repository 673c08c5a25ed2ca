package io.ftpscope.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ftpscope.testutil.Project;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `ftpscope live` on a real veth between two network namespaces, vsftpd on one side and curl on the
 * other. The terminal view runs in tmux and is read with `tmux capture-pane`; a second capture
 * writes JSONL and a pcap at the same time. Expected values come from the files served and the
 * commands scripted here, never from ftpscope itself. Needs root: fails (never skips) without it.
 */
class LiveCaptureIT {
    private static final int SMALL = 300_000;
    private static final int BIG = 2_000_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @BeforeAll
    static void needs() {
        Sh.requireRoot();
        Sh.requireTools(List.of("ip", "ethtool", "vsftpd", "curl", "tmux", "setpriv", "ss"));
    }

    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    static String jar() {
        String j = System.getProperty("ftpscope.jar");
        assertTrue(j != null && new File(j).isFile(), "the shaded jar is missing (" + j + "): run through `mvn verify`");
        return j;
    }

    @Test
    void terminalViewAndJsonlFollowRealSessions() throws Exception {
        String tmuxSock = "ftpscope-it-" + ProcessHandle.current().pid();
        Process jsonl = null;
        try (FtpLab lab = new FtpLab(tmp.resolve("lab")).start(List.of(new Object[] {"small.bin", SMALL}, new Object[] {"big.bin", BIG}))) {
            Tmux tmux = new Tmux(tmuxSock, "view");
            tmux.start(120, 40, String.join(" ", lab.inClient(java(), "-jar", jar(), "live", "-i", lab.ifClient, "--tui"))
                    + "; echo EXIT=$?; sleep 300");
            tmux.await("status bar", s -> s.contains("packets ") && s.contains("? help"), 20);

            Path events = tmp.resolve("live.jsonl");
            Path pcap = tmp.resolve("live.pcap");
            Path err = tmp.resolve("live.err");
            jsonl = new ProcessBuilder(lab.inClient(java(), "-jar", jar(), "live", "-i", lab.ifClient, "--format", "jsonl",
                    "--write", pcap.toString())).redirectOutput(events.toFile()).redirectError(err.toFile()).start();
            awaitFile(err, "capturing on " + lab.ifClient, 20);

            Path got = tmp.resolve("got");
            Files.createDirectories(got);
            // 1. passive (EPSV), 2. active (PORT, the server connects from port 20)
            Sh.ok(lab.inClient("curl", "-sS", "-o", got.resolve("a").toString(), lab.url("small.bin")));
            Sh.ok(lab.inClient("curl", "-sS", "-P", FtpLab.CLIENT_IP, "--disable-eprt", "-o", got.resolve("b").toString(),
                    lab.url("small.bin")));
            // 3. a throttled passive (PASV) download, watched while it runs
            Process slow = new ProcessBuilder(lab.inClient("curl", "-sS", "--disable-epsv", "--limit-rate", "300k", "-o",
                    got.resolve("c").toString(), lab.url("big.bin"))).redirectErrorStream(true).start();
            Pattern progress = Pattern.compile("([\\d,]+) / 2,000,000 bytes .*running");
            String running = tmux.await("the running transfer", s -> s.contains("RETR big.bin") && s.contains("passive/PASV")
                    && progress.matcher(s).find() && !s.contains(" 0 / 2,000,000"), 15);
            Matcher m = progress.matcher(running);
            assertTrue(m.find());
            long soFar = Long.parseLong(m.group(1).replace(",", ""));
            assertTrue(soFar > 0 && soFar < BIG, "bytes so far while running: " + soFar + "\n" + running);
            assertTrue(running.contains("transfer") && running.contains("anonymous"), running);
            assertTrue(slow.waitFor(30, TimeUnit.SECONDS) && slow.exitValue() == 0, "throttled curl failed");
            assertEquals(BIG, Files.size(got.resolve("c")));
            String done = tmux.await("the finished transfer", s -> s.contains("2,000,000 / 2,000,000 bytes 100%") && s.contains("complete")
                    && s.contains("sessions 3") && s.contains("transfers 3"), 15);
            assertTrue(done.contains(FtpLab.CLIENT_IP) && done.contains(FtpLab.SERVER_IP + ":21"), done);

            checkKeys(tmux);

            tmux.keys("q");
            String after = tmux.await("the summary", s -> s.contains("EXIT="), 15);
            assertTrue(after.contains("EXIT=0"), after);
            assertTrue(after.matches("(?s).*capture: [\\d,]+ packets, 0 dropped by libpcap, 3 sessions, 3 transfers.*"), after);
            assertFalse(after.contains("? help"), "the terminal is restored (the view's screen is gone):\n" + after);

            Sh.ok("kill", "-INT", Long.toString(jsonl.pid()));
            assertTrue(jsonl.waitFor(20, TimeUnit.SECONDS), "live --format jsonl did not stop on SIGINT");
            String errText = Files.readString(err);
            assertTrue(errText.contains("0 dropped by libpcap, 3 sessions, 3 transfers"), errText);
            List<JsonNode> ev = new ArrayList<>();
            for (String line : Files.readAllLines(events, StandardCharsets.UTF_8)) {
                ev.add(JSON.readTree(line));
            }
            checkJsonl(ev);
            compareWithRead(ev, pcap);
        } finally {
            if (jsonl != null && jsonl.isAlive()) {
                jsonl.destroyForcibly();
            }
            Sh.quiet("tmux", "-L", tmuxSock, "kill-server");
        }
    }

    /** Help, filter, pause and the 80x24 layout, on the finished sessions. */
    private static void checkKeys(Tmux tmux) throws Exception {
        tmux.keys("?");
        tmux.await("help", s -> s.contains("ftpscope terminal view") && s.contains("filter sessions"), 5);
        tmux.keys("x");
        tmux.await("help closed", s -> !s.contains("ftpscope terminal view"), 5);

        tmux.keys("/");
        tmux.literal("S2");
        tmux.keys("Enter");
        String filtered = tmux.await("filter", s -> s.contains("/S2") && s.contains("\nS2 ") && !s.contains("\nS1 ") && !s.contains("\nS3 "), 5);
        assertTrue(filtered.contains("active/PORT"), "S2 is the active download:\n" + filtered);
        tmux.keys("/");
        tmux.keys("Escape");
        tmux.await("filter cleared", s -> s.contains("\nS1 ") && s.contains("\nS3 "), 5);

        tmux.keys("p");
        tmux.await("paused", s -> s.contains("[PAUSED]"), 5);
        tmux.keys("p");
        tmux.await("resumed", s -> !s.contains("[PAUSED]"), 5);

        tmux.resize(80, 24);
        String small = tmux.await("80x24 layout", s -> s.lines().count() == 24 && s.lines().allMatch(l -> l.length() <= 80)
                && s.lines().skip(23).findFirst().orElse("").contains("packets ") && s.contains("\nS3 "), 5);
        assertTrue(small.lines().findFirst().orElse("").contains("ftpscope"), small);
    }

    private static void checkJsonl(List<JsonNode> ev) {
        Set<String> types = new TreeSet<>();
        Map<String, List<JsonNode>> bySession = new LinkedHashMap<>();
        for (JsonNode e : ev) {
            types.add(e.get("event").asText());
            assertTrue(e.has("ts") && e.has("session"), e.toString());
            if (!e.get("session").isNull()) {
                bySession.computeIfAbsent(e.get("session").asText(), k -> new ArrayList<>()).add(e);
            }
        }
        assertTrue(types.containsAll(List.of("session_start", "command", "reply", "data_open", "data_close", "transfer",
                "session_end", "stats")), "event types: " + types);
        JsonNode stats = ev.get(ev.size() - 1);
        assertEquals("stats", stats.get("event").asText());
        assertEquals(0, stats.get("drops").asLong(), "libpcap drops");
        assertEquals(3, stats.get("ftp_sessions").asInt());
        assertEquals(3, bySession.size(), bySession.keySet().toString());
        String[][] want = {{"passive", "EPSV", "300000"}, {"active", "PORT", "300000"}, {"passive", "PASV", "2000000"}};
        int i = 0;
        for (List<JsonNode> s : bySession.values()) {
            List<String> order = s.stream().map(e -> e.get("event").asText()).toList();
            assertEquals("session_start", order.get(0), order.toString());
            assertEquals("session_end", order.get(order.size() - 1), order.toString());
            int open = order.indexOf("data_open");
            int close = order.indexOf("data_close");
            int transfer = order.indexOf("transfer");
            int retr = indexOf(s, "command", "RETR");
            assertTrue(retr < close && open < close && close < transfer, "order per session: " + order);
            assertTrue(s.stream().anyMatch(e -> "PASS".equals(e.path("command").asText()) && "****".equals(e.path("arg").asText())),
                    "PASS is masked");
            JsonNode t = s.get(transfer);
            assertEquals(want[i][0], t.get("mode").asText());
            assertEquals(want[i][1], t.get("via").asText());
            assertEquals(Long.parseLong(want[i][2]), t.get("bytes").asLong());
            assertEquals(Long.parseLong(want[i][2]), t.get("announced_size").asLong());
            assertEquals("complete", t.get("status").asText());
            assertEquals(Long.parseLong(want[i][2]), s.get(close).get(i == 1 ? "bytes_to_server" : "bytes_to_client").asLong(),
                    "data_close byte count (active: the server is the TCP client)");
            if (i == 1) {
                assertTrue(t.get("from_port_20").asBoolean());
            }
            i++;
        }
    }

    private static int indexOf(List<JsonNode> s, String event, String command) {
        for (int i = 0; i < s.size(); i++) {
            if (s.get(i).get("event").asText().equals(event) && command.equals(s.get(i).path("command").asText())) {
                return i;
            }
        }
        fail("no " + event + " " + command);
        return -1;
    }

    /** The same run, saved by --write and read back: the same sessions, commands and transfers. */
    private static void compareWithRead(List<JsonNode> ev, Path pcap) throws Exception {
        Project.Run r = Project.run("read", "--format", "json", pcap.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode doc = JSON.readTree(r.out());
        assertEquals(3, doc.get("sessions").size());
        for (JsonNode s : doc.get("sessions")) {
            String id = s.get("id").asText();
            List<String> docCmds = new ArrayList<>();
            for (JsonNode c : s.get("commands")) {
                if (!c.get("command").isNull()) {
                    docCmds.add(c.get("command").asText() + " " + c.get("arg").asText());
                }
            }
            List<String> liveCmds = ev.stream().filter(e -> id.equals(e.get("session").asText()) && e.get("event").asText().equals("command"))
                    .map(e -> e.get("command").asText() + " " + e.get("arg").asText()).toList();
            assertEquals(docCmds, liveCmds, "commands of " + id);
            JsonNode dt = s.get("transfers").get(0);
            JsonNode lt = ev.stream().filter(e -> id.equals(e.get("session").asText()) && e.get("event").asText().equals("transfer"))
                    .findFirst().orElseThrow();
            for (String f : List.of("command", "arg", "mode", "via", "bytes", "status", "announced_size")) {
                assertEquals(dt.get(f), lt.get(f), id + " transfer " + f);
            }
        }
    }

    @Test
    void withoutPrivilegeOneLineSaysWhatToDo() {
        Sh.Result r = Sh.run(30, "setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", java(), "-Djava.io.tmpdir=/tmp",
                "-jar", jar(), "live", "-i", "lo", "--duration", "1");
        assertEquals(2, r.code(), r.out());
        List<String> lines = r.out().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), r.out());
        assertTrue(lines.get(0).startsWith("ftpscope: no permission to capture on lo: run as root"), lines.get(0));
    }

    /**
     * The least-privilege set-up of docs/user-guide.md, done for real: a group-restricted copy of java
     * inside the JDK's bin directory with CAP_NET_RAW and CAP_NET_ADMIN. An unprivileged user in the
     * group captures; the same user outside the group cannot run the binary at all.
     */
    @Test
    void capabilityGroupLetsAnUnprivilegedUserCapture() {
        String group = "ftpscope-it-cap";
        java.nio.file.Path capJava = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java-ftpscope-it");
        try {
            assertEquals(0, Sh.run(30, "groupadd", "-f", group).code(), "groupadd");
            assertEquals(0, Sh.run(30, "cp", java(), capJava.toString()).code(), "copy java");
            assertEquals(0, Sh.run(30, "chgrp", group, capJava.toString()).code(), "chgrp");
            assertEquals(0, Sh.run(30, "chmod", "0750", capJava.toString()).code(), "chmod");
            Sh.Result cap = Sh.run(30, "setcap", "cap_net_raw,cap_net_admin+ep", capJava.toString());
            assertEquals(0, cap.code(), "setcap (apt-get install libcap2-bin): " + cap.out());

            // Through a shell, as a logged-in user would start it: setpriv exec'ing the binary directly
            // keeps enough of root's credentials for the kernel to let a non-member run it.
            String live = capJava + " -Djava.io.tmpdir=/tmp -jar " + jar() + " live -i lo --duration 1 --format jsonl";
            Sh.Result in = Sh.run(60, "setpriv", "--reuid=nobody", "--regid=nogroup", "--groups=" + group, "--inh-caps=-all",
                    "sh", "-c", live);
            assertEquals(0, in.code(), "nobody in the group captures: " + in.out());
            assertTrue(in.out().contains("\"event\":\"stats\""), "a stats event: " + in.out());
            assertFalse(in.out().contains("no permission"), in.out());

            Sh.Result out = Sh.run(60, "setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--inh-caps=-all",
                    "sh", "-c", live);
            assertTrue(out.code() != 0 && out.out().contains("Permission denied"), "outside the group the binary must not run: " + out.out());

            Sh.Result plain = Sh.run(60, "setpriv", "--reuid=nobody", "--regid=nogroup", "--groups=" + group, "--inh-caps=-all",
                    "sh", "-c", java() + " -Djava.io.tmpdir=/tmp -jar " + jar() + " live -i lo --duration 1");
            assertEquals(2, plain.code(), "the ordinary java has no capture rights: " + plain.out());
        } finally {
            Sh.run(30, "rm", "-f", capJava.toString());
            Sh.run(30, "groupdel", group);
        }
    }

    @Test
    void wrongInterfaceOneLine() {
        Sh.Result r = Sh.run(30, java(), "-jar", jar(), "live", "-i", "nosuch0");
        assertEquals(2, r.code(), r.out());
        List<String> lines = r.out().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(List.of("ftpscope: no interface named 'nosuch0' (list them with `ip link`)"), lines);
    }

    @Test
    void listInterfacesShowsAny() {
        Sh.Result r = Sh.run(30, java(), "-jar", jar(), "live", "--list-interfaces");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("lo ") || l.equals("lo")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("any")), r.out());
    }

    private static void awaitFile(Path p, String text, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            if (Files.exists(p) && Files.readString(p).contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        fail("'" + text + "' not seen in " + p + ": " + (Files.exists(p) ? Files.readString(p) : "(missing)"));
    }

    /** A detached tmux session on a private server socket. */
    static final class Tmux {
        private final String sock;
        private final String name;

        Tmux(String sock, String name) {
            this.sock = sock;
            this.name = name;
        }

        void start(int w, int h, String command) {
            Sh.ok("tmux", "-L", sock, "-f", "/dev/null", "new-session", "-d", "-s", name, "-x", Integer.toString(w), "-y",
                    Integer.toString(h), command);
        }

        String pane() {
            return Sh.ok("tmux", "-L", sock, "capture-pane", "-p", "-t", name);
        }

        void keys(String... keys) {
            String[] cmd = new String[5 + keys.length];
            cmd[0] = "tmux";
            cmd[1] = "-L";
            cmd[2] = sock;
            cmd[3] = "send-keys";
            cmd[4] = "-t" + name;
            System.arraycopy(keys, 0, cmd, 5, keys.length);
            Sh.ok(cmd);
        }

        void literal(String text) {
            Sh.ok("tmux", "-L", sock, "send-keys", "-t", name, "-l", text);
        }

        void resize(int w, int h) {
            Sh.ok("tmux", "-L", sock, "resize-window", "-t", name, "-x", Integer.toString(w), "-y", Integer.toString(h));
        }

        String await(String what, Predicate<String> ok, int seconds) throws InterruptedException {
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            String last = "";
            while (System.nanoTime() < end) {
                last = pane();
                if (ok.test(last)) {
                    return last;
                }
                Thread.sleep(150);
            }
            fail("timed out waiting for " + what + "; the screen was:\n" + last);
            return last;
        }
    }
}
