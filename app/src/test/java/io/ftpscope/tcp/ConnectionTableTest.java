package io.ftpscope.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The open-addressing table against a HashMap model, under random adds, lookups and removals. */
class ConnectionTableTest {
    private static Connection conn(long id, int v, long cHi, long cLo, int cPort, long sHi, long sLo, int sPort) {
        return new Connection(id, ConnectionTable.hash(v, cHi, cLo, cPort, sHi, sLo, sPort), v, cHi, cLo, cPort, sHi, sLo, sPort, 0, 1);
    }

    @Test
    void hashIsSymmetric() {
        assertEquals(ConnectionTable.hash(4, 0, 0x0a000001L, 40000, 0, 0x0a000002L, 21),
                ConnectionTable.hash(4, 0, 0x0a000002L, 21, 0, 0x0a000001L, 40000));
    }

    @Test
    void bothDirectionsFindTheConnectionAndOthersDoNot() {
        ConnectionTable t = new ConnectionTable();
        Connection c = conn(1, 4, 0, 0x0a000001L, 40000, 0, 0x0a000002L, 21);
        t.add(c);
        assertSame(c, t.get(c.hash, 4, 0, 0x0a000001L, 40000, 0, 0x0a000002L, 21));
        assertSame(c, t.get(c.hash, 4, 0, 0x0a000002L, 21, 0, 0x0a000001L, 40000));
        // same ports, addresses swapped between the ends: a different connection with the same hash
        assertNull(t.get(c.hash, 4, 0, 0x0a000001L, 21, 0, 0x0a000002L, 40000));
        assertNull(t.get(ConnectionTable.hash(6, 0, 0x0a000001L, 40000, 0, 0x0a000002L, 21),
                6, 0, 0x0a000001L, 40000, 0, 0x0a000002L, 21));
        assertTrue(t.remove(c));
        assertFalse(t.remove(c));
        assertNull(t.get(c.hash, 4, 0, 0x0a000001L, 40000, 0, 0x0a000002L, 21));
        assertEquals(0, t.size());
    }

    @Test
    void agreesWithAHashMapUnderChurn() {
        SplittableRandom r = new SplittableRandom(7);
        ConnectionTable t = new ConnectionTable();
        Map<List<Long>, Connection> model = new HashMap<>();
        long id = 0;
        for (int step = 0; step < 400_000; step++) {
            // few hosts and ports so that collisions and long probe runs happen
            long cLo = r.nextInt(40);
            int cPort = 1024 + r.nextInt(64);
            long sLo = 1000 + r.nextInt(4);
            int sPort = r.nextBoolean() ? 21 : 20;
            List<Long> key = List.of(cLo, (long) cPort, sLo, (long) sPort);
            int h = ConnectionTable.hash(4, 0, cLo, cPort, 0, sLo, sPort);
            Connection found = r.nextBoolean() ? t.get(h, 4, 0, cLo, cPort, 0, sLo, sPort) : t.get(h, 4, 0, sLo, sPort, 0, cLo, cPort);
            assertSame(model.get(key), found, "step " + step);
            // grow to thousands of entries, then drain back down (exercises shrinking)
            boolean adding = (step / 50_000) % 2 == 0 ? r.nextInt(10) < 7 : r.nextInt(10) < 2;
            if (found == null && adding) {
                Connection c = conn(++id, 4, 0, cLo, cPort, 0, sLo, sPort);
                t.add(c);
                model.put(key, c);
            } else if (found != null && !adding) {
                assertTrue(t.remove(found));
                model.remove(key);
            }
            assertEquals(model.size(), t.size());
        }
        assertEquals(model.size(), t.all().size());
        assertTrue(t.all().containsAll(model.values()));
    }
}
