package io.ftpscope.tcp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * The connection table: open addressing with linear probing over two parallel arrays (hashes and
 * connections), looked up by a segment's addresses and ports without a key object. A HashMap lookup
 * touched a table node, a key object and the connection, three cache misses per packet among
 * thousands of connections; here a probe reads the hash array and then only the connection it
 * needs. The hash is symmetric in the two endpoints, so both directions land on the same entry.
 * Deletion shifts later entries back (no tombstones), so probes stay short under churn.
 */
final class ConnectionTable {
    private static final int MIN_CAPACITY = 1024;
    private int[] hashes;
    private Connection[] slots;
    private int mask;
    private int size;

    ConnectionTable() {
        alloc(MIN_CAPACITY);
    }

    private void alloc(int capacity) {
        hashes = new int[capacity];
        slots = new Connection[capacity];
        mask = capacity - 1;
    }

    int size() {
        return size;
    }

    /** Symmetric in (src, dst): a + b of the two endpoint hashes. */
    static int hash(int version, long srcHi, long srcLo, int srcPort, long dstHi, long dstLo, int dstPort) {
        return endpoint(srcHi, srcLo, srcPort) + endpoint(dstHi, dstLo, dstPort) + version;
    }

    private static int endpoint(long hi, long lo, int port) {
        long x = lo * 0x9E3779B97F4A7C15L ^ hi * 0xC2B2AE3D27D4EB4FL ^ (port + 1L) * 0x165667B19E3779F9L;
        x ^= x >>> 29;
        x *= 0xBF58476D1CE4E5B9L;
        return (int) (x ^ x >>> 32);
    }

    private int index(int h) {
        return (h ^ h >>> 16) & mask;
    }

    /** The connection of this 5-tuple (either direction), or null. */
    Connection get(int h, int version, long srcHi, long srcLo, int srcPort, long dstHi, long dstLo, int dstPort) {
        int[] hs = hashes;
        Connection[] cs = slots;
        for (int i = index(h); ; i = (i + 1) & mask) {
            Connection c = cs[i];
            if (c == null) {
                return null;
            }
            if (hs[i] == h && c.matches(version, srcHi, srcLo, srcPort, dstHi, dstLo, dstPort)) {
                return c;
            }
        }
    }

    /** Adds a connection whose tuple is not in the table (the caller looked it up first). */
    void add(Connection c) {
        if ((size + 1) * 2 > slots.length) {
            grow();
        }
        insert(c);
        size++;
    }

    private void insert(Connection c) {
        int i = index(c.hash);
        while (slots[i] != null) {
            i = (i + 1) & mask;
        }
        slots[i] = c;
        hashes[i] = c.hash;
    }

    private void grow() {
        Connection[] old = slots;
        alloc(old.length * 2);
        for (Connection c : old) {
            if (c != null) {
                insert(c);
            }
        }
    }

    /** Removes this very connection; false when it is not in the table. */
    boolean remove(Connection c) {
        int i = index(c.hash);
        while (slots[i] != c) {
            if (slots[i] == null) {
                return false;
            }
            i = (i + 1) & mask;
        }
        // backward-shift deletion: pull later members of the probe run into the hole
        int hole = i;
        for (int j = (i + 1) & mask; slots[j] != null; j = (j + 1) & mask) {
            int home = index(hashes[j]);
            // move j into the hole unless its home lies cyclically in (hole, j]
            boolean stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
            if (!stays) {
                slots[hole] = slots[j];
                hashes[hole] = hashes[j];
                hole = j;
            }
        }
        slots[hole] = null;
        hashes[hole] = 0;
        size--;
        if (size * 8 < slots.length && slots.length > MIN_CAPACITY) {
            shrink();
        }
        return true;
    }

    /** After a burst (a flood, a busy minute) the arrays go back to what the live set needs. */
    private void shrink() {
        Connection[] old = slots;
        alloc(Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, size)) * 4));
        for (Connection c : old) {
            if (c != null) {
                insert(c);
            }
        }
    }

    /** Every connection, in table order (callers that report sort by id). */
    List<Connection> all() {
        List<Connection> l = new ArrayList<>(size);
        for (Connection c : slots) {
            if (c != null) {
                l.add(c);
            }
        }
        return l;
    }

    /**
     * The connections p accepts, in table order: the expiry scan copies only what it will remove
     * (live capture sweeps every 100 ms, over up to hundreds of thousands of connections).
     */
    List<Connection> select(Predicate<Connection> p) {
        List<Connection> l = new ArrayList<>();
        for (Connection c : slots) {
            if (c != null && p.test(c)) {
                l.add(c);
            }
        }
        return l;
    }

    void clear() {
        Arrays.fill(slots, null);
        Arrays.fill(hashes, 0);
        size = 0;
        if (slots.length > MIN_CAPACITY) {
            alloc(MIN_CAPACITY);
        }
    }
}
