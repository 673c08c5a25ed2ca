package io.ftpscope.capture;

import static io.ftpscope.testutil.CaptureBytes.gzip;
import static io.ftpscope.testutil.CaptureBytes.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ftpscope.testutil.CaptureBytes.Pcap;
import io.ftpscope.testutil.CaptureBytes.Pcapng;
import io.ftpscope.testutil.CapturedFrame;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CaptureFileReaderTest {
    private static final long NS = 1_000_000_000L;

    @TempDir
    Path tmp;

    private static CaptureFileReader reader(byte[] bytes) {
        return CaptureFileReader.of("test.pcap", new ByteArrayInputStream(bytes));
    }

    private static List<CapturedFrame> read(CaptureFileReader r) throws CaptureException {
        List<CapturedFrame> frames = CapturedFrame.collect(r);
        assertEquals(frames.size(), r.frames(), "frames() counts what was delivered");
        return frames;
    }

    private static void assertFrame(CapturedFrame f, int linkType, long ts, byte[] data, int origLen) {
        assertEquals(linkType, f.linkType(), "link type of " + f);
        assertEquals(ts, f.tsNanos(), "timestamp of " + f);
        assertEquals(data.length, f.capLen(), "capLen of " + f);
        assertArrayEquals(data, f.data(), "bytes of " + f);
        assertEquals(origLen, f.origLen(), "origLen of " + f);
    }

    // ---------------------------------------------------------------- classic pcap

    @ParameterizedTest(name = "{0} nanos={1}")
    @CsvSource({"LITTLE_ENDIAN,false", "BIG_ENDIAN,false", "LITTLE_ENDIAN,true", "BIG_ENDIAN,true"})
    void classicPcapInEveryByteOrderAndResolution(String orderName, boolean nanos) throws Exception {
        ByteOrder order = orderName.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        long mul = nanos ? 1 : 1000;
        long frac1 = nanos ? 123_456_789 : 123_456;
        long frac2 = nanos ? 999_999_999 : 999_999;
        byte[] d1 = pattern(60, 1);
        byte[] d2 = pattern(96, 2);
        byte[] d3 = pattern(1, 3);
        byte[] file = new Pcap(order, nanos, 1, 65535)
                .record(1_700_000_000L, frac1, d1)
                .record(1_700_000_001L, frac2, d2, 1514)
                .record(0xFFFFFFF0L, 0, d3) // unsigned 32-bit seconds (year 2106)
                .bytes();
        CaptureFileReader r = reader(file);
        List<CapturedFrame> frames = read(r);
        assertEquals(3, frames.size());
        assertFrame(frames.get(0), 1, 1_700_000_000L * NS + frac1 * mul, d1, 60);
        assertFrame(frames.get(1), 1, 1_700_000_001L * NS + frac2 * mul, d2, 1514);
        assertFrame(frames.get(2), 1, 0xFFFFFFF0L * NS, d3, 1);
        assertNull(r.damage());
        assertEquals(nanos ? "pcap-nsec" : "pcap", r.format());
    }

    @Test
    void microsecondTimestampsBecomeExactNanoseconds() throws Exception {
        byte[] file = new Pcap(ByteOrder.LITTLE_ENDIAN, false, 1, 65535)
                .record(1, 1, pattern(10, 0))
                .record(1_234_567_890L, 999_999, pattern(10, 1))
                .bytes();
        List<CapturedFrame> f = read(reader(file));
        assertEquals(1_000_001_000L, f.get(0).tsNanos());
        assertEquals(1_234_567_890_999_999_000L, f.get(1).tsNanos());
    }

    @Test
    void linkTypeFieldUpperBitsAreNotPartOfTheLinkType() throws Exception {
        // LinkType field with FCS-present flag (bit 26) and FCS length 1 (bits 28-31): the link type is still 1.
        byte[] file = new Pcap(ByteOrder.BIG_ENDIAN, false, 0x14000001, 65535).record(5, 0, pattern(20, 0)).bytes();
        assertEquals(1, read(reader(file)).get(0).linkType());
    }

    @Test
    void otherLinkTypesArePassedThrough() throws Exception {
        byte[] file = new Pcap(ByteOrder.LITTLE_ENDIAN, true, 276, 65535).record(5, 7, pattern(40, 0)).bytes();
        CapturedFrame f = read(reader(file)).get(0);
        assertEquals(276, f.linkType());
        assertEquals(5 * NS + 7, f.tsNanos());
    }

    @Test
    void zeroLengthRecordIsAFrameNotDamage() throws Exception {
        byte[] after = pattern(30, 9);
        byte[] file = new Pcap(ByteOrder.LITTLE_ENDIAN, false, 1, 65535)
                .record(10, 0, new byte[0], 0)
                .record(11, 0, after)
                .bytes();
        CaptureFileReader r = reader(file);
        List<CapturedFrame> frames = read(r);
        assertEquals(2, frames.size());
        assertEquals(0, frames.get(0).capLen());
        assertEquals(0, frames.get(0).origLen());
        assertFrame(frames.get(1), 1, 11 * NS, after, 30);
        assertNull(r.damage());
    }

    @Test
    void origLenSmallerThanCapLenIsRaisedToCapLen() throws Exception {
        byte[] d = pattern(50, 0);
        byte[] file = new Pcap(ByteOrder.LITTLE_ENDIAN, false, 1, 65535).record(1, 0, 50, 10, d).bytes();
        assertEquals(50, read(reader(file)).get(0).origLen());
    }

    @Test
    void recordLargerThanTheReadWindowIsDeliveredWhole() throws Exception {
        byte[] big = pattern(3 * 1024 * 1024 + 5, 4); // larger than the 1 MiB initial window
        byte[] small = pattern(100, 5);
        byte[] file = new Pcap(ByteOrder.LITTLE_ENDIAN, false, 1, 16 * 1024 * 1024)
                .record(1, 0, small).record(2, 0, big).record(3, 0, small).bytes();
        List<CapturedFrame> frames = read(reader(file));
        assertEquals(3, frames.size());
        assertArrayEquals(big, frames.get(1).data());
        assertArrayEquals(small, frames.get(2).data());
    }

    @Test
    void streamReturningFewBytesPerReadIsReadCorrectly() throws Exception {
        List<byte[]> data = new ArrayList<>();
        Pcap p = new Pcap(ByteOrder.BIG_ENDIAN, true, 1, 65535);
        for (int i = 0; i < 50; i++) {
            byte[] d = pattern(1 + i * 13, i);
            data.add(d);
            p.record(100 + i, i, d);
        }
        InputStream trickle = new TrickleStream(p.bytes(), 7);
        List<CapturedFrame> frames = read(CaptureFileReader.of("trickle", trickle));
        assertEquals(50, frames.size());
        for (int i = 0; i < 50; i++) {
            assertFrame(frames.get(i), 1, (100 + i) * NS + i, data.get(i), data.get(i).length);
        }
    }

    @Test
    void stopEndsReadingAfterTheCurrentFrame() throws Exception {
        Pcap p = new Pcap(ByteOrder.LITTLE_ENDIAN, false, 1, 65535);
        for (int i = 0; i < 10; i++) {
            p.record(i, 0, pattern(20, i));
        }
        CaptureFileReader r = reader(p.bytes());
        int[] seen = {0};
        r.run((lt, ts, b, off, cap, orig) -> {
            if (++seen[0] == 3) {
                r.stop();
            }
        });
        assertEquals(3, seen[0]);
        assertEquals(3, r.frames());
        assertNull(r.damage());
    }

    // ---------------------------------------------------------------- pcapng

    /** Two sections in opposite byte orders; interfaces with different link types and resolutions. */
    private static byte[] mixedPcapng(ByteOrder first, ByteOrder second, byte[][] d) {
        Pcapng ng = new Pcapng().shb(first);
        ng.idb(1, 65535)                                                   // if 0: Ethernet, default 10^-6
                .idb(101, 65535, ng.tsresol(9))                             // if 1: RAW, 10^-9
                .idb(113, 96, ng.tsresol(0x80 | 20), ng.tsoffset(1_000))    // if 2: SLL, 2^-20, +1000 s
                .idb(228, 65535, ng.tsresol(6), ng.tsoffset(-100));         // if 3: IPV4, 10^-6, -100 s
        ng.epb(0, 1_700_000_000_123_456L, d[0], d[0].length)
                .block(0x0BAD, new byte[] {1, 2, 3, 4, 5, 6, 7, 8})           // unknown block type: skipped
                .epb(1, 1_700_000_000_987_654_321L, d[1], 1514, ng.option(1, "comment".getBytes()))
                .block(4, new byte[] {0, 0, 0, 0})                          // name resolution block: skipped
                .epb(2, (1_700_000_000L << 20) | (3L << 18), d[2], d[2].length) // .75 s exactly
                .epb(2, (5L << 20) | 1024L, d[3], d[3].length)               // 1/1024 s = 976562.5 ns
                .block(5, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})  // interface statistics: skipped
                .pb(1, 42L, d[4], 99)                                       // obsolete packet block
                .spb(d[5].length, d[5])                                     // simple packet block, interface 0
                .epb(3, 200_000_001L, d[6], d[6].length);
        ng.shb(second);                                                      // interfaces are per section
        ng.idb(229, 65535, ng.tsresol(3))                                   // if 0 again, now IPV6 in ms
                .epb(0, 1_700_000_000_555L, d[7], d[7].length)
                .block(0x40000BAD, new byte[0]);                            // custom-looking block at the end
        return ng.bytes();
    }

    private static byte[][] frameData() {
        byte[][] d = new byte[8][];
        for (int i = 0; i < d.length; i++) {
            d[i] = pattern(40 + i * 9, i);
        }
        return d;
    }

    private static void assertMixedPcapngFrames(List<CapturedFrame> f, byte[][] d) {
        assertEquals(8, f.size(), f.toString());
        assertFrame(f.get(0), 1, 1_700_000_000_123_456_000L, d[0], d[0].length);
        assertFrame(f.get(1), 101, 1_700_000_000_987_654_321L, d[1], 1514);
        assertFrame(f.get(2), 113, (1_700_000_000L + 1_000) * NS + 750_000_000L, d[2], d[2].length);
        CapturedFrame pow2 = f.get(3);
        assertEquals(113, pow2.linkType());
        long exact = (5 + 1_000) * NS + 976_562; // 976562.5 ns: either neighbour is acceptable
        assertTrue(pow2.tsNanos() == exact || pow2.tsNanos() == exact + 1, "2^-20 timestamp " + pow2.tsNanos());
        assertFrame(f.get(4), 101, 42L, d[4], 99);
        assertFrame(f.get(5), 1, 0L, d[5], d[5].length); // SPBs have no timestamp
        assertFrame(f.get(6), 228, 200 * NS + 1_000 - 100 * NS, d[6], d[6].length);
        assertFrame(f.get(7), 229, 1_700_000_000_555_000_000L, d[7], d[7].length);
    }

    @ParameterizedTest(name = "first section {0}")
    @ValueSource(strings = {"LITTLE_ENDIAN", "BIG_ENDIAN"})
    void pcapngWithSeveralInterfacesSectionsAndBlockTypes(String firstOrder) throws Exception {
        ByteOrder first = firstOrder.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        ByteOrder second = first == ByteOrder.BIG_ENDIAN ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        byte[][] d = frameData();
        CaptureFileReader r = reader(mixedPcapng(first, second, d));
        List<CapturedFrame> frames = read(r);
        assertNull(r.damage(), r.damage());
        assertEquals("pcapng", r.format());
        assertMixedPcapngFrames(frames, d);
    }

    @Test
    void pcapngWholeSecondResolutionsInBothNotations() throws Exception {
        byte[] d = pattern(20, 1);
        Pcapng ng = new Pcapng().shb(ByteOrder.LITTLE_ENDIAN);
        ng.idb(1, 65535, ng.tsresol(0))            // 10^0: seconds
                .idb(1, 65535, ng.tsresol(0x80))   // 2^0: seconds too
                .idb(1, 65535, ng.tsresol(0x80 | 1)) // 2^-1: half seconds
                .idb(1, 65535, ng.tsresol(12))     // 10^-12: picoseconds
                .epb(0, 5, d, 20).epb(1, 5, d, 20).epb(2, 5, d, 20).epb(3, 5_000_000_000_123_456L, d, 20);
        List<CapturedFrame> f = read(reader(ng.bytes()));
        assertEquals(5 * NS, f.get(0).tsNanos());
        assertEquals(5 * NS, f.get(1).tsNanos());
        assertEquals(2 * NS + 500_000_000L, f.get(2).tsNanos());
        assertEquals(5_000_000_000_123L, f.get(3).tsNanos());
    }

    @Test
    void pcapngSimplePacketBlockIsCutToTheInterfaceSnaplen() throws Exception {
        byte[] d = pattern(64, 1);
        Pcapng ng = new Pcapng().shb(ByteOrder.LITTLE_ENDIAN).idb(1, 64).spb(1514, d);
        CapturedFrame f = read(reader(ng.bytes())).get(0);
        assertEquals(64, f.capLen());
        assertEquals(1514, f.origLen());
        assertArrayEquals(d, f.data());
    }

    @Test
    void pcapngPacketNamingAnUndescribedInterfaceIsSkippedAsDamage() throws Exception {
        byte[] a = pattern(30, 1);
        byte[] b = pattern(31, 2);
        Pcapng ng = new Pcapng().shb(ByteOrder.LITTLE_ENDIAN).idb(1, 65535)
                .epb(0, 1, a, a.length).epb(5, 2, pattern(10, 0), 10).epb(0, 3, b, b.length);
        CaptureFileReader r = reader(ng.bytes());
        List<CapturedFrame> frames = read(r);
        assertEquals(2, frames.size());
        assertArrayEquals(b, frames.get(1).data());
        assertNotNull(r.damage());
        assertTrue(r.damage().contains("interface 5"), r.damage());
    }

    @Test
    void pcapngTruncatedLastBlockKeepsEarlierFrames() throws Exception {
        byte[] a = pattern(100, 1);
        Pcapng ng = new Pcapng().shb(ByteOrder.BIG_ENDIAN).idb(1, 65535).epb(0, 1, a, a.length).epb(0, 2, pattern(200, 2), 200);
        byte[] full = ng.bytes();
        CaptureFileReader r = reader(Arrays.copyOf(full, full.length - 50));
        List<CapturedFrame> frames = read(r);
        assertEquals(1, frames.size());
        assertArrayEquals(a, frames.get(0).data());
        assertNotNull(r.damage());
        assertTrue(r.damage().contains("truncated"), r.damage());
    }

    @Test
    void pcapngBlockWithInvalidLengthStopsReading() throws Exception {
        byte[] a = pattern(20, 1);
        Pcapng ng = new Pcapng().shb(ByteOrder.LITTLE_ENDIAN).idb(1, 65535).epb(0, 1, a, a.length);
        ng.raw(new byte[] {6, 0, 0, 0, 13, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}); // EPB with length 13: not a multiple of 4
        ng.epb(0, 2, a, a.length);
        CaptureFileReader r = reader(ng.bytes());
        assertEquals(1, read(r).size());
        assertTrue(r.damage() != null && r.damage().contains("invalid length"), r.damage());
    }

    @Test
    void pcapngHugePacketBlockIsDamage() throws Exception {
        byte[] a = pattern(20, 1);
        Pcapng ng = new Pcapng().shb(ByteOrder.LITTLE_ENDIAN).idb(1, 65535).epb(0, 1, a, a.length);
        ng.raw(new byte[] {6, 0, 0, 0, 0, 0, 0, 0x40, 0, 0, 0, 0}); // EPB claiming 1 GiB
        CaptureFileReader r = reader(ng.bytes());
        assertEquals(1, read(r).size());
        assertNotNull(r.damage());
    }

    @Test
    void pcapngNotStartingWithSectionHeaderIsRejected() {
        byte[] bytes = new byte[] {0x0A, 0x0D, 0x0D, 0x0A, 28, 0, 0, 0, 1, 2, 3, 4, 0, 0, 0, 0}; // bad byte-order magic
        CaptureException e = assertThrows(CaptureException.class, () -> read(reader(bytes)));
        assertTrue(e.getMessage().contains("byte-order"), e.getMessage());
    }

    // ---------------------------------------------------------------- gzip

    @Test
    void gzipCompressedPcapIsReadTransparently() throws Exception {
        byte[] d1 = pattern(70, 1);
        byte[] d2 = pattern(1500, 2);
        byte[] plain = new Pcap(ByteOrder.BIG_ENDIAN, true, 1, 65535).record(9, 8, d1).record(10, 11, d2, 3000).bytes();
        CaptureFileReader r = reader(gzip(plain));
        List<CapturedFrame> frames = read(r);
        assertEquals(2, frames.size());
        assertFrame(frames.get(0), 1, 9 * NS + 8, d1, 70);
        assertFrame(frames.get(1), 1, 10 * NS + 11, d2, 3000);
        assertEquals("pcap-nsec+gzip", r.format());
        assertEquals(read(reader(plain)), frames);
    }

    @Test
    void gzipCompressedPcapngIsReadTransparently() throws Exception {
        byte[][] d = frameData();
        Path f = tmp.resolve("mixed.pcapng.gz");
        Files.write(f, gzip(mixedPcapng(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN, d)));
        try (CaptureFileReader r = CaptureFileReader.open(f.toString())) {
            List<CapturedFrame> frames = read(r);
            assertEquals("pcapng+gzip", r.format());
            assertNull(r.damage());
            assertMixedPcapngFrames(frames, d);
        }
    }

    @Test
    void truncatedGzipKeepsFramesBeforeTheCut() throws Exception {
        Pcap p = new Pcap(ByteOrder.LITTLE_ENDIAN, false, 1, 65535);
        for (int i = 0; i < 200; i++) {
            p.record(i, 0, pattern(500, i));
        }
        byte[] gz = gzip(p.bytes());
        CaptureFileReader r = reader(Arrays.copyOf(gz, gz.length / 2));
        List<CapturedFrame> frames = read(r);
        assertTrue(frames.size() > 0 && frames.size() < 200, "frames: " + frames.size());
        assertNotNull(r.damage());
        for (int i = 0; i < frames.size(); i++) {
            assertArrayEquals(pattern(500, i), frames.get(i).data());
        }
    }

    @Test
    void gzipOfSomethingElseIsNotACapture() {
        byte[] gz = gzip("plain text, gzipped".getBytes());
        CaptureException e = assertThrows(CaptureException.class, () -> read(reader(gz)));
        assertTrue(e.getMessage().contains("not a pcap or pcapng file"), e.getMessage());
    }

    @Test
    void gzipOfAnEmptyFileSaysSo() {
        CaptureException e = assertThrows(CaptureException.class, () -> read(reader(gzip(new byte[0]))));
        assertTrue(e.getMessage().contains("empty") && e.getMessage().contains("gzip"), e.getMessage());
    }

    @Test
    void corruptGzipHeaderIsUnreadable() {
        byte[] gz = gzip(new Pcap(ByteOrder.LITTLE_ENDIAN, false, 1, 65535).record(1, 0, pattern(10, 0)).bytes());
        gz[2] = 99; // compression method other than deflate
        CaptureException e = assertThrows(CaptureException.class, () -> read(reader(gz)));
        assertTrue(e.getMessage().startsWith("test.pcap: "), e.getMessage());
        assertTrue(e.getMessage().contains("gzip"), e.getMessage());
    }

    // ---------------------------------------------------------------- errors

    @Test
    void emptyFileIsUnreadable() throws Exception {
        Path f = Files.write(tmp.resolve("empty.pcap"), new byte[0]);
        CaptureException e = assertThrows(CaptureException.class, () -> readFile(f));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        assertTrue(e.getMessage().contains("empty.pcap"), e.getMessage());
    }

    @Test
    void threeByteFileIsUnreadable() throws Exception {
        Path f = Files.write(tmp.resolve("three.pcap"), new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2});
        CaptureException e = assertThrows(CaptureException.class, () -> readFile(f));
        assertTrue(e.getMessage().contains("too short"), e.getMessage());
        assertTrue(e.getMessage().contains("three.pcap"), e.getMessage());
    }

    @Test
    void garbageFileIsNotACapture() throws Exception {
        Path f = Files.writeString(tmp.resolve("notes.txt"), "hello, this is not a capture file\n".repeat(10));
        CaptureException e = assertThrows(CaptureException.class, () -> readFile(f));
        assertTrue(e.getMessage().contains("not a pcap or pcapng file"), e.getMessage());
        assertTrue(e.getMessage().contains("notes.txt"), e.getMessage());
        assertTrue(e.getMessage().contains("68 65 6c 6c"), "message shows the first bytes: " + e.getMessage());
    }

    @Test
    void missingFileIsReportedByName() {
        String name = tmp.resolve("does-not-exist.pcap").toString();
        CaptureException e = assertThrows(CaptureException.class, () -> CaptureFileReader.open(name));
        assertEquals(name + ": no such file", e.getMessage());
    }

    @Test
    void directoryIsNotACaptureFile() {
        CaptureException e = assertThrows(CaptureException.class, () -> CaptureFileReader.open(tmp.toString()));
        assertTrue(e.getMessage().contains("directory"), e.getMessage());
        assertTrue(e.getMessage().startsWith(tmp.toString()), e.getMessage());
    }

    @Test
    void globalHeaderCutShortIsUnreadable() {
        byte[] file = Arrays.copyOf(new Pcap(ByteOrder.LITTLE_ENDIAN, false, 1, 65535).bytes(), 20);
        CaptureException e = assertThrows(CaptureException.class, () -> read(reader(file)));
        assertTrue(e.getMessage().toLowerCase(Locale.ROOT).contains("header"), e.getMessage());
    }

    @Test
    void headerOnlyPcapHasNoFramesAndNoDamage() throws Exception {
        CaptureFileReader r = reader(new Pcap(ByteOrder.LITTLE_ENDIAN, false, 1, 65535).bytes());
        assertEquals(0, read(r).size());
        assertNull(r.damage());
    }

    @Test
    void truncatedLastRecordDeliversEarlierFramesAndReportsDamage() throws Exception {
        byte[] d1 = pattern(100, 1);
        byte[] d2 = pattern(120, 2);
        byte[] full = new Pcap(ByteOrder.LITTLE_ENDIAN, false, 1, 65535)
                .record(1, 0, d1).record(2, 0, d2).record(3, 0, pattern(300, 3)).bytes();
        Path f = Files.write(tmp.resolve("cut.pcap"), Arrays.copyOf(full, full.length - 150));
        try (CaptureFileReader r = CaptureFileReader.open(f.toString())) {
            List<CapturedFrame> frames = read(r);
            assertEquals(2, frames.size());
            assertFrame(frames.get(0), 1, NS, d1, 100);
            assertFrame(frames.get(1), 1, 2 * NS, d2, 120);
            assertNotNull(r.damage());
            assertTrue(r.damage().contains("truncated"), r.damage());
            assertTrue(r.damage().contains("record 3"), r.damage());
            assertTrue(!r.damage().contains("\n"), "one line");
        }
    }

    @Test
    void truncatedRecordHeaderIsDamage() throws Exception {
        byte[] d1 = pattern(100, 1);
        byte[] full = new Pcap(ByteOrder.BIG_ENDIAN, false, 1, 65535).record(1, 0, d1).raw(new byte[] {0, 0, 0, 5, 0, 0}).bytes();
        CaptureFileReader r = reader(full);
        assertEquals(1, read(r).size());
        assertNotNull(r.damage());
        assertTrue(r.damage().contains("truncated"), r.damage());
    }

    @Test
    void truncatedFirstRecordMeansNothingCouldBeRead() {
        byte[] full = new Pcap(ByteOrder.LITTLE_ENDIAN, false, 1, 65535).record(1, 0, pattern(100, 1)).bytes();
        CaptureException e = assertThrows(CaptureException.class, () -> read(reader(Arrays.copyOf(full, full.length - 1))));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void bogusHugeCapLenStopsReadingAsDamage() throws Exception {
        byte[] d1 = pattern(60, 1);
        byte[] file = new Pcap(ByteOrder.LITTLE_ENDIAN, false, 1, 65535)
                .record(1, 0, d1)
                .record(2, 0, 0x7FFF0000, 60, pattern(60, 2)) // header claims ~2 GB
                .record(3, 0, pattern(60, 3))
                .bytes();
        CaptureFileReader r = reader(file);
        List<CapturedFrame> frames = read(r);
        assertEquals(1, frames.size());
        assertArrayEquals(d1, frames.get(0).data());
        assertNotNull(r.damage());
        assertTrue(r.damage().contains("record 2"), r.damage());
        assertTrue(r.damage().contains("damaged"), r.damage());
    }

    @Test
    void capLenWithTheHighBitSetIsDamageNotANegativeLength() throws Exception {
        byte[] file = new Pcap(ByteOrder.BIG_ENDIAN, false, 1, 65535)
                .record(1, 0, pattern(10, 1)).record(2, 0, 0xFFFFFFF0, 60, pattern(60, 2)).bytes();
        CaptureFileReader r = reader(file);
        assertEquals(1, read(r).size());
        assertNotNull(r.damage());
    }

    private static List<CapturedFrame> readFile(Path f) throws Exception {
        try (CaptureFileReader r = CaptureFileReader.open(f.toString())) {
            return read(r);
        }
    }

    /** Returns at most 'chunk' bytes per read call. */
    private static final class TrickleStream extends InputStream {
        private final byte[] data;
        private final int chunk;
        private int pos;

        TrickleStream(byte[] data, int chunk) {
            this.data = data;
            this.chunk = chunk;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (pos >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, chunk), data.length - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
