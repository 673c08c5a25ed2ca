package io.ftpscope.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AsyncOutputTest {

    private static void event(AsyncOutput out, int i) {
        byte[] line = ("{\"event\":" + i + ",\"pad\":\"" + "x".repeat(i % 300) + "\"}\n").getBytes(StandardCharsets.UTF_8);
        out.write(line, 0, line.length);
        out.flush();
    }

    @Test
    void everyEventArrivesInOrderInFewWrites() throws Exception {
        int[] writes = {0};
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        OutputStream counting = new OutputStream() {
            @Override
            public void write(int b) {
                sink.write(b);
                writes[0]++;
            }

            @Override
            public void write(byte[] b, int off, int n) {
                sink.write(b, off, n);
                writes[0]++;
            }
        };
        AsyncOutput out = new AsyncOutput(counting, 64 << 20);
        StringBuilder want = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            event(out, i);
            want.append("{\"event\":").append(i).append(",\"pad\":\"").append("x".repeat(i % 300)).append("\"}\n");
        }
        out.close();
        assertEquals(want.toString(), sink.toString(StandardCharsets.UTF_8));
        assertEquals(0, out.droppedEvents());
        assertTrue(writes[0] < 300, "events are written in chunks, not one by one: " + writes[0] + " writes");
    }

    @Test
    void shipHandsOverWaitingEventsAfterTheirTime() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        AsyncOutput out = new AsyncOutput(sink, 1 << 20);
        event(out, 1);
        out.ship(); // too early: nothing is handed over yet
        Thread.sleep(20);
        assertEquals(0, sink.size());
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(AsyncOutput.SHIP_NANOS));
        out.ship();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (sink.size() == 0 && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertTrue(sink.toString(StandardCharsets.UTF_8).startsWith("{\"event\":1,"), sink.toString(StandardCharsets.UTF_8));
        out.close();
    }

    @Test
    void aStuckReaderCostsCountedEventsNotAStall() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        OutputStream stuck = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int n) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                sink.write(b, off, n);
            }
        };
        AsyncOutput out = new AsyncOutput(stuck, 4 * AsyncOutput.CHUNK);
        long t0 = System.nanoTime();
        int n = 50_000;
        for (int i = 0; i < n; i++) {
            event(out, i);
        }
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "the capture thread was held up");
        release.countDown();
        out.close();
        long written = sink.toString(StandardCharsets.UTF_8).lines().count();
        assertTrue(out.droppedEvents() > 0, "nothing dropped");
        assertEquals(n, written + out.droppedEvents(), "every event is either written or counted as dropped");
    }
}
