package io.ftpscope.diagnose;

import io.ftpscope.session.CommandEntry;
import io.ftpscope.session.Diagnostic;
import io.ftpscope.session.FtpSession;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Many failed logins from one client address, counted across sessions (password guessers open a new
 * connection per try). Defaults follow Zeek's policy/protocols/ftp/detect-bruteforcing: 20 failures
 * within 15 minutes. State is bounded: the most recent {@code maxClients} addresses, each holding at
 * most {@code threshold} failures.
 */
final class BruteForce implements Rule {
    private record Failure(long ts, long frame, String server) {
    }

    private static final class Client {
        final ArrayDeque<Failure> failures = new ArrayDeque<>();
        long quietUntil = Long.MIN_VALUE;
    }

    private final int threshold;
    private final long windowNanos;
    private final LinkedHashMap<String, Client> clients;

    BruteForce(int threshold, long windowNanos, int maxClients) {
        this.threshold = Math.max(1, threshold);
        this.windowNanos = windowNanos;
        this.clients = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Client> eldest) {
                return size() > maxClients;
            }
        };
    }

    @Override
    public String code() {
        return "brute-force";
    }

    @Override
    public String severity() {
        return WARNING;
    }

    @Override
    public void check(FtpSession s, List<Diagnostic> out) {
        Client c = null;
        for (CommandEntry e : s.commands) {
            if (!LoginFailed.isFailedLogin(e)) {
                continue;
            }
            c = c != null ? c : clients.computeIfAbsent(s.clientIp(), k -> new Client());
            long ts = e.reply.ts();
            c.failures.addLast(new Failure(ts, e.reply.frame(), s.serverIp()));
            while (!c.failures.isEmpty() && (ts - c.failures.peekFirst().ts() > windowNanos || c.failures.size() > threshold)) {
                c.failures.pollFirst();
            }
            if (c.failures.size() >= threshold && ts > c.quietUntil) {
                out.add(report(s.clientIp(), c));
                c.quietUntil = ts + windowNanos; // one report per burst, as Zeek suppresses repeats
                c.failures.clear();
            }
        }
    }

    private Diagnostic report(String client, Client c) {
        List<Long> frames = new ArrayList<>();
        Set<String> servers = new HashSet<>();
        for (Failure f : c.failures) {
            frames.add(f.frame());
            servers.add(f.server());
        }
        long span = c.failures.peekLast().ts() - c.failures.peekFirst().ts();
        String cause = client + " had " + c.failures.size() + " failed logins on " + servers.size() + " FTP server"
                + (servers.size() == 1 ? "" : "s") + " in " + Evidence.seconds(span) + " (threshold " + threshold
                + " within " + windowNanos / 60_000_000_000L + " min): someone is guessing passwords.";
        String fix = "Block or rate-limit " + client + " (fail2ban on the server's log, a firewall rule), make sure the accounts"
                + " tried have strong passwords, and prefer key-based SFTP where possible.";
        return found(cause, fix, frames);
    }
}
