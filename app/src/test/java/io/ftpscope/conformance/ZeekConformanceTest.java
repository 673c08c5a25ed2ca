package io.ftpscope.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * ftpscope's `--format zeek` against every Zeek btest baseline that has an ftp.log (see
 * ../shared/corpus/zeek/MANIFEST.md and docs/conformance.md).
 *
 * <p>Per row: ts (only where the baseline does not mask it), id.*, user, password, command, arg,
 * file_size, reply_code, reply_msg and data_channel.* are compared; uid and fuid are generated
 * identifiers and mime_type is not sniffed by ftpscope, so those three are ignored. Rows are
 * compared as a multiset per control connection (Zeek writes rows in completion order).
 *
 * <p>Test-script redefs are emulated: commands added to FTP::logged_commands are rebuilt from
 * ftpscope's JSON (command, argument, final reply), max_user/password/arg/reply_msg_length truncate
 * the compared values, default_capture_password=T runs with --show-passwords. Where Zeek and
 * ftpscope disagree on purpose, a {@link Deviation} (documented in docs/conformance.md) states
 * both values and the test asserts ftpscope's.
 */
class ZeekConformanceTest {
    static final List<String> COLUMNS = List.of("ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "user",
            "password", "command", "arg", "mime_type", "file_size", "reply_code", "reply_msg", "data_channel.passive",
            "data_channel.orig_h", "data_channel.resp_h", "data_channel.resp_p", "fuid");
    /** Columns that are compared (uid, fuid: generated ids; mime_type: ftpscope does not sniff MIME types). */
    static final List<String> COMPARED = List.of("id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "user", "password",
            "command", "arg", "file_size", "reply_code", "reply_msg", "data_channel.passive", "data_channel.orig_h",
            "data_channel.resp_h", "data_channel.resp_p");
    static final Set<String> DEFAULT_LOGGED = Set.of("APPE", "DELE", "RETR", "STOR", "STOU", "ACCT", "PORT", "PASV", "EPRT", "EPSV");
    static final Set<String> GUESTS = Set.of("anonymous", "ftp", "ftpuser", "guest");
    static final Set<String> FILE_CMDS = Set.of("APPE", "CWD", "DELE", "MKD", "RETR", "RMD", "RNFR", "RNTO", "STOR", "STOU", "REST", "SIZE", "MDTM");
    static final String MASKED_TS = "XXXXXXXXXX.XXXXXX";

    /** A documented difference: rows matching {@code match} (exactly {@code count} of them) differ as described. */
    record Deviation(Kind kind, Map<String, String> match, Map<String, String> ftpscope, int count, String reason) {
    }

    enum Kind {
        /** The baseline row exists in both; ftpscope's values for some columns differ (asserted). */
        VALUES,
        /** Zeek writes the row, ftpscope does not. */
        ONLY_ZEEK,
        /** ftpscope writes the row (matched on ftpscope's values), Zeek does not. */
        ONLY_FTPSCOPE
    }

    static Deviation values(Map<String, String> match, Map<String, String> ftpscope, int count, String reason) {
        return new Deviation(Kind.VALUES, match, ftpscope, count, reason);
    }

    static Deviation onlyZeek(Map<String, String> match, int count, String reason) {
        return new Deviation(Kind.ONLY_ZEEK, match, Map.of(), count, reason);
    }

    static Deviation onlyFtpscope(Map<String, String> match, int count, String reason) {
        return new Deviation(Kind.ONLY_FTPSCOPE, match, Map.of(), count, reason);
    }

    private static final String AFTER_VIOLATION = "Zeek disables its FTP analyzer after the protocol violation: the pending command is "
            + "logged at connection end with the previous reply, later commands are not logged; ftpscope keeps parsing";

    /** Every known difference, by baseline directory. Kept in step with docs/conformance.md. */
    static final Map<String, List<Deviation>> DEVIATIONS = Map.of(
            "scripts.base.protocols.ftp.cwd-navigation", List.of(
                    values(Map.of("command", "PASV", "data_channel.resp_p", "61799", "reply_code", "226"),
                            Map.of("reply_code", "227", "reply_msg", "Entering Passive Mode (205,167,25,101,241,103)."), 1,
                            "the RETR that followed is in the 233 bytes the capture lost; Zeek gives its 150/226 to the PASV"),
                    values(Map.of("command", "PASV", "data_channel.resp_p", "63547", "reply_code", "226"),
                            Map.of("reply_code", "227", "reply_msg", "Entering Passive Mode (205,167,25,101,248,59)."), 1,
                            "the RETR that followed is in the bytes the capture lost; Zeek gives its 150/226 to the PASV")),
            "scripts.base.protocols.ftp.ftp-invalid-reply-code", List.of(
                    values(Map.of("command", "PASV", "reply_code", "230", "reply_msg", "PASS OK"),
                            Map.of("reply_code", "0", "reply_msg", "99 PASV invalid"), 1, AFTER_VIOLATION),
                    onlyFtpscope(Map.of("command", "QUIT", "reply_code", "221", "reply_msg", "Bye"), 1, AFTER_VIOLATION)),
            "scripts.base.protocols.ftp.ftp-missing-reply-code", List.of(
                    values(Map.of("command", "SYST", "reply_code", "230", "reply_msg", "PASS OK"),
                            Map.of("reply_code", "0", "reply_msg", "SYST not supported"), 1, AFTER_VIOLATION),
                    onlyFtpscope(Map.of("command", "QUIT", "reply_code", "221", "reply_msg", "Bye"), 1, AFTER_VIOLATION)),
            "scripts.base.protocols.ftp.ftp-missing-space-after-reply-code", List.of(
                    values(Map.of("command", "RETR", "reply_code", "230", "reply_msg", "PASS OK"),
                            Map.of("reply_code", "230", "reply_msg", "no_space"), 1,
                            "ftpscope reads '230_no_space' leniently as code 230; Zeek rejects it. " + AFTER_VIOLATION),
                    onlyFtpscope(Map.of("command", "QUIT", "reply_code", "221", "reply_msg", "Bye"), 1, AFTER_VIOLATION)),
            "scripts.base.protocols.ftp.ftp-max-command-length", List.of(
                    values(Map.of("command", "SYST", "reply_code", "200"),
                            Map.of("reply_code", "215", "reply_msg", "Response to SYST command"), 1,
                            "Zeek drops commands over 100 bytes, so its FIFO pairing shifts by one; ftpscope keeps them (invalid verb)"),
                    values(Map.of("command", "PASV", "reply_code", "215"),
                            Map.of("reply_code", "227", "reply_msg", "Response to PASV command"), 1,
                            "Zeek drops commands over 100 bytes, so its FIFO pairing shifts by one; ftpscope keeps them (invalid verb)")),
            "scripts.base.protocols.ftp.ftp-max-pending-commands", List.of(
                    values(Map.of("command", "USER", "password", "anonymous@zeek.org"), Map.of("password", "-"), 1,
                            "Zeek fills user/password when the row is written (after the pipelined PASS); ftpscope as of the command"),
                    onlyFtpscope(Map.of("command", "PASV", "reply_code", "227", "reply_msg", "Fake response PASV"), 1,
                            "FTP::max_pending_commands=5 makes Zeek drop later commands; ftpscope has no such cap (1000)"),
                    onlyFtpscope(Map.of("command", "RETR", "reply_code", "225", "arg", "ftp://127.0.0.1/./robots.txt"), 1,
                            "FTP::max_pending_commands=5 makes Zeek drop later commands; ftpscope has no such cap (1000)"),
                    onlyFtpscope(Map.of("command", "PORT", "reply_code", "200", "arg", "114,115"), 1,
                            "FTP::max_pending_commands=5 makes Zeek drop later commands; ftpscope has no such cap (1000)")),
            "scripts.base.protocols.ftp.ftp-multiline-reply", List.of(
                    values(Map.of("command", "RETR", "reply_code", "221"),
                            Map.of("reply_code", "550", "reply_msg", "libssh-0.5.2.tar.gz: No such file or directory."), 1,
                            "the 550 answers RETR; the later 221 is an unsolicited goodbye that Zeek pairs with the still-open RETR")),
            "scripts.policy.protocols.ftp.ftp", List.of(
                    values(Map.of("command", "RETR", "reply_code", "221"),
                            Map.of("reply_code", "550", "reply_msg", "libssh-0.5.2.tar.gz: No such file or directory."), 1,
                            "the 550 answers RETR; the later 221 is an unsolicited goodbye that Zeek pairs with the still-open RETR")),
            "scripts.policy.protocols.ftp.bruteforce", List.of(
                    onlyZeek(Map.of("command", "QUIT", "user", "bro", "password", "<hidden>", "reply_code", "221"), 30,
                            "newer Zeek writes one row for a session without any logged command (login-only sessions); "
                                    + "ftpscope writes only FTP::logged_commands rows; the sessions are in its JSON")));

    /** The redefs of a btest script that change ftp.log. */
    record Options(Set<String> extraLogged, boolean capturePassword, int maxUser, int maxPassword, int maxArg, int maxReplyMsg,
                   Integer maxPending) {
        static Options of(String script) {
            Set<String> extra = new HashSet<>();
            Matcher m = Pattern.compile("redef\\s+FTP::logged_commands\\s*\\+=\\s*\\{([^}]*)}").matcher(script);
            while (m.find()) {
                Matcher q = Pattern.compile("\"([^\"]+)\"").matcher(m.group(1));
                while (q.find()) {
                    extra.add(q.group(1));
                }
            }
            return new Options(extra, script.matches("(?s).*redef\\s+FTP::default_capture_password\\s*=\\s*T\\s*;.*"),
                    intRedef(script, "max_user_length", 128), intRedef(script, "max_password_length", 128),
                    intRedef(script, "max_arg_length", 4096), intRedef(script, "max_reply_msg_length", 4096),
                    script.contains("FTP::max_pending_commands") ? intRedef(script, "max_pending_commands", 20) : null);
        }

        private static int intRedef(String script, String name, int dflt) {
            Matcher m = Pattern.compile("redef\\s+FTP::" + name + "\\s*=\\s*(\\d+)\\s*;").matcher(script);
            return m.find() ? Integer.parseInt(m.group(1)) : dflt;
        }
    }

    record Case(String baseline, String script, String trace) {
    }

    /** Baseline dir → btest script and trace, from MANIFEST.md's table. */
    static List<Case> cases() {
        Path zeek = Corpus.dir("zeek");
        List<Case> out = new ArrayList<>();
        Pattern row = Pattern.compile("^\\| `([^`]+)` \\| `([^`]+)` \\| (?:`([^`]+)`|—[^|]*) \\|");
        for (String line : Corpus.read(zeek.resolve("MANIFEST.md")).split("\n")) {
            Matcher m = row.matcher(line);
            if (m.find() && Files.isDirectory(zeek.resolve("baselines").resolve(m.group(1)))) {
                out.add(new Case(m.group(1), m.group(2), m.group(3)));
            }
        }
        assertTrue(out.size() >= 20, "MANIFEST.md table not understood: " + out);
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyFtpLogBaseline() {
        Path zeek = Corpus.dir("zeek");
        List<Case> withLog = cases().stream().filter(c -> Files.exists(zeek.resolve("baselines").resolve(c.baseline()).resolve("ftp.log")))
                .toList();
        assertEquals(18, withLog.size(), "baselines with an ftp.log");
        return withLog.stream().map(c -> DynamicTest.dynamicTest(c.baseline(), () -> compare(zeek, c)));
    }

    @Test
    void deviationsNameExistingBaselines() {
        Set<String> names = new HashSet<>();
        cases().forEach(c -> names.add(c.baseline()));
        assertTrue(names.containsAll(DEVIATIONS.keySet()), "unknown baseline in DEVIATIONS: " + DEVIATIONS.keySet());
    }

    /** The sessions behind the bruteforce baseline's QUIT rows are all in ftpscope's JSON: 30 failed logins of "bro". */
    @Test
    void bruteforceSessionsAreInTheJson() {
        Path trace = Corpus.dir("zeek").resolve("traces/ftp__bruteforce.pcap");
        JsonNode doc = Corpus.json("read", "--format", "json", trace.toString());
        JsonNode sessions = doc.get("sessions");
        assertEquals(30, sessions.size());
        for (JsonNode s : sessions) {
            assertEquals("bro", s.get("user").asText());
            assertEquals("failed", s.get("login").asText());
            JsonNode last = s.get("commands").get(s.get("commands").size() - 1);
            assertEquals("QUIT", last.get("command").asText());
            assertEquals(221, last.get("reply").get("code").asInt());
        }
    }

    static void compare(Path zeek, Case c) {
        Path base = zeek.resolve("baselines").resolve(c.baseline()).resolve("ftp.log");
        Options opt = Options.of(Corpus.read(zeek.resolve("tests").resolve(c.script())));
        String trace = zeek.resolve("traces").resolve(c.trace()).toString();
        List<String> args = new ArrayList<>(List.of("read", "--format", "zeek"));
        if (opt.capturePassword()) {
            args.add("--show-passwords");
        }
        args.add(trace);
        String ours = Corpus.run(args.toArray(new String[0]));
        List<String[]> ourRows = Corpus.zeekRows(ours);
        for (String[] r : ourRows) {
            assertEquals(COLUMNS.size(), r.length, "ftpscope row has " + r.length + " columns: " + String.join("|", r));
            assertTrue(DEFAULT_LOGGED.contains(r[COLUMNS.indexOf("command")]), "ftpscope logged " + Arrays.toString(r));
            assertTrue(r[COLUMNS.indexOf("uid")].startsWith("CFS"), "uid " + r[1]);
            assertEquals("-", r[COLUMNS.indexOf("mime_type")]);
            assertEquals("-", r[COLUMNS.indexOf("fuid")]);
        }
        List<Map<String, String>> mine = new ArrayList<>();
        for (String[] r : ourRows) {
            mine.add(emulate(toMap(r), opt));
        }
        Set<String> extra = new TreeSet<>(opt.extraLogged());
        extra.removeAll(DEFAULT_LOGGED);
        if (!extra.isEmpty()) {
            JsonNode doc = Corpus.json("read", "--format", "json", "--show-passwords", trace);
            for (JsonNode s : doc.get("sessions")) {
                for (Map<String, String> r : rowsFromJson(s, extra, opt.capturePassword())) {
                    mine.add(emulate(r, opt));
                }
            }
        }

        List<Map<String, String>> theirs = new ArrayList<>();
        for (String[] r : Corpus.zeekRows(Corpus.read(base))) {
            assertEquals(COLUMNS.size(), r.length, "baseline row " + Arrays.toString(r));
            theirs.add(toMap(r));
        }
        for (Deviation d : DEVIATIONS.getOrDefault(c.baseline(), List.of())) {
            List<Map<String, String>> target = d.kind() == Kind.ONLY_FTPSCOPE ? mine : theirs;
            List<Map<String, String>> hit = target.stream().filter(r -> matches(r, d.match())).toList();
            assertEquals(d.count(), hit.size(), c.baseline() + ": documented difference no longer matches as stated: " + d);
            switch (d.kind()) {
                case VALUES -> hit.forEach(r -> r.putAll(d.ftpscope()));
                case ONLY_ZEEK, ONLY_FTPSCOPE -> target.removeIf(r -> matches(r, d.match()));
                default -> fail();
            }
        }
        assertRowsEqual(c.baseline(), theirs, mine);
    }

    static Map<String, String> toMap(String[] r) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < COLUMNS.size(); i++) {
            m.put(COLUMNS.get(i), r[i]);
        }
        return m;
    }

    static boolean matches(Map<String, String> row, Map<String, String> match) {
        return match.entrySet().stream().allMatch(e -> e.getValue().equals(row.get(e.getKey())));
    }

    /** The length limits a test script sets, applied as Zeek applies them (user/password when read, arg/reply_msg when logged). */
    static Map<String, String> emulate(Map<String, String> r, Options o) {
        r.computeIfPresent("user", (k, v) -> v.equals("<unknown>") ? v : cut(v, o.maxUser()));
        r.computeIfPresent("password", (k, v) -> v.equals("-") || v.equals("<hidden>") ? v : cut(v, o.maxPassword()));
        r.computeIfPresent("arg", (k, v) -> v.equals("-") ? v : cut(v, o.maxArg()));
        r.computeIfPresent("reply_msg", (k, v) -> v.equals("-") ? v : cut(v, o.maxReplyMsg()));
        return r;
    }

    private static String cut(String v, int n) {
        return v.length() > n ? v.substring(0, n) : v;
    }

    /**
     * Rows for the commands a test adds to FTP::logged_commands, from ftpscope's JSON: "&lt;init&gt;" is the
     * greeting; user/password are those sent up to the command; PASS and the password are hidden as
     * Zeek hides them.
     */
    static List<Map<String, String>> rowsFromJson(JsonNode s, Set<String> extra, boolean capture) {
        List<Map<String, String>> rows = new ArrayList<>();
        String user = "<unknown>";
        String password = null;
        boolean greeted = false;
        for (JsonNode e : s.get("commands")) {
            String verb = Corpus.text(e.get("command"));
            String arg = Corpus.text(e.get("arg"));
            JsonNode reply = e.get("reply");
            String logAs = verb;
            if (verb == null) {
                if (greeted || reply == null || reply.get("code").asInt() != 220) {
                    continue;
                }
                greeted = true;
                logAs = "<init>";
            } else if (verb.equals("USER")) {
                user = arg == null ? "" : arg;
            } else if (verb.equals("PASS")) {
                password = arg == null ? "" : arg;
            }
            if (!extra.contains(logAs) || reply == null || reply.isNull()) {
                continue;
            }
            assertTrue(!FILE_CMDS.contains(logAs), "URL building for an added file command is not emulated: " + logAs);
            boolean hide = !capture && !GUESTS.contains(user.toLowerCase(Locale.ROOT));
            String text = reply.get("text").asText();
            Map<String, String> r = new LinkedHashMap<>();
            r.put("ts", Corpus.epoch(e.get("ts").asText()));
            r.put("uid", "-");
            r.put("id.orig_h", s.get("client").get("ip").asText());
            r.put("id.orig_p", s.get("client").get("port").asText());
            r.put("id.resp_h", s.get("server").get("ip").asText());
            r.put("id.resp_p", s.get("server").get("port").asText());
            r.put("user", user);
            r.put("password", password == null ? "-" : hide ? "<hidden>" : password);
            r.put("command", logAs);
            r.put("arg", logAs.equals("PASS") && hide ? "<hidden>" : arg == null || arg.isEmpty() ? "-" : arg);
            r.put("mime_type", "-");
            r.put("file_size", "-");
            r.put("reply_code", reply.get("code").asText());
            r.put("reply_msg", text.substring(text.lastIndexOf('\n') + 1));
            for (String dc : List.of("data_channel.passive", "data_channel.orig_h", "data_channel.resp_h", "data_channel.resp_p", "fuid")) {
                r.put(dc, "-");
            }
            rows.add(r);
        }
        return rows;
    }

    /** Multiset per control connection; ts compared to the microsecond unless the baseline masks it. */
    static void assertRowsEqual(String name, List<Map<String, String>> zeek, List<Map<String, String>> ours) {
        Map<String, List<String>> z = byConnection(zeek);
        Map<String, List<String>> o = byConnection(ours);
        StringBuilder diff = new StringBuilder();
        Set<String> conns = new TreeSet<>(z.keySet());
        conns.addAll(o.keySet());
        for (String conn : conns) {
            List<String> zr = new ArrayList<>(z.getOrDefault(conn, List.of()));
            List<String> or = new ArrayList<>(o.getOrDefault(conn, List.of()));
            List<String> onlyZ = new ArrayList<>(zr);
            or.forEach(onlyZ::remove);
            List<String> onlyO = new ArrayList<>(or);
            zr.forEach(onlyO::remove);
            onlyZ.forEach(r -> diff.append("\n  only in Zeek:     ").append(r));
            onlyO.forEach(r -> diff.append("\n  only in ftpscope: ").append(r));
        }
        boolean masked = zeek.stream().allMatch(r -> MASKED_TS.equals(r.get("ts")));
        if (!masked) {
            List<String> zt = zeek.stream().map(r -> r.get("ts")).sorted().toList();
            List<String> ot = ours.stream().map(r -> r.get("ts")).sorted().toList();
            if (!zt.equals(ot)) {
                diff.append("\n  ts differ: Zeek ").append(zt).append(" ftpscope ").append(ot);
            }
        }
        if (diff.length() > 0) {
            fail(name + ": ftp.log rows differ (columns " + COMPARED + "):" + diff);
        }
        assertEquals(zeek.size(), ours.size(), name + ": row count");
    }

    private static Map<String, List<String>> byConnection(List<Map<String, String>> rows) {
        Map<String, List<String>> m = new TreeMap<>();
        for (Map<String, String> r : rows) {
            String conn = r.get("id.orig_h") + ":" + r.get("id.orig_p") + " > " + r.get("id.resp_h") + ":" + r.get("id.resp_p");
            StringBuilder sb = new StringBuilder();
            for (String col : COMPARED) {
                sb.append(sb.length() == 0 ? "" : "\t").append(r.get(col));
            }
            m.computeIfAbsent(conn, k -> new ArrayList<>()).add(sb.toString());
        }
        return m;
    }
}
