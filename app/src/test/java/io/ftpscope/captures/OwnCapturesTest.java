package io.ftpscope.captures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ftpscope.testutil.Project;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every capture in captures/ against manifest.json, which records how the capture was made (the
 * served files' sizes, the scripted commands, the configured addresses): sessions, logins, TLS,
 * and every transfer's mode, via, bytes, status and reply.
 */
class OwnCapturesTest {
    private static final ObjectMapper M = new ObjectMapper();

    static JsonNode manifest() throws IOException {
        return M.readTree(Project.captures().resolve("manifest.json").toFile());
    }

    static Stream<String> captureNames() throws IOException {
        List<String> names = new ArrayList<>();
        manifest().get("captures").fieldNames().forEachRemaining(names::add);
        assertTrue(names.size() >= 20, "manifest lists " + names.size() + " captures");
        return names.stream();
    }

    static JsonNode read(String file, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("read", "--format", "json"));
        args.addAll(List.of(extra));
        args.add(Project.captures().resolve(file).toString());
        Project.Run r = Project.run(args.toArray(new String[0]));
        assertEquals(0, r.code(), file + ": exit code; stderr: " + r.err());
        return M.readTree(r.out());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captureNames")
    void sessionsAndTransfersMatchHowTheCaptureWasMade(String name) throws IOException {
        JsonNode cap = manifest().get("captures").get(name);
        JsonNode doc = read(name);
        JsonNode sessions = doc.get("sessions");
        assertEquals(cap.path("control_connections").asInt(1), sessions.size(), name + ": FTP sessions");
        String tls = cap.path("tls").isNull() || cap.path("tls").isMissingNode() ? "none" : cap.get("tls").asText();
        List<JsonNode> transfers = new ArrayList<>();
        Set<Integer> codes = new HashSet<>();
        for (JsonNode s : sessions) {
            assertEquals(cap.get("server").asText(), s.get("server").get("ip").asText(), name + ": server address");
            assertEquals(cap.get("server_port").asInt(), s.get("server").get("port").asInt(), name + ": server port");
            assertEquals(cap.get("client").asText(), s.get("client").get("ip").asText(), name + ": client address");
            assertEquals(tls, s.get("tls").asText(), name + ": TLS state");
            s.get("transfers").forEach(transfers::add);
            for (JsonNode c : s.get("commands")) {
                if (!c.get("reply").isNull()) {
                    codes.add(c.get("reply").get("code").asInt());
                }
                c.path("preliminary").forEach(p -> codes.add(p.get("code").asInt()));
            }
        }
        for (JsonNode code : cap.get("expected_replies")) {
            assertTrue(codes.contains(code.asInt()), name + ": reply " + code.asInt() + " not found in " + codes);
        }
        if (cap.has("login_per_session")) {
            // several sessions, listed in the order their control connections were opened
            List<JsonNode> byStart = new ArrayList<>();
            sessions.forEach(byStart::add);
            byStart.sort(Comparator.comparing((JsonNode s) -> Instant.parse(s.get("start").asText())));
            List<String> logins = byStart.stream().map(s -> s.get("login").asText()).toList();
            List<String> want = new ArrayList<>();
            cap.get("login_per_session").forEach(l -> want.add(l.asText()));
            assertEquals(want, logins, name + ": login of each session");
        } else if (name.startsWith("login-failed")) {
            assertEquals("failed", sessions.get(0).get("login").asText());
        } else if (tls.equals("none")) {
            assertEquals("success", sessions.get(0).get("login").asText(), name + ": login");
        } else {
            assertEquals("unknown", sessions.get(0).get("login").asText(), name + ": login hidden by TLS");
        }
        JsonNode expected = cap.get("transfers");
        assertEquals(expected.size(), transfers.size(), name + ": number of transfers");
        for (JsonNode want : expected) {
            JsonNode got = tls.equals("none") ? find(transfers, want, name) : transfers.get(0);
            checkTransfer(name, want, got, tls);
        }
        long withData = transfers.stream().filter(t -> !t.get("data").isNull()).count();
        // a data connection the client gave up on before sending the transfer command belongs to no transfer
        long withoutTransfer = cap.path("data_connections_without_transfer").asLong(0);
        assertEquals(withData + withoutTransfer, doc.get("stats").get("linked_data_connections").asInt(), name + ": linked data connections");
        assertEquals(0, doc.get("unlinked_data_connections").size(), name + ": unlinked data connections");
    }

    private static JsonNode find(List<JsonNode> transfers, JsonNode want, String name) {
        for (JsonNode t : transfers) {
            String arg = t.get("arg").isNull() ? "" : t.get("arg").asText();
            boolean listingOfCwd = arg.isEmpty() && t.get("direction").asText().equals("listing"); // curl CWDs first
            if (t.get("command").asText().equals(want.get("command").asText())
                    && (listingOfCwd || arg.equals(want.get("path").asText()) || arg.replaceAll("/$", "").equals(want.get("path").asText().replaceAll("/$", "")))) {
                return t;
            }
        }
        throw new AssertionError(name + ": no transfer " + want.get("command") + " " + want.get("path") + " in " + transfers);
    }

    private static void checkTransfer(String name, JsonNode want, JsonNode got, String tls) {
        String what = name + " " + want.get("command").asText() + " " + want.get("path").asText() + ": ";
        assertEquals(want.get("mode").asText(), got.get("mode").asText(), what + "mode");
        assertEquals(want.get("direction").asText(), tls.equals("none") ? got.get("direction").asText() : want.get("direction").asText());
        boolean snaplen = name.startsWith("snaplen");
        if (tls.equals("none") && !snaplen) {
            assertEquals(want.get("via").asText(), got.get("via").asText(), what + "via");
            assertEquals(want.get("expected_status").asText(), got.get("status").asText(), what + "status");
            assertEquals(want.get("reply_code").asInt(), got.get("reply").get("code").asInt(), what + "final reply");
            assertEquals(want.path("rest").asLong(0), got.get("rest").asLong(), what + "REST offset");
        } else {
            // TLS hides the commands, snaplen cut the PASV reply: the connection is tied by timing, and says so
            assertFalse(got.get("data").isNull(), what + "data connection linked");
            assertEquals("timing", got.get("data").get("linked_by").asText(), what + "linked by timing");
        }
        if (!want.path("from_port_20").isNull() && !want.path("from_port_20").isMissingNode()) {
            assertEquals(want.get("from_port_20").asBoolean(), got.get("from_port_20").asBoolean(), what + "from port 20");
        }
        JsonNode bytes = want.get("bytes");
        if (bytes != null && !bytes.isNull()) {
            long carried = got.get("bytes").asLong() + got.get("gap_bytes").asLong();
            if (!tls.equals("none")) {
                // TLS records add framing: the ciphertext is larger than the file, never smaller
                assertTrue(got.get("bytes").asLong() > bytes.asLong(), what + "encrypted bytes " + got.get("bytes") + " vs " + bytes);
            } else if (snaplen) {
                assertEquals(bytes.asLong(), carried, what + "bytes seen + bytes cut by snaplen");
                assertTrue(got.get("gap_bytes").asLong() > 0, what + "snaplen must show as gap bytes");
            } else {
                assertEquals(bytes.asLong(), got.get("bytes").asLong(), what + "bytes");
                assertEquals(0, got.get("gap_bytes").asLong(), what + "gap bytes");
            }
        }
        if ("failed".equals(want.get("expected_status").asText()) && want.get("reply_code").asInt() == 425) {
            assertFalse(got.get("data").get("connected").asBoolean(), what + "the server's SYNs were never answered");
        }
    }

    @Test
    void threeMillionByteDownloadIsReassembledExactly() throws IOException {
        Project.Run r = Project.run("streams", "--format", "json", Project.captures().resolve("passive-pasv.pcap").toString());
        assertEquals(0, r.code(), r.err());
        JsonNode doc = M.readTree(r.out());
        long served = manifest().get("served_files").get("big.bin").get("bytes").asLong();
        int found = 0;
        for (JsonNode s : doc.get("streams")) {
            if (s.get("server_to_client").get("bytes").asLong() == served) {
                found++;
                assertEquals(0, s.get("server_to_client").get("gap_bytes").asLong());
                assertEquals("closed", s.get("state").asText());
            }
        }
        assertEquals(1, found, "exactly one stream carries big.bin server→client");
    }

    @Test
    void passwordsAreMaskedUnlessAsked() throws IOException {
        String password = manifest().get("password").asText();
        for (String format : List.of("text", "json", "zeek")) {
            Project.Run r = Project.run("read", "--format", format, Project.captures().resolve("passive-pasv-small.pcap").toString());
            assertEquals(0, r.code());
            assertFalse(r.out().contains(password), format + " output leaks the password");
            Project.Run shown = Project.run("read", "--format", format, "--show-passwords",
                    Project.captures().resolve("passive-pasv-small.pcap").toString());
            assertTrue(shown.out().contains(password), format + " output with --show-passwords lacks it");
        }
    }

    @Test
    void natPasvRecordsAdvertisedAndRealAddresses() throws IOException {
        JsonNode cap = manifest().get("captures").get("nat-pasv.pcap");
        JsonNode t = read("nat-pasv.pcap").get("sessions").get(0).get("transfers").get(0);
        String advertised = cap.get("nat").get("server_private_address").asText();
        assertEquals(advertised, t.get("advertised").get("ip").asText(), "the 227 names the private address");
        assertEquals(cap.get("server").asText(), t.get("data").get("server").get("ip").asText(), "the client connected to the control address");
    }

    @Test
    void fileFormatsGiveTheSameResult() throws IOException {
        JsonNode ref = read("passive-pasv-small.pcap").get("sessions");
        for (Iterator<Map.Entry<String, JsonNode>> it = manifest().get("captures").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().has("derived_from")) {
                JsonNode other = read(e.getKey()).get("sessions");
                assertEquals(ref.get(0).get("transfers"), other.get(0).get("transfers"), e.getKey());
                assertEquals(ref.get(0).get("commands").size(), other.get(0).get("commands").size(), e.getKey());
            }
        }
    }

    @Test
    void manifestHasDerivedFormats() throws IOException {
        int derived = 0;
        for (JsonNode c : manifest().get("captures")) {
            derived += c.has("derived_from") ? 1 : 0;
        }
        assertTrue(derived >= 3, "pcapng, nanosecond and gzip variants are listed");
        assertNotNull(manifest().get("served_files"));
    }
}
