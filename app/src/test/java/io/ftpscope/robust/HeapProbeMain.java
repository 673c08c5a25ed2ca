package io.ftpscope.robust;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.ftpscope.cli.Main;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Runs the CLI like {@code Main.main}, then reports on stderr the heap it needed:
 * {@code heap-peak-used: B live-peak: B}. The first is the sum of the heap pools' peaks (garbage
 * included); the second the largest heap still in use right after a full collection (the live set;
 * -1 when no full collection was needed).
 * Used by the flood tests in a child JVM.
 */
public final class HeapProbeMain {
    private HeapProbeMain() {
    }

    public static void main(String[] args) {
        AtomicLong live = new AtomicLong(-1);
        java.util.Set<String> heapPools = new java.util.HashSet<>();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                heapPools.add(p.getName());
            }
        }
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((n, hb) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                    if (!info.getGcAction().contains("major")) {
                        return; // after a minor collection the old generation still holds its garbage
                    }
                    long used = 0;
                    for (java.util.Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                        if (heapPools.contains(e.getKey())) {
                            used += e.getValue().getUsed();
                        }
                    }
                    live.accumulateAndGet(used, Math::max);
                }
            }, null, null);
        }
        int code = Main.run(args, System.out, System.err);
        System.out.flush();
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        System.err.println("heap-peak-used: " + peak + " live-peak: " + live.get());
        System.exit(code);
    }
}
