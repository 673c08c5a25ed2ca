package io.ftpscope.capture;

import java.util.ArrayList;
import java.util.List;
import org.pcap4j.core.PcapAddress;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.Pcaps;

/** `live --list-interfaces`: what libpcap can capture on (works without capture privileges). */
public final class Interfaces {
    private Interfaces() {
    }

    /** One line per interface: name, addresses, description and flags. */
    public static List<String> list() throws CaptureException {
        Pcap4jSource.checkLibpcap();
        List<PcapNetworkInterface> all;
        try {
            all = Pcaps.findAllDevs();
        } catch (PcapNativeException e) {
            throw new CaptureException("cannot list interfaces: " + e.getMessage());
        }
        List<String> lines = new ArrayList<>();
        for (PcapNetworkInterface nif : all) {
            StringBuilder sb = new StringBuilder(nif.getName());
            List<String> addrs = new ArrayList<>();
            for (PcapAddress a : nif.getAddresses()) {
                if (a.getAddress() != null) {
                    addrs.add(a.getAddress().getHostAddress().replaceFirst("%.*$", ""));
                }
            }
            if (!addrs.isEmpty()) {
                sb.append("  ").append(String.join(" ", addrs));
            }
            if (nif.getDescription() != null) {
                sb.append("  (").append(nif.getDescription()).append(')');
            }
            if (nif.isLoopBack()) {
                sb.append("  loopback");
            }
            if (!nif.isUp()) {
                sb.append("  down");
            }
            lines.add(sb.toString());
        }
        return lines;
    }
}
