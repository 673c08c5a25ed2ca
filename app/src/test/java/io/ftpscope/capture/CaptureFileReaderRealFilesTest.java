package io.ftpscope.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ftpscope.testutil.CaptureBytes;
import io.ftpscope.testutil.CapturedFrame;
import io.ftpscope.testutil.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The direct reader against real captures: a pcap, its pcapng and nanosecond-pcap conversions by
 * editcap, and its gzip must all give the same frames.
 */
class CaptureFileReaderRealFilesTest {
    @TempDir
    static Path tmp;

    @BeforeAll
    static void needEditcap() {
        assertTrue(TestPaths.haveTool("editcap"), "editcap is not installed: apt-get install tshark (it brings wireshark-common)");
    }

    static Stream<Path> realPcaps() {
        List<Path> all = TestPaths.realPcaps();
        assertFalse(all.isEmpty(), "no real captures found");
        return all.stream();
    }

    private static List<CapturedFrame> read(Path f) throws Exception {
        try (CaptureFileReader r = CaptureFileReader.open(f.toString())) {
            List<CapturedFrame> frames = CapturedFrame.collect(r);
            assertNull(r.damage(), f + ": " + r.damage());
            return frames;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("realPcaps")
    void conversionsAndGzipGiveIdenticalFrames(Path pcap) throws Exception {
        String base = pcap.getParent().getFileName() + "-" + pcap.getFileName();
        Path ng = tmp.resolve(base + ".pcapng");
        Path nsec = tmp.resolve(base + ".nsec.pcap");
        TestPaths.run("editcap", "-F", "pcapng", pcap.toString(), ng.toString());
        TestPaths.run("editcap", "-F", "nsecpcap", pcap.toString(), nsec.toString());
        Path gz = Files.write(tmp.resolve(base + ".gz"), CaptureBytes.gzip(Files.readAllBytes(pcap)));
        Path ngGz = Files.write(tmp.resolve(base + ".pcapng.gz"), CaptureBytes.gzip(Files.readAllBytes(ng)));

        List<CapturedFrame> direct = read(pcap);
        assertFalse(direct.isEmpty(), pcap + " has frames");
        int expectedCount = Integer.parseInt(TestPaths.run("capinfos", "-M", "-T", "-r", "-c", pcap.toString()).trim().split("\t")[1]);
        assertEquals(expectedCount, direct.size(), "frame count agrees with capinfos");

        for (Path other : List.of(ng, nsec, gz, ngGz)) {
            List<CapturedFrame> conv = read(other);
            assertEquals(direct.size(), conv.size(), other + ": frame count");
            for (int i = 0; i < direct.size(); i++) {
                CapturedFrame a = direct.get(i);
                CapturedFrame b = conv.get(i);
                // Same microsecond is the contract; the conversions keep the original resolution, so in fact
                // the nanoseconds agree too.
                assertEquals(a.tsNanos() / 1000, b.tsNanos() / 1000, other + " frame " + (i + 1) + ": timestamp (us)");
                assertEquals(a, b, other + " frame " + (i + 1));
            }
        }
    }

    @Test
    void gzippedZeekTraceMatchesItsGunzippedCopy() throws Exception {
        Path gz = TestPaths.zeekTraces().resolve("ftp__ftp-many-port-expected.pcap.gz");
        assertTrue(Files.isRegularFile(gz), gz.toString());
        Path plain = tmp.resolve("many-port.pcap");
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(gz))) {
            Files.write(plain, in.readAllBytes());
        }
        List<CapturedFrame> a = read(gz);
        List<CapturedFrame> b = read(plain);
        assertEquals(1008, a.size());
        assertEquals(b, a);
        try (CaptureFileReader r = CaptureFileReader.open(gz.toString())) {
            CapturedFrame.collect(r);
            assertTrue(r.format().endsWith("+gzip"), r.format());
        }
    }
}
