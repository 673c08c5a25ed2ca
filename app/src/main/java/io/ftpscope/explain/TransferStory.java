package io.ftpscope.explain;

import io.ftpscope.ftp.HostPort;
import io.ftpscope.net.Addresses;
import io.ftpscope.session.CommandEntry;
import io.ftpscope.session.DataConn;
import io.ftpscope.session.FtpSession;
import io.ftpscope.session.Transfer;

/** One transfer in sentences: how the data connection was negotiated, who connected to whom, what moved. */
final class TransferStory {
    private TransferStory() {
    }

    static String tell(FtpSession s, Transfer t) {
        StringBuilder sb = new StringBuilder();
        if (t.command != null) {
            sb.append(negotiation(s, t));
        }
        sb.append(connection(s, t));
        sb.append(outcome(s, t));
        return sb.toString().strip();
    }

    /** The PORT/EPRT/PASV/EPSV that announced this transfer's connection: the last one before its command. */
    static CommandEntry announcement(FtpSession s, Transfer t) {
        CommandEntry found = null;
        for (CommandEntry e : s.commands) {
            if (e == t.command) {
                break;
            }
            if (e.verb != null && e.verb.equals(t.via)) {
                found = e;
            }
        }
        return found;
    }

    private static String negotiation(FtpSession s, Transfer t) {
        CommandEntry a = announcement(s, t);
        HostPort hp = t.advertised;
        if (t.mode == null || hp == null) {
            return "No PORT, EPRT, PASV or EPSV came before it, so no data connection was arranged. ";
        }
        String r = a == null || a.reply == null ? "" : Words.reply(a.reply);
        int code = a == null || a.reply == null ? 0 : a.reply.reply().code();
        switch (t.via) {
            case "PASV", "LPSV" -> {
                if (!hp.ip().equals(s.serverIp())) {
                    return "The client sent " + t.via + ". The server answered " + code + " naming port " + hp.port() + " on "
                            + hp.ip() + " - not the address the client reaches it at (" + s.serverIp() + "). ";
                }
                return "The client sent " + t.via + ". The server answered " + code + " and opened port " + hp.port() + " on "
                        + hp.ip() + ". ";
            }
            case "EPSV" -> {
                return "The client sent EPSV. The server answered " + code + " with port " + hp.port()
                        + " and no address: with EPSV the client always uses the address it already talks to, " + s.serverIp() + ". ";
            }
            default -> { // PORT, EPRT, LPRT
                String arg = a == null ? "" : " " + Words.clean(a.arg);
                String how = t.via.equals("PORT") ? " (the last two numbers are the port: " + (hp.port() >> 8) + " x 256 + "
                        + (hp.port() & 0xff) + " = " + hp.port() + ")" : "";
                return "The client sent " + t.via + arg + ": it was listening on " + Addresses.endpoint(hp.ip(), hp.port()) + how
                        + " and asked the server to connect there. The server " + Words.stop((code >= 200 && code < 300 ? "agreed: " : "answered ")
                        + r);
            }
        }
    }

    private static String connection(FtpSession s, Transfer t) {
        DataConn d = t.data;
        if (d == null) {
            return t.command == null ? "" : "No data connection for it appears in the capture. ";
        }
        String cmd = t.command == null ? null : t.verb() + (t.arg() == null ? "" : " " + Words.clean(t.arg()));
        String from = Addresses.endpoint(d.conn.clientIp(), d.conn.clientPort());
        String to = Addresses.endpoint(d.conn.serverIp(), d.conn.serverPort());
        if (!d.connected()) {
            long[] syn = d.conn.synTimes();
            long n = Math.max(syn.length, d.conn.clientSegments());
            String tries = Words.plural(n, "SYN", "SYNs") + (syn.length < 2 ? "" : " over " + Words.seconds(syn[syn.length - 1] - syn[0]));
            String answer = d.conn.rstFrame() >= 0 && d.conn.synAckFrame() < 0 ? "was refused with a RST" : "none was answered";
            return (cmd == null ? "" : "The client sent " + cmd + ". ") + (d.active() ? "The server" : "The client")
                    + " tried to connect from " + from + " to " + to + ": it sent " + tries + " and " + answer + ". ";
        }
        String took = " in " + Words.seconds(t.endTs() - d.conn.startTs());
        String gap = t.gapBytes() > 0 ? " (plus " + Words.bytes(t.gapBytes()) + " the capture missed)" : "";
        if (t.direction == null) { // TLS: the command is hidden, the TCP roles still tell the mode
            return "A data connection went from " + from + " to " + to + " - the " + (d.active() ? "server" : "client")
                    + " opened it, so this was " + d.mode + " mode - and " + Words.bytes(t.bytes()) + gap
                    + " crossed it (encrypted, so a little more than the file itself)" + took + ". ";
        }
        boolean upload = t.direction.equals("upload");
        if (t.bytes() == 0 && !upload) {
            return (d.active() ? "The client sent " + cmd + ". The server connected from " + from + " to " + to
                    : "The client connected to " + to + " from port " + d.conn.clientPort() + " and sent " + cmd)
                    + ", but no data crossed the connection. ";
        }
        String what = t.direction.equals("listing") ? "a listing of " + Words.bytes(t.bytes()) : Words.bytes(t.bytes());
        if (d.active()) {
            return "The client sent " + cmd + ". The server connected from " + (d.fromPort20 ? "its port 20" : "port " + d.conn.clientPort())
                    + " to " + to + " and " + (upload ? "received " : "sent ") + what + gap + took + ". ";
        }
        String verb = upload ? "sent " : "received ";
        if (t.advertised != null && t.advertised.hasAddress() && !t.advertised.ip().equals(d.conn.serverIp())) {
            return "The client ignored that address and connected to " + to + " instead, from port " + d.conn.clientPort()
                    + "; after " + cmd + " it " + verb + what + gap + took + ". ";
        }
        if (d.conn.startTs() < t.command.ts) {
            return "The client connected to it from port " + d.conn.clientPort() + ", sent " + cmd + ", and " + verb + what + gap + took + ". ";
        }
        return "The client sent " + cmd + ", connected to it from port " + d.conn.clientPort() + " and " + verb + what + gap + took + ". ";
    }

    private static String outcome(FtpSession s, Transfer t) {
        if (t.command == null) {
            return "";
        }
        String status = t.status();
        if (t.finalReply() == null) {
            return "No final reply to " + t.verb() + " appears in the capture. ";
        }
        String r = Words.reply(t.finalReply());
        return switch (status) {
            case "complete" -> Words.stop("The server confirmed with " + r);
            case "aborted" -> {
                boolean abor = false;
                for (CommandEntry e : s.commands) {
                    abor |= "ABOR".equals(e.verb) && e.ts >= t.command.ts;
                }
                yield (abor ? "The client cancelled it with ABOR; the server answered " : "The transfer broke off; the server answered ")
                        + Words.stop(r);
            }
            default -> Words.stop("The server answered " + r);
        };
    }
}
