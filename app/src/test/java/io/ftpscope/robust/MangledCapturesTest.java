package io.ftpscope.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ftpscope.testutil.Project;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every capture we have (captures/ and the shared corpora), rewritten six ways: cut at a random
 * length, random byte flips, a bogus caplen/len, a wrong magic, zero-length records inserted, and
 * huge timestamps. Each is run through the real command line; ftpscope must finish with exit 0, 1 or
 * 2 as the damage warrants, say what happened in one line per problem on stderr, never print a
 * stack trace, and keep its counters sane. The randomness is seeded per file and mutation, so a
 * failure names the seed that reproduces it.
 */
class MangledCapturesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SEED = 0x5eed_f7b5L;
    private static final int MAX_BYTES = 256 << 10;

    @TempDir
    Path tmp;

    /** Outcomes per mutation (exit codes 0/1/2), printed at the end for docs/robustness.md. */
    private static final java.util.Map<String, int[]> OUTCOMES = new java.util.concurrent.ConcurrentSkipListMap<>();

    @org.junit.jupiter.api.AfterAll
    static void report() {
        StringBuilder sb = new StringBuilder("mangled captures, runs by exit code 0/1/2:");
        OUTCOMES.forEach((k, v) -> sb.append(String.format("%n  %-22s %4d %4d %4d", k, v[0], v[1], v[2])));
        System.out.println(sb);
    }

    enum Mutation { CUT, FLIP, BOGUS_LENGTH, WRONG_MAGIC, ZERO_LENGTH_RECORDS, HUGE_TIMESTAMPS }

    @TestFactory
    Stream<DynamicTest> everyCaptureMangled() {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(Project.captures())) {
            s.filter(MangledCapturesTest::isCapture).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Stream<Path> s = Files.walk(Project.shared().resolve("corpus"))) {
            s.filter(Files::isRegularFile).filter(MangledCapturesTest::isCapture).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertTrue(files.size() > 80, "expected captures/ and the shared corpora, found " + files.size());
        return files.stream().map(f -> DynamicTest.dynamicTest(Project.root().getParent().relativize(f).toString(), () -> mangle(f)));
    }

    private static boolean isCapture(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".pcap") || n.endsWith(".pcapng") || n.endsWith(".pcap.gz");
    }

    private void mangle(Path file) throws IOException {
        byte[] original = Files.readAllBytes(file);
        boolean gz = file.toString().endsWith(".gz");
        byte[] plain = gz ? gunzip(original) : original;
        Layout layout = Layout.of(plain);
        if (plain.length > MAX_BYTES) {
            // big files: their first records only (cut at a record boundary), to keep the run short
            int end = layout.boundaryBefore(MAX_BYTES);
            plain = java.util.Arrays.copyOf(plain, end);
            layout = Layout.of(plain);
        }
        String name = file.getFileName().toString();
        for (Mutation m : Mutation.values()) {
            long seed = SEED ^ name.hashCode() * 31L ^ m.ordinal();
            Random rnd = new Random(seed);
            byte[] bad = mutate(m, plain, layout, rnd);
            byte[] written = gz && rnd.nextBoolean() ? gzip(bad) : bad;
            Path f = tmp.resolve(name + "." + m.name().toLowerCase() + (written != bad ? ".gz" : ""));
            Files.write(f, written);
            String what = file + " " + m + " (seed " + Long.toHexString(seed) + ")";
            String[] cmd = switch (m.ordinal() % 3) {
                case 0 -> new String[] {"read", "--format", "json", f.toString()};
                case 1 -> new String[] {"streams", "--format", "json", f.toString()};
                default -> new String[] {"read", "--format", "zeek", f.toString()};
            };
            Project.Run r = Project.run(cmd);
            check(what, m, r, bad, layout, cmd[0].equals("streams") ? "packets" : "packet_counts", cmd[2].equals("json"));
            if (m == Mutation.FLIP || m == Mutation.BOGUS_LENGTH) {
                // the text timeline too, for the damage most likely to reach the FTP layer
                check(what + " text", m, Project.run("read", f.toString()), bad, layout, null, false);
            }
        }
    }

    private static void check(String what, Mutation m, Project.Run r, byte[] bad, Layout layout, String packetsKey, boolean json)
            throws IOException {
        assertTrue(r.code() >= 0 && r.code() <= 2, what + ": exit " + r.code());
        OUTCOMES.computeIfAbsent(m.name(), k -> new int[3])[r.code()]++;
        for (String s : new String[] {r.err(), r.out()}) {
            assertFalse(s.contains("Exception") || s.contains("\tat ") || s.contains("internal error"),
                    what + ": a stack trace or internal error:\n" + s);
        }
        String err = r.err().strip();
        if (r.code() != 0) {
            assertFalse(err.isEmpty(), what + ": exit " + r.code() + " without a word on stderr");
        }
        for (String line : err.lines().toList()) {
            assertTrue(line.startsWith("ftpscope: ") && line.length() < 400, what + ": not a clear one-line message: " + line);
        }
        if (r.code() == 2) {
            assertTrue(r.out().isEmpty(), what + ": nothing readable, yet output was printed");
            return;
        }
        switch (m) {
            case WRONG_MAGIC -> fail(what + ": a file with a wrong magic was read (exit " + r.code() + ")");
            case ZERO_LENGTH_RECORDS, HUGE_TIMESTAMPS -> {
                if (layout.kind != Layout.Kind.UNKNOWN) {
                    assertEquals(0, r.code(), what + ": records that are odd but well-formed are not damage: " + err);
                }
            }
            default -> { }
        }
        if (json) {
            JsonNode doc = JSON.readTree(r.out());
            JsonNode stats = doc.has("summary") ? doc.path("summary") : doc.path("stats"); // streams vs read
            JsonNode counts = stats.path(packetsKey);
            long read = counts.path("read").asLong(-1);
            assertTrue(read >= 0, what + ": no packet counter in " + packetsKey);
            assertEquals(read, counts.path("decoded").asLong() + counts.path("skipped").asLong(), what + ": read == decoded + skipped");
            long maxRecords = bad.length / 16; // a classic record is at least 16 bytes, a pcapng packet block 16 or more
            assertTrue(read <= maxRecords, what + ": " + read + " packets from " + bad.length + " bytes");
            if (m == Mutation.CUT || m == Mutation.HUGE_TIMESTAMPS) {
                assertTrue(read <= layout.records.size(), what + ": more packets than records");
            }
            long frames = 0;
            for (JsonNode in : stats.path("inputs")) {
                frames += in.path("frames").asLong();
            }
            assertEquals(read, frames, what + ": inputs' frames == packets read");
        }
    }

    // ---- mutations ------------------------------------------------------------------------------

    private static byte[] mutate(Mutation m, byte[] in, Layout l, Random rnd) {
        byte[] b = in.clone();
        switch (m) {
            case CUT -> {
                return java.util.Arrays.copyOf(b, rnd.nextInt(b.length));
            }
            case FLIP -> {
                int flips = 1 + rnd.nextInt(32);
                for (int i = 0; i < flips; i++) {
                    b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
                return b;
            }
            case WRONG_MAGIC -> {
                b[rnd.nextInt(4)] ^= (byte) (1 + rnd.nextInt(255));
                if (b[0] == 0x1f && b[1] == (byte) 0x8b) {
                    b[0] = 0; // not gzip either
                }
                return b;
            }
            case BOGUS_LENGTH -> {
                if (l.records.isEmpty()) {
                    return b;
                }
                ByteBuffer bb = ByteBuffer.wrap(b).order(l.order);
                for (int k = 0; k < 3; k++) {
                    int rec = l.records.get(rnd.nextInt(l.records.size()));
                    int[] bogus = {-1, Integer.MAX_VALUE, 0, 1, 65536, 262145, 16 << 20, (16 << 20) + 1, rnd.nextInt()};
                    int v = bogus[rnd.nextInt(bogus.length)];
                    if (l.kind == Layout.Kind.PCAP) {
                        bb.putInt(rec + (rnd.nextBoolean() ? 8 : 12), v); // caplen or len
                    } else {
                        int field = new int[] {4, 20, 24}[rnd.nextInt(3)]; // block length, caplen, origlen
                        if (rec + field + 4 <= b.length) {
                            bb.putInt(rec + field, v);
                        }
                    }
                }
                return b;
            }
            case ZERO_LENGTH_RECORDS -> {
                if (l.records.size() < 2) {
                    return b;
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                int prev = 0;
                for (int i = 1; i < l.records.size(); i++) {
                    int at = l.records.get(i);
                    if (rnd.nextInt(4) != 0) {
                        continue;
                    }
                    out.write(b, prev, at - prev);
                    prev = at;
                    int sec = ByteBuffer.wrap(b).order(l.order).getInt(l.kind == Layout.Kind.PCAP ? at : at + 12);
                    if (l.kind == Layout.Kind.PCAP) {
                        out.writeBytes(ByteBuffer.allocate(16).order(l.order).putInt(sec).putInt(0).putInt(0).putInt(0).array());
                    } else {
                        // an EPB on interface 0 with nothing captured
                        out.writeBytes(ByteBuffer.allocate(32).order(l.order).putInt(6).putInt(32).putInt(0).putInt(0).putInt(0)
                                .putInt(0).putInt(0).putInt(32).array());
                    }
                }
                out.write(b, prev, b.length - prev);
                return out.toByteArray();
            }
            case HUGE_TIMESTAMPS -> {
                ByteBuffer bb = ByteBuffer.wrap(b).order(l.order);
                for (int rec : l.records) {
                    if (rnd.nextInt(3) != 0) {
                        continue;
                    }
                    int[] huge = {-1, Integer.MAX_VALUE, Integer.MIN_VALUE, 999_999_999, 1_000_000_000};
                    if (l.kind == Layout.Kind.PCAP) {
                        bb.putInt(rec, huge[rnd.nextInt(huge.length)]).putInt(rec + 4, huge[rnd.nextInt(huge.length)]);
                    } else if (bb.getInt(rec) == 6) {
                        bb.putInt(rec + 12, huge[rnd.nextInt(huge.length)]).putInt(rec + 16, huge[rnd.nextInt(huge.length)]);
                    }
                }
                return b;
            }
            default -> throw new IllegalStateException();
        }
    }

    /** Where the records (classic pcap) or blocks (pcapng) of a well-formed capture start. */
    static final class Layout {
        enum Kind { PCAP, PCAPNG, UNKNOWN }

        final Kind kind;
        final ByteOrder order;
        final List<Integer> records = new ArrayList<>();

        private Layout(Kind kind, ByteOrder order) {
            this.kind = kind;
            this.order = order;
        }

        /** The end of the last whole record (or block) that ends at or before limit. */
        int boundaryBefore(int limit) {
            int end = kind == Kind.PCAP ? 24 : 0;
            for (int r : records) {
                if (r > limit) {
                    break;
                }
                end = r;
            }
            return end;
        }

        static Layout of(byte[] b) {
            if (b.length < 24) {
                return new Layout(Kind.UNKNOWN, ByteOrder.LITTLE_ENDIAN);
            }
            int be = ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN).getInt(0);
            if (be == 0x0A0D0D0A) {
                ByteOrder o = ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN).getInt(8) == 0x1A2B3C4D ? ByteOrder.BIG_ENDIAN
                        : ByteOrder.LITTLE_ENDIAN;
                Layout l = new Layout(Kind.PCAPNG, o);
                ByteBuffer bb = ByteBuffer.wrap(b).order(o);
                int p = 0;
                while (p + 12 <= b.length) {
                    int len = bb.getInt(p + 4);
                    if (len < 12 || p + len > b.length) {
                        break;
                    }
                    if (bb.getInt(p) == 6) {
                        l.records.add(p);
                    }
                    p += len;
                }
                return l;
            }
            ByteOrder o = be == 0xA1B2C3D4 || be == 0xA1B23C4D ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            Layout l = new Layout(Kind.PCAP, o);
            ByteBuffer bb = ByteBuffer.wrap(b).order(o);
            int p = 24;
            while (p + 16 <= b.length) {
                int cap = bb.getInt(p + 8);
                if (cap < 0 || p + 16 + cap > b.length) {
                    break;
                }
                l.records.add(p);
                p += 16 + cap;
            }
            return l;
        }
    }

    private static byte[] gunzip(byte[] b) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(b))) {
            return in.readAllBytes();
        }
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(o)) {
            g.write(b);
        }
        return o.toByteArray();
    }
}
