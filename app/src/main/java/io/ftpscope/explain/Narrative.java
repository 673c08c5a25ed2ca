package io.ftpscope.explain;

import io.ftpscope.output.Times;
import io.ftpscope.session.CommandEntry;
import io.ftpscope.session.Diagnostic;
import io.ftpscope.session.FtpSession;
import io.ftpscope.session.Transfer;
import java.util.ArrayList;
import java.util.List;

/**
 * A session told in plain English: the control connection, the login, each transfer, what went wrong.
 * The first time a run meets active or passive mode it says how that mode works; later sessions
 * only refer to it. Passwords are never printed.
 */
final class Narrative {
    private boolean activeTold;
    private boolean passiveTold;

    List<String> tell(FtpSession s) {
        List<String> out = new ArrayList<>();
        out.add("Session " + s.id + ": " + s.clientIp() + " -> " + s.serverIp() + " port " + s.serverPort() + ", "
                + Times.iso(s.startTs) + ", " + Words.seconds(s.endTs - s.startTs));
        out.add("");
        para(out, control(s));
        para(out, Login.tell(s));
        int n = 0;
        for (Transfer t : s.transfers) {
            n++;
            String title = t.command == null ? "Data connection " + n + " (matched by timing)"
                    : "Transfer " + n + ": " + t.verb() + (t.arg() == null ? "" : " " + Words.clean(t.arg()))
                    + (t.direction == null ? "" : " (" + article(t.direction) + ")") + (t.mode == null ? "" : ", " + t.mode + " mode");
            out.addAll(Wrap.lines("  ", title + "."));
            para(out, "  ", TransferStory.tell(s, t));
            if ("active".equals(t.mode) && !activeTold) {
                activeTold = true;
                para(out, "  ", ACTIVE);
            } else if ("passive".equals(t.mode) && !passiveTold) {
                passiveTold = true;
                para(out, "  ", PASSIVE);
            }
        }
        String end = ending(s);
        if (!end.isEmpty()) {
            para(out, end);
        }
        if (!s.diagnostics.isEmpty()) {
            out.add("  What ftpscope noticed:");
            for (Diagnostic d : s.diagnostics) {
                out.addAll(Wrap.lines("  - ", "    ", "[" + d.severity() + "] " + d.code() + ": " + d.message()));
                out.addAll(Wrap.lines("      ", "Fix: " + d.fix()));
                if (!d.frames().isEmpty()) {
                    out.addAll(Wrap.lines("      ", "Evidence: frames " + join(d.frames()) + "."));
                }
            }
            out.add("");
        }
        return out;
    }

    static final String ACTIVE = "How active mode works: the client opens a port of its own and names it (PORT/EPRT); the server"
            + " then connects back to the client, usually from its port 20. The data connection therefore comes into the client's"
            + " network from outside, and a firewall or NAT router on the client's side often blocks it as an unsolicited"
            + " connection unless it understands FTP.";
    static final String PASSIVE = "How passive mode works: the client makes both connections. The server opens a port for each"
            + " transfer, taken from a configured range, and names it (227 to PASV, 229 to EPSV); the client connects to it. So the"
            + " firewall in front of the server must let that whole range in, and a server behind NAT must advertise its public"
            + " address.";

    private static String control(FtpSession s) {
        StringBuilder sb = new StringBuilder("The client " + s.clientIp() + " opened the control connection from its port "
                + s.clientPort() + " to port " + s.serverPort() + " on the server " + s.serverIp() + ". It carries commands and"
                + " replies only; every file and listing travels on a separate data connection.");
        if ("implicit".equals(s.tls)) {
            sb.append(" This is implicit FTPS: TLS starts with the first byte, so the login, the commands and the data ports are all"
                    + " hidden.");
        }
        for (CommandEntry e : s.commands) {
            if (e.isUnsolicited() && e.reply != null && e.reply.reply().code() > 0) {
                sb.append(" ").append(Words.stop("The server greeted it with " + Words.reply(e.reply)).strip());
                break;
            }
        }
        for (CommandEntry e : s.commands) {
            if ("AUTH".equals(e.verb) && e.reply != null) {
                sb.append(" The client asked for encryption with AUTH ").append(Words.clean(e.arg)).append(" and the server answered ")
                        .append(Words.reply(e.reply)).append(e.reply.reply().code() == 234 ? ": everything after this is"
                        + " encrypted, so the login, commands, file names and data ports cannot be seen, and ftpscope ties data"
                        + " connections to this session by timing only." : ".");
            }
        }
        return sb.toString();
    }

    private static String ending(FtpSession s) {
        for (CommandEntry e : s.commands) {
            if ("QUIT".equals(e.verb)) {
                return Words.stop("The client ended the session with QUIT" + (e.reply == null ? "" : "; the server answered " + Words.reply(e.reply))).strip();
            }
        }
        return "";
    }

    private static String article(String direction) {
        return switch (direction) {
            case "upload" -> "an upload";
            case "listing" -> "a directory listing";
            default -> "a download";
        };
    }

    private static String join(List<Long> frames) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < frames.size() && i < 20; i++) {
            sb.append(i == 0 ? "" : ", ").append(frames.get(i));
        }
        return frames.size() > 20 ? sb + " and " + (frames.size() - 20) + " more" : sb.toString();
    }

    private static void para(List<String> out, String text) {
        para(out, "", text);
    }

    private static void para(List<String> out, String extra, String text) {
        if (text == null || text.isBlank()) {
            return;
        }
        out.addAll(Wrap.lines("  " + extra, text));
        out.add("");
    }
}
