package io.ftpscope.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ftpscope.testutil.CapturedFrame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.Pcaps;

/**
 * Live capture on a veth pair of its own, with IPv6 off and no addresses, so nothing but the
 * frames this test injects (pcap_inject on the peer) ever crosses it. The batched path and pcap4j's
 * callback per packet capture the same frames at the same time and must agree (bytes, lengths,
 * timestamps to within what two sockets stamping the same frame differ by); both stop
 * promptly on the quiet link. Needs root: fails, never skips, without it.
 */
class Pcap4jLiveIT {
    private static final String A = "fq" + ProcessHandle.current().pid() % 1_000_000 + "a";
    private static final String B = "fq" + ProcessHandle.current().pid() % 1_000_000 + "b";
    private static final int FRAMES = 3000;

    @BeforeAll
    static void veth() throws Exception {
        assertEquals("0", sh("id", "-u").trim(), "live capture tests need root (CI runs them as root)");
        sh("ip", "link", "add", A, "type", "veth", "peer", "name", B);
        for (String i : List.of(A, B)) {
            // No IPv6: no router solicitations or MLD reports; no IPv4 address: nothing to say at all.
            Files.writeString(Path.of("/proc/sys/net/ipv6/conf", i, "disable_ipv6"), "1");
            sh("ip", "link", "set", i, "up");
        }
        Thread.sleep(300);
    }

    @AfterAll
    static void down() throws Exception {
        sh("ip", "link", "del", A);
    }

    /** Runs a source on its own thread, copying out every frame. */
    private static final class Run {
        final Pcap4jSource src;
        final List<CapturedFrame> frames = Collections.synchronizedList(new ArrayList<>());
        final Thread thread;
        volatile Exception failure;

        Run(Pcap4jSource src) {
            this.src = src;
            this.thread = new Thread(() -> {
                try {
                    src.run((lt, ts, buf, off, cap, orig) -> frames.add(new CapturedFrame(lt, ts, Arrays.copyOfRange(buf, off, off + cap), cap,
                            orig)));
                } catch (CaptureException e) {
                    failure = e;
                }
            });
            thread.start();
        }

        /** Milliseconds from stop() until run() returned. */
        long stop() throws Exception {
            long t0 = System.nanoTime();
            src.stop();
            thread.join(5000);
            assertFalse(thread.isAlive(), "run() did not return after stop()");
            if (failure != null) {
                throw failure;
            }
            return (System.nanoTime() - t0) / 1_000_000;
        }
    }

    @Test
    void batchedAndPerPacketCaptureTheSameFramesAndStopPromptly() throws Exception {
        Pcap4jSource batched = Pcap4jSource.openLive(A, null, 65535, true, 100);
        Pcap4jSource perPacket = Pcap4jSource.openLive(A, null, 65535, true, 100).perPacket(true);
        PcapHandle out = Pcaps.getDevByName(B).openLive(65535, PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS, 100);
        try {
            Run b = new Run(batched);
            Run p = new Run(perPacket);
            Thread.sleep(300);
            assertEquals(0, b.frames.size() + p.frames.size(), "the link is not quiet: " + b.frames + p.frames);
            List<byte[]> sent = new ArrayList<>();
            for (int i = 0; i < FRAMES; i++) {
                byte[] f = frame(i);
                out.sendPacket(f);
                sent.add(f);
                if (i % 500 == 499) {
                    Thread.sleep(20); // bursts well inside the kernel buffer
                }
            }
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while ((b.frames.size() < FRAMES || p.frames.size() < FRAMES) && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            Thread.sleep(300); // quiet again: a blocking read would now never return
            long stopB = b.stop();
            long stopP = p.stop();
            assertTrue(batched.batched(), batched.readMode());
            assertFalse(perPacket.batched(), perPacket.readMode());
            assertEquals(0, batched.drops());
            assertEquals(FRAMES, b.frames.size(), "batched");
            assertEquals(FRAMES, p.frames.size(), "per packet");
            assertEquals(FRAMES, batched.frames());
            for (int i = 0; i < FRAMES; i++) {
                CapturedFrame x = b.frames.get(i);
                assertTrue(Arrays.equals(sent.get(i), x.data()), "frame " + i + " bytes");
                assertEquals(sent.get(i).length, x.origLen());
                CapturedFrame y = p.frames.get(i);
                assertTrue(x.linkType() == y.linkType() && x.capLen() == y.capLen() && x.origLen() == y.origLen()
                        && Arrays.equals(x.data(), y.data()), "frame " + i + ": batched " + x + ", per packet " + y);
                // Each packet socket stamps the frame itself, so the two sockets differ by microseconds.
                assertTrue(Math.abs(x.tsNanos() - y.tsNanos()) < 5_000_000, "frame " + i + " timestamps: " + x + " " + y);
                assertTrue(i == 0 || x.tsNanos() >= b.frames.get(i - 1).tsNanos(), "in order");
                long ageMs = (System.currentTimeMillis() * 1_000_000L - x.tsNanos()) / 1_000_000;
                assertTrue(ageMs >= 0 && ageMs < 60_000, "timestamp in nanoseconds of now: " + x.tsNanos());
            }
            assertTrue(stopB < 500 && stopP < 500, "stop on a quiet link took " + stopB + " ms (batched), " + stopP + " ms (per packet)");
        } finally {
            out.close();
            batched.close();
            perPacket.close();
        }
    }

    @Test
    void stopWithoutAnyPacketReturnsAtOnce() throws Exception {
        Pcap4jSource s = Pcap4jSource.openLive(A, null, 65535, true, 100);
        try {
            Run r = new Run(s);
            Thread.sleep(500);
            long ms = r.stop();
            assertTrue(ms < 500, "stop took " + ms + " ms");
            assertEquals(0, r.frames.size());
            assertTrue(s.batched(), s.readMode());
        } finally {
            s.close();
        }
    }

    /** An Ethernet frame (local experimental ethertype 0x88b5) of 60 to 1,514 bytes carrying its number. */
    private static byte[] frame(int i) {
        byte[] f = new byte[60 + (i * 7919) % 1455];
        byte[] dst = {0x02, 0, 0, 0, 0, 0x0a};
        byte[] src = {0x02, 0, 0, 0, 0, 0x0b};
        System.arraycopy(dst, 0, f, 0, 6);
        System.arraycopy(src, 0, f, 6, 6);
        f[12] = (byte) 0x88;
        f[13] = (byte) 0xb5;
        f[14] = (byte) (i >>> 24);
        f[15] = (byte) (i >>> 16);
        f[16] = (byte) (i >>> 8);
        f[17] = (byte) i;
        for (int k = 18; k < f.length; k++) {
            f[k] = (byte) (k * 31 + i);
        }
        return f;
    }

    private static String sh(String... cmd) throws IOException, InterruptedException {
        Process pr = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!pr.waitFor(30, TimeUnit.SECONDS)) {
            pr.destroyForcibly();
            fail("timed out: " + String.join(" ", cmd));
        }
        String o = new String(pr.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, pr.exitValue(), () -> String.join(" ", cmd) + ": " + o);
        return o;
    }
}
