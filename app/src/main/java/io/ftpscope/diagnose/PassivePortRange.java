package io.ftpscope.diagnose;

import io.ftpscope.ftp.HostPort;
import io.ftpscope.session.CommandEntry;
import io.ftpscope.session.DataConn;
import io.ftpscope.session.Diagnostic;
import io.ftpscope.session.FtpSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        int[] ports = new int[8];
        int n = 0;
        List<Long> frames = new ArrayList<>();
        for (CommandEntry e : s.commands) {
            HostPort hp = advertised(e);
            if (hp != null) {
                ports = add(ports, n++, hp.port());
                frames.add(e.reply.frame());
            }
        }
        boolean byTiming = false;
        if (n == 0) {
            for (DataConn d : s.dataConns) {
                if (!d.active() && "timing".equals(d.linkedBy)) {
                    ports = add(ports, n++, d.conn.serverPort());
                    frames.add(d.conn.firstFrame());
                    byTiming = true;
                }
            }
        }
        if (n == 0) {
            return;
        }
        n = sortDistinct(ports, n);
        Seen all = servers.computeIfAbsent(s.serverIp(), k -> new Seen());
        all.min = Math.min(all.min, ports[0]);
        all.max = Math.max(all.max, ports[n - 1]);
        all.count += frames.size();
        // a StringBuilder, not +: this rule fires for most sessions, and a concatenation runs slower on C1
        StringBuilder cause = new StringBuilder(200).append("Server ").append(s.serverIp())
                .append(byTiming ? " accepted passive data connections on port" : " advertised passive port").append(n == 1 ? " " : "s ");
        join(cause, ports, n).append(" in this session; across the capture so far it used ");
        if (all.min == all.max) {
            cause.append("port ").append(all.min);
        } else {
            cause.append("ports ").append(all.min).append('-').append(all.max);
        }
        cause.append(" in ").append(all.count).append(" passive data connection").append(all.count == 1 ? "" : "s").append('.');
        String fix = "Compare these ports with the range the server is configured for (vsftpd pasv_min_port/pasv_max_port) and"
                + " with what the firewalls in front of it allow; they must agree.";
        out.add(found(cause.toString(), fix, frames));
    }

    private static int[] add(int[] ports, int n, int port) {
        int[] a = n < ports.length ? ports : Arrays.copyOf(ports, 2 * n);
        a[n] = port;
        return a;
    }

    /** Sorts the first {@code n} ports and keeps each once; returns how many remain. */
    private static int sortDistinct(int[] ports, int n) {
        Arrays.sort(ports, 0, n);
        int m = 1;
        for (int i = 1; i < n; i++) {
            if (ports[i] != ports[m - 1]) {
                ports[m++] = ports[i];
            }
        }
        return m;
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

    private static StringBuilder join(StringBuilder sb, int[] ports, int n) {
        for (int i = 0; i < n; i++) {
            if (i == 10) {
                return sb.append(" and ").append(n - 10).append(" more");
            }
            sb.append(i > 0 ? ", " : "").append(ports[i]);
        }
        return sb;
    }
}
