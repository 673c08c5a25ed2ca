package io.ftpscope.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ftpscope.net.PacketDecoder;
import io.ftpscope.net.TcpSegment;
import io.ftpscope.testutil.CaptureBytes;
import io.ftpscope.testutil.CapturedFrame;
import io.ftpscope.testutil.TestPaths;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * libpcap (through pcap4j) and the direct reader must agree frame for frame. These tests fail, not
 * skip, when libpcap cannot be loaded: the filter path depends on it.
 */
class Pcap4jSourceTest {
    @TempDir
    static Path tmp;

    @BeforeAll
    static void libpcapLoads() throws CaptureException {
        Pcap4jSource.checkLibpcap(); // throws (and so fails every test) when libpcap is missing
    }

    static Stream<Path> captures() throws Exception {
        List<Path> all = new ArrayList<>(TestPaths.realPcaps());
        for (Path gz : TestPaths.list(TestPaths.zeekTraces(), ".pcap.gz")) {
            // libpcap cannot read gzip: give it a gunzipped copy.
            Path plain = Files.createTempFile("ftpscope-gunzip-", "-" + gz.getFileName().toString().replace(".gz", ""));
            plain.toFile().deleteOnExit();
            try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
                Files.write(plain, in.readAllBytes());
            }
            all.add(plain);
        }
        assertTrue(all.size() >= 20, "expected the zeek corpus, found " + all);
        return all.stream();
    }

    private static List<CapturedFrame> direct(Path f) throws Exception {
        try (CaptureFileReader r = CaptureFileReader.open(f.toString())) {
            return CapturedFrame.collect(r);
        }
    }

    private static List<CapturedFrame> viaLibpcap(Path f, String bpf) throws Exception {
        try (Pcap4jSource s = Pcap4jSource.openFile(f.toString(), bpf)) {
            List<CapturedFrame> frames = CapturedFrame.collect(s);
            assertEquals(frames.size(), s.frames());
            assertEquals(null, s.damage(), f + ": " + s.damage());
            return frames;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void libpcapAndDirectReaderDeliverIdenticalFrames(Path f) throws Exception {
        List<CapturedFrame> a = direct(f);
        List<CapturedFrame> b = viaLibpcap(f, null);
        assertFalse(a.isEmpty());
        assertEquals(a.size(), b.size(), "frame count");
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i), b.get(i), f + " frame " + (i + 1));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void bpfFilterSelectsExactlyTheFtpControlFrames(Path f) throws Exception {
        List<CapturedFrame> all = direct(f);
        List<CapturedFrame> filtered = viaLibpcap(f, "tcp port 21");
        // The filtered frames are a subsequence of all frames, in order.
        int j = 0;
        for (CapturedFrame x : filtered) {
            while (j < all.size() && !all.get(j).equals(x)) {
                j++;
            }
            assertTrue(j < all.size(), "filtered frame not found in order in the unfiltered capture: " + x);
            j++;
        }
        // Each filtered frame is TCP to or from port 21, and no such frame is missing.
        long expected = all.stream().filter(Pcap4jSourceTest::isTcpPort21).count();
        for (CapturedFrame x : filtered) {
            assertTrue(isTcpPort21(x), "filter let through a frame that is not tcp port 21: " + x);
        }
        assertEquals(expected, filtered.size(), "frames on tcp port 21");
    }

    private static boolean isTcpPort21(CapturedFrame x) {
        PacketDecoder d = new PacketDecoder();
        TcpSegment s = d.decode(x.linkType(), x.tsNanos(), x.data(), 0, x.capLen(), x.origLen());
        return s != null && (s.srcPort == 21 || s.dstPort == 21);
    }

    @Test
    void filterOnTheFtpTraceIsAProperNonEmptySubset() throws Exception {
        Path f = TestPaths.zeekTraces().resolve("ftp__retr.pcap");
        int all = direct(f).size();
        int ftp = viaLibpcap(f, "tcp port 21").size();
        assertTrue(ftp > 0 && ftp < all, ftp + " of " + all);
        assertEquals(0, viaLibpcap(f, "udp").size());
    }

    @Test
    void nanosecondPcapKeepsNanosecondsThroughLibpcap() throws Exception {
        byte[] d = CaptureBytes.pattern(60, 1);
        Path f = Files.write(tmp.resolve("nsec.pcap"),
                new CaptureBytes.Pcap(ByteOrder.BIG_ENDIAN, true, 1, 65535).record(1_700_000_000L, 123_456_789, d, 1514).bytes());
        List<CapturedFrame> b = viaLibpcap(f, null);
        assertEquals(1, b.size());
        assertEquals(1_700_000_000_123_456_789L, b.get(0).tsNanos());
        assertEquals(60, b.get(0).capLen());
        assertEquals(1514, b.get(0).origLen());
        assertEquals(direct(f), b);
    }

    @Test
    void missingFileIsReportedByName() {
        String name = tmp.resolve("nope.pcap").toString();
        CaptureException e = assertThrows(CaptureException.class, () -> Pcap4jSource.openFile(name, null));
        assertEquals(name + ": no such file", e.getMessage());
    }

    @Test
    void badFilterIsAOneLineError() {
        Path f = TestPaths.zeekTraces().resolve("ftp__retr.pcap");
        CaptureException e = assertThrows(CaptureException.class, () -> Pcap4jSource.openFile(f.toString(), "tcp port banana"));
        assertTrue(e.getMessage().startsWith("bad capture filter 'tcp port banana'"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void garbageFileIsAnError() throws Exception {
        Path f = Files.writeString(tmp.resolve("garbage.pcap"), "this is not a capture at all, just some text\n");
        CaptureException e = assertThrows(CaptureException.class, () -> Pcap4jSource.openFile(f.toString(), null));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    }

    @Test
    void truncatedFileDeliversFramesBeforeTheCutAndReportsDamage() throws Exception {
        Path src = TestPaths.zeekTraces().resolve("ftp__ipv4.pcap");
        byte[] all = Files.readAllBytes(src);
        Path f = Files.write(tmp.resolve("cut.pcap"), Arrays.copyOf(all, all.length - 30));
        List<CapturedFrame> directFrames = direct(f);
        try (Pcap4jSource s = Pcap4jSource.openFile(f.toString(), null)) {
            List<CapturedFrame> frames = CapturedFrame.collect(s);
            assertEquals(directFrames, frames);
            assertNotNull(s.damage(), "libpcap reports the truncation");
        }
    }
}
