package io.ftpscope.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapHandle.TimestampPrecision;
import org.pcap4j.core.Pcaps;

/**
 * The batched libpcap path (pcap_dump into an open_memstream buffer, parsed in Java) against
 * pcap4j's callback per packet and against the direct file reader: the same frames, timestamps,
 * lengths and bytes. Fails, never skips, without libpcap.
 */
class PcapBatchReaderTest {
    @TempDir
    static Path tmp;

    @BeforeAll
    static void libpcapLoads() throws CaptureException {
        Pcap4jSource.checkLibpcap();
    }

    static Stream<Path> captures() {
        List<Path> all = TestPaths.realPcaps();
        assertTrue(all.size() >= 20, "expected the zeek corpus and captures/, found " + all);
        return all.stream();
    }

    private static List<CapturedFrame> read(Path f, String bpf, TimestampPrecision p, boolean perPacket) throws Exception {
        try (Pcap4jSource s = Pcap4jSource.openFile(f.toString(), bpf, p).perPacket(perPacket)) {
            List<CapturedFrame> frames = CapturedFrame.collect(s);
            assertEquals(!perPacket, s.batched(), s.readMode());
            assertEquals(frames.size(), s.frames());
            assertEquals(null, s.damage(), f + ": " + s.damage());
            return frames;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void batchedAndPerPacketDeliverIdenticalFrames(Path f) throws Exception {
        for (TimestampPrecision p : TimestampPrecision.values()) {
            for (String bpf : new String[] {null, "tcp"}) {
                List<CapturedFrame> batched = read(f, bpf, p, false);
                List<CapturedFrame> perPacket = read(f, bpf, p, true);
                assertFalse(bpf == null && batched.isEmpty(), f.toString());
                assertEquals(perPacket.size(), batched.size(), f + " " + p + " " + bpf);
                for (int i = 0; i < batched.size(); i++) {
                    assertEquals(perPacket.get(i), batched.get(i), f + " " + p + " " + bpf + " frame " + (i + 1));
                }
            }
        }
    }

    @Test
    void nanosecondsFromBothPrecisions() throws Exception {
        byte[] d = CaptureBytes.pattern(60, 1);
        Path nsec = Files.write(tmp.resolve("nsec.pcap"),
                new CaptureBytes.Pcap(ByteOrder.LITTLE_ENDIAN, true, 1, 65535).record(1_700_000_000L, 123_456_789, d, 1514).bytes());
        Path usec = Files.write(tmp.resolve("usec.pcap"),
                new CaptureBytes.Pcap(ByteOrder.BIG_ENDIAN, false, 1, 65535).record(4_000_000_000L, 999_999, d, 60).bytes());
        for (boolean perPacket : new boolean[] {false, true}) {
            assertEquals(1_700_000_000_123_456_789L, read(nsec, null, TimestampPrecision.NANO, perPacket).get(0).tsNanos());
            assertEquals(1_700_000_000_123_456_000L, read(nsec, null, TimestampPrecision.MICRO, perPacket).get(0).tsNanos());
            // past 2038: the seconds are unsigned in the savefile record
            assertEquals(4_000_000_000_999_999_000L, read(usec, null, TimestampPrecision.NANO, perPacket).get(0).tsNanos());
            assertEquals(4_000_000_000_999_999_000L, read(usec, null, TimestampPrecision.MICRO, perPacket).get(0).tsNanos());
            CapturedFrame f = read(nsec, null, TimestampPrecision.NANO, perPacket).get(0);
            assertEquals(60, f.capLen());
            assertEquals(1514, f.origLen());
        }
    }

    /** 3,000 frames of up to 9,000 bytes: batches of several MB, far past a 64-byte start. */
    @Test
    void batchLargerThanTheJavaBufferGrowsIt() throws Exception {
        CaptureBytes.Pcap p = new CaptureBytes.Pcap(ByteOrder.LITTLE_ENDIAN, true, 1, 65535);
        for (int i = 0; i < 3000; i++) {
            p.record(1_700_000_000L + i, i, CaptureBytes.pattern(14 + (i * 7919) % 8987, i), 9001);
        }
        Path f = Files.write(tmp.resolve("jumbo.pcap"), p.bytes());
        List<CapturedFrame> direct;
        try (CaptureFileReader r = CaptureFileReader.open(f.toString())) {
            direct = CapturedFrame.collect(r);
        }
        PcapHandle h = Pcaps.openOffline(f.toString(), TimestampPrecision.NANO);
        List<CapturedFrame> got = new ArrayList<>();
        int batches = 0;
        try (PcapBatchReader r = PcapBatchReader.open(Pcap4jSource.nativeHandle(h), "pcap", 64)) {
            assertTrue(r.nano());
            assertEquals(64, r.bufferLength());
            int rc;
            while ((rc = r.next(1, (lt, ts, buf, off, cap, orig) ->
                    got.add(new CapturedFrame(lt, ts, Arrays.copyOfRange(buf, off, off + cap), cap, orig)), () -> false)) > 0) {
                assertTrue(rc <= PcapBatchReader.BATCH_PACKETS, "batch bound: " + rc);
                assertEquals(rc, r.delivered());
                batches++;
            }
            assertEquals(0, rc);
            assertTrue(r.bufferLength() > PcapBatchReader.INITIAL_BYTES, "grew to a whole batch: " + r.bufferLength());
        } finally {
            h.close();
        }
        assertEquals(3, batches, "3,000 frames in batches of " + PcapBatchReader.BATCH_PACKETS);
        assertEquals(direct, got);
    }

    @Test
    void stopEndsTheBatchAfterTheCurrentFrame() throws Exception {
        Path f = TestPaths.root().resolve("captures/passive-pasv.pcap");
        try (Pcap4jSource s = Pcap4jSource.openFile(f.toString(), null)) {
            int[] seen = {0};
            s.run((lt, ts, buf, off, cap, orig) -> {
                if (++seen[0] == 10) {
                    s.stop();
                }
            });
            assertEquals(10, seen[0]);
            assertEquals(10, s.frames());
            assertTrue(s.batched());
        }
    }

    @Test
    void truncatedFileDeliversEveryWholeFrameOfTheLastBatch() throws Exception {
        Path src = TestPaths.root().resolve("captures/passive-pasv.pcap");
        byte[] all = Files.readAllBytes(src);
        Path f = Files.write(tmp.resolve("cut.pcap"), Arrays.copyOf(all, all.length - 30));
        List<CapturedFrame> direct;
        try (CaptureFileReader r = CaptureFileReader.open(f.toString())) {
            direct = CapturedFrame.collect(r);
        }
        for (boolean perPacket : new boolean[] {false, true}) {
            try (Pcap4jSource s = Pcap4jSource.openFile(f.toString(), null).perPacket(perPacket)) {
                assertEquals(direct, CapturedFrame.collect(s));
                assertNotNull(s.damage());
                assertTrue(s.damage().startsWith("Error occurred: truncated"), s.damage());
            }
        }
    }

    /**
     * The glibc behaviour the reader relies on: after a seek back to 0, the size a flush reports is
     * the new position, not the largest size written so far, and the buffer keeps its contents.
     */
    @Test
    void memstreamSizeFollowsThePositionAfterARewind() {
        NativeLibrary c = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME);
        Memory cell = new Memory(16);
        cell.clear();
        Pointer file = (Pointer) c.getFunction("open_memstream").invoke(Pointer.class, new Object[] {cell, cell.share(8)});
        assertNotNull(file);
        Function fwrite = c.getFunction("fwrite");
        Function fflush = c.getFunction("fflush");
        Function fseek = c.getFunction("fseek");
        Memory big = new Memory(100_000);
        big.setMemory(0, 100_000, (byte) 'a');
        Memory small = new Memory(3);
        small.write(0, new byte[] {'x', 'y', 'z'}, 0, 3);
        try {
            fwrite.invoke(long.class, new Object[] {big, 1L, 50_000L, file});
            fflush.invokeInt(new Object[] {file});
            assertEquals(50_000, cell.getLong(8));
            assertEquals(0, fseek.invokeInt(new Object[] {file, 0L, 0}));
            fwrite.invoke(long.class, new Object[] {small, 1L, 3L, file});
            fflush.invokeInt(new Object[] {file});
            assertEquals(3, cell.getLong(8), "size after the rewind is the position");
            assertEquals("xyza", new String(cell.getPointer(0).getByteArray(0, 4)));
            assertEquals(0, fseek.invokeInt(new Object[] {file, 0L, 0}));
            fwrite.invoke(long.class, new Object[] {big, 1L, 100_000L, file}); // past the old end: the buffer grows
            fflush.invokeInt(new Object[] {file});
            assertEquals(100_000, cell.getLong(8));
        } finally {
            c.getFunction("fclose").invokeInt(new Object[] {file});
            c.getFunction("free").invokeVoid(new Object[] {cell.getPointer(0)});
        }
    }
}
