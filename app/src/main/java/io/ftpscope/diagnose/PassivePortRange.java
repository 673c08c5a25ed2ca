package io.ftpscope.diagnose;

import io.ftpscope.ftp.HostPort;
import io.ftpscope.session.CommandEntry;
import io.ftpscope.session.DataConn;
import io.ftpscope.session.Diagnostic;
import io.ftpscope.session.FtpSession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The passive ports a server handed out, in this session and across the capture so far, so an admin
 * can compare them with the configured range and the firewall's. Under TLS the ports come from the
 * timing-matched connections instead. Bounded: the most recent {@code maxServers} servers.
 */
final class PassivePortRange implements Rule {
    private static final class Seen {
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        long count;
    }

    private final LinkedHashMap<String, Seen> servers;

    PassivePortRange(int maxServers) {
        this.servers = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
                return size() > maxServers;
            }
        };
    }

    @Override
    public String code() {
        return "passive-port-range";
    }

    @Override
    public String severity() {
        return INFO;
    }

    @Override
    public void check(FtpSession s, List<Diagnostic> out) {
        TreeSet<Integer> ports = new TreeSet<>();
        List<Long> frames = new ArrayList<>();
        for (CommandEntry e : s.commands) {
            HostPort hp = advertised(e);
            if (hp != null) {
                ports.add(hp.port());
                frames.add(e.reply.frame());
            }
        }
        boolean byTiming = false;
        if (ports.isEmpty()) {
            for (DataConn d : s.dataConns) {
                if (!d.active() && "timing".equals(d.linkedBy)) {
                    ports.add(d.conn.serverPort());
                    frames.add(d.conn.firstFrame());
                    byTiming = true;
                }
            }
        }
        if (ports.isEmpty()) {
            return;
        }
        Seen all = servers.computeIfAbsent(s.serverIp(), k -> new Seen());
        all.min = Math.min(all.min, ports.first());
        all.max = Math.max(all.max, ports.last());
        all.count += frames.size();
        String cause = "Server " + s.serverIp() + (byTiming ? " accepted passive data connections on port" : " advertised passive port")
                + (ports.size() == 1 ? " " : "s ") + join(ports) + " in this session; across the capture so far it used "
                + (all.min == all.max ? "port " + all.min : "ports " + all.min + "-" + all.max) + " in " + all.count
                + " passive data connection" + (all.count == 1 ? "" : "s") + ".";
        String fix = "Compare these ports with the range the server is configured for (vsftpd pasv_min_port/pasv_max_port) and"
                + " with what the firewalls in front of it allow; they must agree.";
        out.add(found(cause, fix, frames));
    }

    private static HostPort advertised(CommandEntry e) {
        if (e.verb == null || e.reply == null) {
            return null;
        }
        return switch (e.verb) {
            case "PASV", "EPSV", "LPSV" -> e.announced();
            default -> null;
        };
    }

    private static String join(TreeSet<Integer> ports) {
        StringBuilder sb = new StringBuilder();
        int shown = 0;
        for (int p : ports) {
            if (shown++ == 10) {
                return sb.append(" and ").append(ports.size() - 10).append(" more").toString();
            }
            sb.append(shown > 1 ? ", " : "").append(p);
        }
        return sb.toString();
    }
}
