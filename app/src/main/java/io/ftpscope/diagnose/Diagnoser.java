package io.ftpscope.diagnose;

import io.ftpscope.session.Diagnostic;
import io.ftpscope.session.FtpSession;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Runs the catalogue over each finished session and appends what the rules found to
 * {@link FtpSession#diagnostics}, most severe first. One instance per run: two rules keep state
 * across sessions (brute-force, passive-port-range).
 */
public final class Diagnoser {
    private static final Comparator<Diagnostic> BY_SEVERITY = Comparator.comparingInt(d -> rank(d.severity()));
    private final List<Rule> rules;
    private final int maxPerSession;

    public Diagnoser(DiagnoseConfig cfg) {
        this.rules = List.of(
                new ServiceUnavailable(),
                new LoginFailed(),
                new BruteForce(cfg.bruteForceThreshold(), cfg.bruteForceWindowNanos(), cfg.maxTrackedClients()),
                new ActiveConnectBlocked(),
                new PassiveConnectFailed(),
                new NoDataConnection(),
                new PasvPrivateAddress(),
                new FtpBounce(),
                new FileUnavailable(),
                new TransferAborted(),
                new TlsEncrypted(),
                new CleartextCredentials(),
                new NonstandardPort(),
                new PassivePortRange(cfg.maxTrackedServers()),
                new DataBeforeAnnouncement());
        this.maxPerSession = cfg.maxPerSession();
    }

    /** Every code with its severity, in catalogue order (for docs and tests). */
    public List<String[]> catalogue() {
        List<String[]> l = new ArrayList<>();
        for (Rule r : rules) {
            l.add(new String[] {r.code(), r.severity()});
        }
        return l;
    }

    public void diagnose(FtpSession s) {
        List<Diagnostic> found = new ArrayList<>();
        for (Rule r : rules) {
            r.check(s, found);
        }
        if (!bySeverity(found)) {
            found.sort(BY_SEVERITY); // stable: catalogue order within a severity
        }
        // a flood of 550s must not flood every output; the count of what was left out is said
        if (found.size() > maxPerSession) {
            int left = found.size() - maxPerSession + 1;
            found = new ArrayList<>(found.subList(0, maxPerSession - 1));
            found.add(new Diagnostic("diagnostics-capped", Rule.INFO, left + " more diagnostics for this session were not kept.",
                    "Filter the capture to this session to see them all.", List.of()));
        }
        s.diagnostics.addAll(found);
    }

    private static boolean bySeverity(List<Diagnostic> found) {
        for (int i = 1; i < found.size(); i++) {
            if (rank(found.get(i - 1).severity()) > rank(found.get(i).severity())) {
                return false;
            }
        }
        return true;
    }

    static int rank(String severity) {
        return switch (severity) {
            case Rule.ERROR -> 0;
            case Rule.WARNING -> 1;
            default -> 2;
        };
    }
}
