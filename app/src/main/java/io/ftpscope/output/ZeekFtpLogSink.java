package io.ftpscope.output;

import io.ftpscope.ftp.HostPort;
import io.ftpscope.ftp.Reply;
import io.ftpscope.ftp.ReplySize;
import io.ftpscope.session.CommandEntry;
import io.ftpscope.session.FtpSession;
import io.ftpscope.session.TimedReply;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * `--format zeek`: an ftp.log with Zeek's 19 columns and header, rows for Zeek's default
 * FTP::logged_commands, paths built from the tracked working directory as Zeek's build_url_ftp does,
 * and passwords shown only for anonymous-style users. Unlike Zeek's FTP::guest_ids, "ftpuser" is not
 * one of them: it is a common name for a real account (see docs/conformance.md). uid/fuid are
 * ftpscope's own identifiers, and mime_type is not sniffed ("-").
 */
public final class ZeekFtpLogSink implements OutputSink {
    static final Set<String> GUESTS = Set.of("anonymous", "ftp", "guest");
    static final long NO_SIZE = -1;
    private static final Pattern QUOTED_PATH = Pattern.compile("\"((/|[A-Za-z]:[\\\\/])[^\"]*)\"");
    private static final Pattern PATH = Pattern.compile("(/|[A-Za-z]:[\\\\/])([^\" ]|(\\\\ ))*");
    private static final Pattern SLASHES = Pattern.compile("/{2,}");
    private static final Pattern PARENT = Pattern.compile("(^|/)(?!\\.\\./)[^/]+/\\.\\.(/|$)");
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private final PrintStream out;
    private final boolean showPasswords;
    private boolean headerWritten;
    /** The rows of the session being written. */
    private final Utf8Buffer b = new Utf8Buffer();

    public ZeekFtpLogSink(PrintStream out, boolean showPasswords) {
        this.out = out;
        this.showPasswords = showPasswords;
    }

    /** Written with the first row or at close, so a run that reads nothing (exit 2) prints nothing. */
    private void header() {
        if (headerWritten) {
            return;
        }
        headerWritten = true;
        out.println("#separator \\x09");
        out.println("#set_separator\t,");
        out.println("#empty_field\t(empty)");
        out.println("#unset_field\t-");
        out.println("#path\tftp");
        out.println("#open\t" + java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).format(java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd-HH-mm-ss")));
        out.println("#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tuser\tpassword\tcommand\targ\tmime_type\tfile_size\treply_code\treply_msg\tdata_channel.passive\tdata_channel.orig_h\tdata_channel.resp_h\tdata_channel.resp_p\tfuid");
        out.println("#types\ttime\tstring\taddr\tport\taddr\tport\tstring\tstring\tstring\tstring\tstring\tcount\tcount\tstring\tbool\taddr\taddr\tport\tstring");
    }

    @Override
    public void sessionEnd(FtpSession s) {
        header();
        String user = "<unknown>";
        boolean hide = !showPasswords;
        String password = null;
        String cwd = ".";
        int idsStart = -1; // uid, then both ends of the control connection: the same on every row, written once
        int idsEnd = -1;
        for (CommandEntry e : s.commands) {
            String verb = e.verb;
            if (verb == null) {
                continue;
            }
            String arg = e.arg == null ? "" : e.arg;
            int code = e.replyCode();
            long fileSize = NO_SIZE;
            switch (verb) {
                case "USER" -> {
                    user = arg;
                    hide = !showPasswords && !GUESTS.contains(user.toLowerCase(Locale.ROOT));
                }
                case "PASS" -> password = arg;
                case "RETR" -> {
                    for (TimedReply p : e.preliminary) {
                        if (p.reply().code() == 150) {
                            fileSize = size(p.reply().lastText());
                        }
                    }
                }
                case "SIZE" -> fileSize = code == 213 ? size(e.reply.reply().lastText()) : NO_SIZE;
                default -> { }
            }
            if (e.reply == null) {
                continue;
            }
            if (logged(verb)) {
                long us = Math.floorDiv(e.ts, 1000);
                b.append(Math.floorDiv(us, 1_000_000)).append('.').appendSixDigits((int) Math.floorMod(us, 1_000_000));
                if (idsStart < 0) {
                    idsStart = b.length();
                    b.append("\tCFS").append(s.id, 1, s.id.length()).append('\t').append(s.clientIp()).append('\t').append(s.clientPort())
                            .append('\t').append(s.serverIp()).append('\t').append(s.serverPort()).append('\t');
                    idsEnd = b.length();
                } else {
                    b.appendCopy(idsStart, idsEnd);
                }
                field(user);
                b.append('\t');
                if (password == null) {
                    b.append('-');
                } else if (hide) {
                    b.append("<hidden>");
                } else {
                    field(password);
                }
                b.append('\t').append(verb).append('\t');
                if (verb.equals("PASS") && hide) {
                    b.append("<hidden>");
                } else if (fileCommand(verb)) {
                    url(s, cwd, arg);
                } else if (arg.isEmpty()) {
                    b.append('-');
                } else {
                    field(arg);
                }
                b.append("\t-\t");
                if (fileSize == NO_SIZE) {
                    b.append('-');
                } else {
                    b.append(fileSize);
                }
                b.append('\t').append(code).append('\t');
                field(e.reply.reply().lastText());
                dataChannel(s, e);
                b.append("\t-\n");
            }
            cwd = nextCwd(cwd, verb, code, arg, e.reply.reply());
        }
        b.writeTo(out); // one write per session, the rows already UTF-8
    }

    /** Zeek's default FTP::logged_commands. */
    static boolean logged(String verb) {
        return switch (verb) {
            case "APPE", "DELE", "RETR", "STOR", "STOU", "ACCT", "PORT", "PASV", "EPRT", "EPSV" -> true;
            default -> false;
        };
    }

    /** Zeek's FTP::file_cmds: their argument is logged as a URL. */
    static boolean fileCommand(String verb) {
        return switch (verb) {
            case "APPE", "CWD", "DELE", "MKD", "RETR", "RMD", "RNFR", "RNTO", "STOR", "STOU", "REST", "SIZE", "MDTM" -> true;
            default -> false;
        };
    }

    private void dataChannel(FtpSession s, CommandEntry e) {
        boolean passive;
        switch (e.verb) {
            case "PORT", "EPRT" -> passive = false;
            case "PASV", "EPSV" -> passive = true;
            default -> {
                b.append("\t-\t-\t-\t-");
                return;
            }
        }
        HostPort hp = e.announced();
        if (hp == null) {
            b.append("\t-\t-\t-\t-");
            return;
        }
        b.append('\t').append(passive ? 'T' : 'F').append('\t').append(passive ? s.clientIp() : s.serverIp()).append('\t');
        if (hp.version() == 4) { // as Addresses.format writes it, without a String per row
            long a = hp.lo();
            b.append((a >>> 24) & 0xff).append('.').append((a >>> 16) & 0xff).append('.').append((a >>> 8) & 0xff).append('.').append(a & 0xff);
        } else {
            b.append(hp.hasAddress() ? hp.ip() : s.serverIp());
        }
        b.append('\t').append(hp.port());
    }

    /** The size in "(1234 bytes)", else the first number, as Zeek reads a 150 or 213 reply; NO_SIZE when there is none. */
    static long size(String msg) {
        long n = ReplySize.inParens(msg);
        if (n == ReplySize.ABSENT) {
            n = ReplySize.firstNumber(msg);
        }
        return n >= 0 ? n : NO_SIZE;
    }

    /**
     * Zeek's build_url_ftp: ftp://host + compressed(cwd/arg), with a leading "/". Zeek builds the URL
     * for an empty argument too ("RETR" alone in cwd "." gives ftp://host/.), and its compress_path
     * drops a trailing "/".
     */
    private void url(FtpSession s, String cwd, String arg) {
        String p = compress(buildPath(cwd, arg));
        int end = p.length() > 1 && p.endsWith("/") ? p.length() - 1 : p.length();
        b.append("ftp://");
        if (s.serverIp().indexOf(':') >= 0) {
            b.append('[').append(s.serverIp()).append(']');
        } else {
            b.append(s.serverIp());
        }
        if (!p.startsWith("/")) {
            b.append('/');
        }
        field(p, 0, end);
    }

    static String buildPath(String dir, String file) {
        boolean absolute = file.startsWith("/") || (file.length() > 2 && Character.isLetter(file.charAt(0)) && file.charAt(1) == ':'
                && (file.charAt(2) == '/' || file.charAt(2) == '\\'));
        if (absolute || dir.isEmpty()) {
            return file;
        }
        StringBuilder b = new StringBuilder(dir.length() + 1 + file.length()).append(dir);
        return (dir.endsWith("/") ? b : b.append('/')).append(file).toString();
    }

    /** Zeek's compress_path: drop "/./", fold "//", and remove "dir/..". */
    static String compress(String path) {
        if (!path.contains("/./") && !path.contains("//") && !path.contains("..")) {
            return path; // nothing to fold: the common case, without compiling a regex
        }
        String p = path;
        String prev;
        do {
            prev = p;
            p = SLASHES.matcher(p.replace("/./", "/")).replaceAll("/");
        } while (!p.equals(prev));
        do {
            prev = p;
            p = PARENT.matcher(p).replaceFirst("$1");
        } while (!p.equals(prev));
        return p;
    }

    static String nextCwd(String cwd, String verb, int code, String arg, Reply reply) {
        return switch (verb) {
            case "CWD" -> code == 250 ? compress(buildPath(cwd, arg)) : cwd;
            case "CDUP" -> code == 200 || code == 250 ? compress(buildPath(cwd, "/..")) : cwd;
            case "PWD", "XPWD" -> code == 257 ? pwd(reply.lastText()) : cwd;
            default -> cwd;
        };
    }

    /** The directory a 257 names: quoted, else the first thing that looks like a path. */
    private static String pwd(String msg) {
        Matcher q = QUOTED_PATH.matcher(msg);
        if (q.find()) {
            return q.group(1);
        }
        Matcher m = PATH.matcher(msg);
        return m.find() ? m.group() : "";
    }

    private void field(String v) {
        field(v, 0, v.length());
    }

    /** Zeek escapes non-printable bytes as \xNN, the separator among them. */
    private void field(String v, int from, int to) {
        for (int i = b.appendPrintable(v, from, to); i < to; i = b.appendPrintable(v, i + 1, to)) {
            char c = v.charAt(i);
            if (c >= 0x80) {
                b.append(esc(v.substring(i, to)));
                return;
            }
            b.append('\\').append('x').append(HEX[c >> 4]).append(HEX[c & 0xf]);
        }
    }

    static String esc(String v) {
        StringBuilder sb = null;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                if (sb == null) {
                    sb = new StringBuilder(v.substring(0, i));
                }
                sb.append("\\x").append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? v : sb.toString();
    }

    @Override
    public boolean readsDiagnostics() {
        return false; // ftp.log has Zeek's columns only
    }

    @Override
    public void close(RunTotals totals) throws IOException {
        header();
        out.println("#close\t" + java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).format(java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd-HH-mm-ss")));
    }
}
