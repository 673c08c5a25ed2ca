package io.ftpscope.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The window gives every record's bytes at their offset in the input, whether it slides over its own
 * buffer or moves to lent ones, and whatever the stream gives per read (gzip gives little).
 */
class ByteInputTest {
    /** A stream that gives between 1 and max bytes per read. */
    private static InputStream stingy(byte[] data, long seed, int max) {
        SplittableRandom r = new SplittableRandom(seed);
        return new InputStream() {
            int at;

            @Override
            public int read() {
                return at < data.length ? data[at++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (at == data.length) {
                    return -1;
                }
                int n = Math.min(Math.min(len, data.length - at), 1 + r.nextInt(max));
                System.arraycopy(data, at, b, off, n);
                at += n;
                return n;
            }
        };
    }

    /** Reads records of random sizes (some larger than any buffer) and checks each against the input. */
    private static void readAll(byte[] data, ByteInput in, SplittableRandom r) throws IOException {
        long at = 0;
        while (at < data.length) {
            int n = r.nextInt(10) == 0 ? 1 + r.nextInt(20_000) : 1 + r.nextInt(300);
            boolean ok = in.ensure(n);
            int want = (int) Math.min(n, data.length - at);
            assertEquals(want == n, ok, "ensure at " + at);
            assertEquals(at, in.offset());
            assertArrayEquals(Arrays.copyOfRange(data, (int) at, (int) at + want),
                    Arrays.copyOfRange(in.buf(), in.pos(), in.pos() + want), "bytes at " + at);
            in.skip(want);
            at += want;
        }
        assertFalse(in.ensure(1));
    }

    private static byte[] data(long seed) {
        byte[] data = new byte[300_000];
        new SplittableRandom(seed).nextBytes(data);
        return data;
    }

    @Test
    void ownBufferSlidesAndGrows() throws IOException {
        for (int seed = 0; seed < 20; seed++) {
            byte[] data = data(seed);
            readAll(data, new ByteInput(stingy(data, seed, 1 + seed * 700), 4096), new SplittableRandom(seed));
        }
    }

    @Test
    void lentBuffersAreNeverWrittenOnceGivenBack() throws IOException {
        for (int seed = 0; seed < 20; seed++) {
            byte[] data = data(seed);
            List<byte[]> givenBack = new ArrayList<>();
            List<byte[]> snapshots = new ArrayList<>();
            BufferLender lender = (used, min) -> {
                givenBack.add(used);
                snapshots.add(used.clone());
                return new byte[Math.max(min, 8192)];
            };
            readAll(data, new ByteInput(stingy(data, seed, 1 + seed * 700), 1, lender), new SplittableRandom(seed));
            for (int i = 0; i < givenBack.size(); i++) {
                assertArrayEquals(snapshots.get(i), givenBack.get(i), "buffer " + i + " changed after it was given back");
            }
            // a stream that gives little per read still fills each buffer before moving on
            int moves = givenBack.size();
            assertTrue(moves < data.length / 8192 * 2 + 40, moves + " buffers for " + data.length + " bytes");
        }
    }

    @Test
    void lenderMayHandTheSameBufferBack() throws IOException {
        byte[] data = data(7);
        byte[][] only = {new byte[0]};
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        BufferLender lender = (used, min) -> {
            if (only[0].length < min) {
                only[0] = Arrays.copyOf(only[0], Math.max(min, 8192));
            }
            seen.write(1);
            return only[0];
        };
        readAll(data, new ByteInput(stingy(data, 7, 5000), 1, lender), new SplittableRandom(7));
        assertTrue(seen.size() > 10);
    }
}
