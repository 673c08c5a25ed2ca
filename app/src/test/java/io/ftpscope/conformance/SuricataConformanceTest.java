package io.ftpscope.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.ftpscope.ftp.DataChannelArgs;
import io.ftpscope.ftp.HostPort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.Yaml;

/**
 * Suricata-verify FTP tests (../shared/corpus/suricata, MANIFEST.md) mapped onto ftpscope's JSON.
 *
 * <p>ftpscope's JSON is turned into EVE-like records: one {@code ftp} record per commands[] entry
 * (the greeting and other unsolicited replies are records without a command, as Suricata's banner
 * transaction), with command/command_data = command/arg, reply/completion_code = the texts and codes
 * of the preliminary and final replies, reply_received = reply not null, dynamic_port = the port
 * ftpscope's parsers read from PORT/EPRT or the 227/229 reply, mode = the mode of the transfer that
 * used that announcement (else active for PORT/EPRT, passive for PASV/EPSV), command_truncated /
 * reply_truncated = the truncated flags; and one {@code ftp_data} record per transfer with a linked
 * data connection, command/filename = the transfer's command/arg (Suricata gives no filename for
 * LIST/MLSD and "&lt;stou&gt;" for STOU without a name), src/dest = the TCP opener and acceptor.
 *
 * <p>{@code ftp}/{@code ftp_data} filters are checked with Suricata's count semantics (exactly N
 * records match). {@code alert} filters whose conditions are ftp.* / ftp_data.* fields are checked
 * for existence only (alert counts depend on the rules). Everything else (alert-only, drop, anomaly,
 * fileinfo, flow, stats, shell, rule-parsing tests) is not mapped and listed by {@link #unmappedListing()}.
 */
class SuricataConformanceTest {
    /** Tests whose ftp/ftp_data counts depend on Suricata settings ftpscope does not model. */
    static final Map<String, String> NOT_MAPPED_COUNTS = Map.of(
            "bug-8489__bug-8489-01", "app-layer.protocols.ftp.max-tx=1 caps Suricata's transactions; ftpscope has no such cap",
            "bug-8489__bug-8489-03", "app-layer.protocols.ftp.max-tx=1 caps Suricata's transactions; ftpscope has no such cap",
            "firewall__ruletype-firewall-119-ftp-non-anonymous-default-allow", "the firewall rules drop the session after the banner",
            "firewall__ruletype-firewall-120-ftp-drop-by-dynamic-port", "the firewall rules drop the data connections");

    record Check(String kind, Map<String, Object> match, int count, String why) {
    }

    record Outcome(List<String> mapped, List<String> notMapped) {
    }

    @TestFactory
    Stream<DynamicTest> everyFtpTest() throws IOException {
        Path dir = Corpus.dir("suricata");
        List<Path> tests;
        try (Stream<Path> s = Files.list(dir)) {
            tests = s.filter(Files::isDirectory).filter(p -> Files.exists(p.resolve("test.yaml"))).sorted().toList();
        }
        assertTrue(tests.size() >= 50, "suricata corpus: " + tests.size() + " tests");
        return tests.stream().map(t -> DynamicTest.dynamicTest(t.getFileName().toString(), () -> {
            Outcome o = evaluate(t);
            System.out.println("[suricata] " + t.getFileName() + ": " + o.mapped().size() + " checks mapped, "
                    + o.notMapped().size() + " not mapped");
        }));
    }

    /** The negative test: IRC traffic must not become an FTP session. */
    @Test
    void ircIsNotFtp() {
        Path pcap = Corpus.dir("suricata").resolve("irc/input.pcap");
        JsonNode doc = Corpus.json("read", "--format", "json", pcap.toString());
        assertEquals(0, doc.get("sessions").size(), "sessions found in IRC traffic");
        assertEquals(0, doc.get("stats").get("ftp_sessions").asInt());
    }

    /** Truncation: --max-line cuts at 4096 bytes, "RETR " + 4091 bytes of argument, and flags the command. */
    @Test
    void tooLongCommandIsCutAt4096() {
        Path pcap = Corpus.dir("suricata").resolve("ftp__ftp-too-long-command/ftp-too-long-command.pcap");
        JsonNode s = Corpus.json("read", "--format", "json", pcap.toString()).get("sessions").get(0);
        int truncated = 0;
        for (JsonNode c : s.get("commands")) {
            if (c.path("truncated").asBoolean(false)) {
                truncated++;
                assertEquals("RETR", c.get("command").asText());
                assertEquals(4091, c.get("arg").asText().length());
            }
        }
        assertEquals(1, truncated);
        assertEquals(1, s.get("over_long_lines").asInt());
    }

    @Test
    void unmappedListing() throws IOException {
        Path dir = Corpus.dir("suricata");
        int mapped = 0;
        int not = 0;
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path t : s.filter(p -> Files.exists(p.resolve("test.yaml"))).sorted().toList()) {
                Outcome o = plan(t);
                mapped += o.mapped().size();
                not += o.notMapped().size();
                o.notMapped().forEach(n -> sb.append("\n  ").append(t.getFileName()).append(": ").append(n));
            }
        }
        System.out.println("[suricata] " + mapped + " checks mapped, " + not + " not mapped:" + sb);
        assertTrue(mapped >= 60, "mapped checks: " + mapped);
    }

    // ---- the test.yaml side -----------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(Path p) {
        Object o = new Yaml().load(Corpus.read(p));
        return o instanceof Map ? (Map<String, Object>) o : Map.of();
    }

    /** The pcap a test reads, or null (pcap: false, or none). */
    static Path pcap(Path test) throws IOException {
        Map<String, Object> y = yaml(test.resolve("test.yaml"));
        Object p = y.get("pcap");
        Object req = y.get("requires");
        if (Boolean.FALSE.equals(p) || (req instanceof Map<?, ?> r && Boolean.FALSE.equals(r.get("pcap")))) {
            return null;
        }
        if (p instanceof String s) {
            if (!s.contains("..")) {
                return test.resolve(s);
            }
            // copied in as external__<repo path below tests/, / -> __>
            String repoDir = test.getFileName().toString().replace("__", "/");
            String below = Path.of(repoDir).resolve(s).normalize().toString();
            Path ext = test.resolve("external__" + below.replace("/", "__"));
            assertTrue(Files.exists(ext), "missing " + ext);
            return ext;
        }
        try (Stream<Path> s = Files.list(test)) {
            List<Path> l = s.filter(f -> f.getFileName().toString().endsWith(".pcap")).toList();
            return l.size() == 1 ? l.get(0) : null;
        }
    }

    @SuppressWarnings("unchecked")
    static Outcome plan(Path test) throws IOException {
        return classify(test, (List<Object>) yaml(test.resolve("test.yaml")).getOrDefault("checks", List.of()), pcap(test), new ArrayList<>());
    }

    @SuppressWarnings("unchecked")
    private static Outcome classify(Path test, List<Object> checks, Path pcap, List<Check> out) {
        List<String> mapped = new ArrayList<>();
        List<String> notMapped = new ArrayList<>();
        String name = test.getFileName().toString();
        for (Object o : checks) {
            Map<String, Object> c = (Map<String, Object>) o;
            Map<String, Object> f = (Map<String, Object>) c.get("filter");
            if (f == null) {
                notMapped.add("non-filter check " + c.keySet() + " (shell/rule output)");
                continue;
            }
            Map<String, Object> match = new LinkedHashMap<>((Map<String, Object>) f.getOrDefault("match", Map.of()));
            int count = ((Number) f.getOrDefault("count", 1)).intValue();
            String et = String.valueOf(match.get("event_type"));
            String desc = describe(f);
            if (f.containsKey("lt-version") || (f.containsKey("filename") && !"eve.json".equals(f.get("filename")))) {
                notMapped.add(desc + " - version-specific or not an EVE check");
            } else if (pcap == null) {
                notMapped.add(desc + " - no pcap (rule/config test)");
            } else if ((et.equals("ftp") || et.equals("ftp_data")) && NOT_MAPPED_COUNTS.containsKey(name)) {
                notMapped.add(desc + " - " + NOT_MAPPED_COUNTS.get(name));
            } else if (et.equals("ftp") || et.equals("ftp_data")) {
                match.remove("event_type");
                out.add(new Check(et, match, count, desc));
                mapped.add(desc);
            } else if (et.equals("alert") && hasProtocolFields(match) && count > 0) {
                match.remove("event_type");
                match.remove("alert.signature_id");
                match.remove("app_proto");
                String kind = match.keySet().stream().anyMatch(k -> k.startsWith("ftp_data.")) ? "ftp_data" : "ftp";
                Map<String, Object> m = new LinkedHashMap<>();
                match.forEach((k, v) -> m.put(k.substring(k.indexOf('.') + 1), v));
                out.add(new Check(kind, m, -1, desc + " (existence of the " + kind + " record)"));
                mapped.add(desc + " (existence only)");
            } else {
                notMapped.add(desc + " - " + (et.equals("alert") || et.equals("null") && match.containsKey("alert.signature_id")
                        ? "rule outcome" : et + " records are not modelled"));
            }
        }
        return new Outcome(mapped, notMapped);
    }

    private static boolean hasProtocolFields(Map<String, Object> match) {
        boolean any = false;
        for (String k : match.keySet()) {
            if (k.startsWith("ftp.") || k.startsWith("ftp_data.")) {
                any = true;
            } else if (!Set.of("event_type", "alert.signature_id", "app_proto").contains(k)) {
                return false;
            }
        }
        return any;
    }

    private static String describe(Map<String, Object> f) {
        return f.get("match") + " x" + f.getOrDefault("count", 1)
                + (f.containsKey("min-version") ? " (min-version " + f.get("min-version") + ")" : "");
    }

    // ---- the ftpscope side ------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    static Outcome evaluate(Path test) throws IOException {
        Path pcap = pcap(test);
        List<Check> checks = new ArrayList<>();
        Outcome o = classify(test, (List<Object>) yaml(test.resolve("test.yaml")).getOrDefault("checks", List.of()), pcap, checks);
        if (checks.isEmpty()) {
            return o;
        }
        List<String> args = new ArrayList<>(List.of("read", "--format", "json", "--show-passwords"));
        Integer maxLine = maxLine(test);
        if (maxLine != null) {
            args.add("--max-line");
            args.add(String.valueOf(maxLine));
        }
        args.add(pcap.toString());
        JsonNode doc = Corpus.json(args.toArray(new String[0]));
        Map<String, List<Map<String, Object>>> records = records(doc);
        StringBuilder failures = new StringBuilder();
        for (Check c : checks) {
            List<Map<String, Object>> recs = records.get(c.kind());
            long n = recs.stream().filter(r -> matches(r, c.match())).count();
            boolean ok = c.count() < 0 ? n > 0 : n == c.count();
            if (!ok) {
                failures.append("\n  ").append(c.kind()).append(' ').append(c.why()).append(": ").append(n).append(" records match");
            }
        }
        if (failures.length() > 0) {
            StringBuilder dump = new StringBuilder();
            records.forEach((k, l) -> l.forEach(r -> dump.append("\n    ").append(k).append(' ').append(r)));
            fail(test.getFileName() + " (" + pcap.getFileName() + "):" + failures + "\n  ftpscope records:" + dump);
        }
        return o;
    }

    /** app-layer.protocols.ftp.max-line-length from the test's suricata.yaml ("5kb"). */
    static Integer maxLine(Path test) {
        Path y = test.resolve("suricata.yaml");
        if (!Files.exists(y)) {
            return null;
        }
        Matcher m = Pattern.compile("max-line-length:\\s*(\\d+)\\s*(kb|mb)?", Pattern.CASE_INSENSITIVE).matcher(Corpus.read(y));
        if (!m.find()) {
            return null;
        }
        int v = Integer.parseInt(m.group(1));
        return m.group(2) == null ? v : m.group(2).equalsIgnoreCase("kb") ? v * 1024 : v * 1024 * 1024;
    }

    static Map<String, List<Map<String, Object>>> records(JsonNode doc) {
        List<Map<String, Object>> ftp = new ArrayList<>();
        List<Map<String, Object>> data = new ArrayList<>();
        for (JsonNode s : doc.get("sessions")) {
            Map<String, String> modeOf = new LinkedHashMap<>();
            for (JsonNode t : s.get("transfers")) {
                if (!t.get("advertised").isNull() && !t.get("via").isNull()) {
                    modeOf.putIfAbsent(t.get("via").asText() + ":" + t.get("advertised").get("port").asInt(), t.get("mode").asText());
                }
            }
            for (JsonNode e : s.get("commands")) {
                Map<String, Object> r = endpoints(s.get("client"), s.get("server"));
                r.put("app_proto", "ftp");
                String verb = Corpus.text(e.get("command"));
                String arg = Corpus.text(e.get("arg"));
                if (verb != null) {
                    r.put("command", verb);
                }
                if (arg != null) {
                    r.put("command_data", arg);
                }
                List<String> texts = new ArrayList<>();
                List<String> codes = new ArrayList<>();
                boolean replyTruncated = false;
                for (JsonNode p : e.path("preliminary")) {
                    texts.addAll(List.of(p.get("text").asText().split("\n", -1)));
                    codes.add(p.get("code").asText());
                    replyTruncated |= p.path("truncated").asBoolean(false);
                }
                JsonNode reply = e.get("reply");
                if (reply != null && !reply.isNull()) {
                    texts.addAll(List.of(reply.get("text").asText().split("\n", -1)));
                    codes.add(reply.get("code").asText());
                    replyTruncated |= reply.path("truncated").asBoolean(false);
                }
                r.put("reply", texts);
                r.put("completion_code", codes);
                r.put("reply_received", reply != null && !reply.isNull() ? "yes" : "no");
                r.put("command_truncated", e.path("truncated").asBoolean(false));
                r.put("reply_truncated", replyTruncated);
                HostPort hp = verb == null ? null : switch (verb) {
                    case "PORT" -> DataChannelArgs.port(arg);
                    case "EPRT" -> DataChannelArgs.eprt(arg);
                    case "PASV" -> reply == null || reply.isNull() || reply.get("code").asInt() != 227 ? null
                            : DataChannelArgs.pasv(reply.get("text").asText());
                    case "EPSV" -> reply == null || reply.isNull() || reply.get("code").asInt() != 229 ? null
                            : DataChannelArgs.epsv(reply.get("text").asText());
                    default -> null;
                };
                if (hp != null) {
                    r.put("dynamic_port", hp.port());
                    String byVerb = verb.equals("PORT") || verb.equals("EPRT") ? "active" : "passive";
                    String mode = modeOf.getOrDefault(verb + ":" + hp.port(), byVerb);
                    assertEquals(byVerb, mode, "transfer mode for " + verb + " " + hp);
                    r.put("mode", mode);
                }
                ftp.add(r);
            }
            for (JsonNode t : s.get("transfers")) {
                JsonNode d = t.get("data");
                if (d == null || d.isNull()) {
                    continue;
                }
                boolean active = "active".equals(Corpus.text(t.get("mode")));
                Map<String, Object> r = endpoints(active ? d.get("server") : d.get("client"), active ? d.get("client") : d.get("server"));
                r.put("app_proto", "ftp-data");
                String verb = Corpus.text(t.get("command"));
                String arg = Corpus.text(t.get("arg"));
                if (verb != null) {
                    r.put("command", verb);
                    if (verb.equals("STOU") && (arg == null || arg.isBlank())) {
                        r.put("filename", "<stou>");
                    } else if (!verb.equals("LIST") && !verb.equals("MLSD") && arg != null && !arg.isBlank()) {
                        r.put("filename", arg);
                    }
                }
                data.add(r);
            }
        }
        return Map.of("ftp", ftp, "ftp_data", data);
    }

    private static Map<String, Object> endpoints(JsonNode src, JsonNode dst) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("src_ip", src.get("ip").asText());
        r.put("src_port", src.get("port").asInt());
        r.put("dest_ip", dst.get("ip").asText());
        r.put("dest_port", dst.get("port").asInt());
        return r;
    }

    /** EVE filter semantics: a.b = field, .__len, .__contains, [i], not-has-key; ftp./ftp_data. prefixes dropped. */
    static boolean matches(Map<String, Object> r, Map<String, Object> match) {
        for (Map.Entry<String, Object> m : match.entrySet()) {
            String key = m.getKey();
            Object want = m.getValue();
            if (key.equals("not-has-key")) {
                if (r.containsKey(strip(String.valueOf(want)))) {
                    return false;
                }
                continue;
            }
            key = strip(key);
            if (key.endsWith(".__len")) {
                Object v = r.get(key.substring(0, key.length() - 6));
                int len = v instanceof List<?> l ? l.size() : v == null ? -1 : v.toString().length();
                if (len != ((Number) want).intValue()) {
                    return false;
                }
            } else if (key.endsWith(".__contains")) {
                Object v = r.get(key.substring(0, key.length() - 11));
                if (!(v instanceof List<?> l) || l.stream().noneMatch(x -> same(x, want))) {
                    return false;
                }
            } else if (key.matches(".*\\[\\d+]")) {
                int i = Integer.parseInt(key.substring(key.indexOf('[') + 1, key.length() - 1));
                Object v = r.get(key.substring(0, key.indexOf('[')));
                if (!(v instanceof List<?> l) || l.size() <= i || !same(l.get(i), want)) {
                    return false;
                }
            } else if (!same(r.get(key), want)) {
                return false;
            }
        }
        return true;
    }

    private static String strip(String key) {
        return key.startsWith("ftp_data.") ? key.substring(9) : key.startsWith("ftp.") ? key.substring(4) : key;
    }

    private static boolean same(Object have, Object want) {
        if (have instanceof List<?> h && want instanceof List<?> w) {
            if (h.size() != w.size()) {
                return false;
            }
            for (int i = 0; i < h.size(); i++) {
                if (!same(h.get(i), w.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return have != null && want != null && Objects.equals(String.valueOf(have), String.valueOf(want));
    }
}
