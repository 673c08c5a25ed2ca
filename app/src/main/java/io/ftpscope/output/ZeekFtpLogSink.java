package io.ftpscope.output;

import io.ftpscope.ftp.HostPort;
import io.ftpscope.session.CommandEntry;
import io.ftpscope.session.FtpSession;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
    static final Set<String> LOGGED = Set.of("APPE", "DELE", "RETR", "STOR", "STOU", "ACCT", "PORT", "PASV", "EPRT", "EPSV");
    static final Set<String> GUESTS = Set.of("anonymous", "ftp", "guest");
    static final Set<String> FILE_CMDS = Set.of("APPE", "CWD", "DELE", "MKD", "RETR", "RMD", "RNFR", "RNTO", "STOR", "STOU", "REST", "SIZE", "MDTM");
    private static final Pattern BYTES = Pattern.compile("\\((\\d+) bytes\\)");
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final Pattern QUOTED_PATH = Pattern.compile("\"((/|[A-Za-z]:[\\\\/])[^\"]*)\"");
    private static final Pattern PATH = Pattern.compile("(/|[A-Za-z]:[\\\\/])([^\" ]|(\\\\ ))*");
    private static final Pattern SLASHES = Pattern.compile("/{2,}");
    private static final Pattern PARENT = Pattern.compile("(^|/)(?!\\.\\./)[^/]+/\\.\\.(/|$)");
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private final PrintStream out;
    private final boolean showPasswords;
    private boolean headerWritten;
    private final StringBuilder line = new StringBuilder(256);

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
        String password = null;
        String cwd = ".";
        String uid = "CFS" + s.id.substring(1);
        Long fileSize = null;
        for (CommandEntry e : s.commands) {
            if (e.verb == null) {
                continue;
            }
            String arg = e.arg == null ? "" : e.arg;
            if (e.verb.equals("USER")) {
                user = arg;
            } else if (e.verb.equals("PASS")) {
                password = arg;
            }
            int code = e.replyCode();
            String msg = e.reply == null ? null : e.reply.reply().lastText();
            for (var p : e.preliminary) {
                if (p.reply().code() == 150 && e.verb.equals("RETR")) {
                    fileSize = size(p.reply().lastText());
                }
            }
            if (code == 213 && e.verb.equals("SIZE")) {
                fileSize = size(msg);
            }
            boolean hide = !showPasswords && !GUESTS.contains(user.toLowerCase(Locale.ROOT));
            if (LOGGED.contains(e.verb) && e.reply != null) {
                String logArg = FILE_CMDS.contains(e.verb) ? url(s, cwd, arg) : arg;
                if (e.verb.equals("PASS") && hide) {
                    logArg = "<hidden>";
                }
                String[] dc = dataChannel(s, e, msg);
                StringBuilder b = line;
                b.setLength(0);
                b.append(Times.epoch(e.ts)).append('\t').append(uid).append('\t').append(s.clientIp()).append('\t')
                        .append(s.clientPort()).append('\t').append(s.serverIp()).append('\t').append(s.serverPort()).append('\t')
                        .append(esc(user)).append('\t').append(password == null ? "-" : hide ? "<hidden>" : esc(password)).append('\t')
                        .append(e.verb).append('\t').append(logArg.isEmpty() ? "-" : esc(logArg)).append("\t-\t");
                if (fileSize == null) {
                    b.append('-');
                } else {
                    b.append(fileSize.longValue());
                }
                b.append('\t').append(code).append('\t').append(msg == null ? "-" : esc(msg));
                for (String d : dc) {
                    b.append('\t').append(d);
                }
                b.append("\t-\n");
                // bytes straight to the stream: PrintStream.println re-encodes through a char buffer
                byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
            }
            fileSize = null;
            if (e.reply != null) {
                cwd = nextCwd(cwd, e.verb, code, arg, msg);
            }
        }
    }

    private static String[] dataChannel(FtpSession s, CommandEntry e, String msg) {
        HostPort hp = null;
        boolean passive = false;
        int code = e.replyCode();
        switch (e.verb) {
            case "PORT", "EPRT" -> hp = e.announced();
            case "PASV", "EPSV" -> {
                passive = true;
                hp = e.announced();
            }
            default -> { }
        }
        if (hp == null) {
            return new String[] {"-", "-", "-", "-"};
        }
        String respH = hp.hasAddress() ? hp.ip() : s.serverIp();
        String origH = passive ? s.clientIp() : s.serverIp();
        return new String[] {passive ? "T" : "F", origH, respH, String.valueOf(hp.port())};
    }

    private static Long size(String msg) {
        if (msg == null) {
            return null;
        }
        Matcher m = BYTES.matcher(msg);
        if (!m.find()) {
            m = NUMBER.matcher(msg);
            if (!m.find()) {
                return null;
            }
            return parse(m.group());
        }
        return parse(m.group(1));
    }

    private static Long parse(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Zeek's build_url_ftp: ftp://host + compressed(cwd/arg), with a leading "/". Zeek builds the URL
     * for an empty argument too ("RETR" alone in cwd "." gives ftp://host/.), and its compress_path
     * drops a trailing "/".
     */
    static String url(FtpSession s, String cwd, String arg) {
        String p = compress(buildPath(cwd, arg));
        if (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (!p.startsWith("/")) {
            p = "/" + p;
        }
        String host = s.serverIp().indexOf(':') >= 0 ? "[" + s.serverIp() + "]" : s.serverIp();
        return "ftp://" + host + p;
    }

    static String buildPath(String dir, String file) {
        boolean absolute = file.startsWith("/") || (file.length() > 2 && Character.isLetter(file.charAt(0)) && file.charAt(1) == ':'
                && (file.charAt(2) == '/' || file.charAt(2) == '\\'));
        if (absolute || dir.isEmpty()) {
            return file;
        }
        return dir + (dir.endsWith("/") ? "" : "/") + file;
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

    static String nextCwd(String cwd, String verb, int code, String arg, String msg) {
        if (verb.equals("CWD") && code == 250) {
            return compress(buildPath(cwd, arg));
        }
        if (verb.equals("CDUP") && (code == 200 || code == 250)) {
            return compress(buildPath(cwd, "/.."));
        }
        if ((verb.equals("PWD") || verb.equals("XPWD")) && code == 257 && msg != null) {
            Matcher q = QUOTED_PATH.matcher(msg);
            if (q.find()) {
                return q.group(1);
            }
            Matcher m = PATH.matcher(msg);
            return m.find() ? m.group() : "";
        }
        return cwd;
    }

    /** Zeek escapes non-printable bytes as \xNN and the separator. */
    static String esc(String v) {
        StringBuilder sb = null;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\t') {
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
    public void close(RunTotals totals) throws IOException {
        header();
        out.println("#close\t" + java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).format(java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd-HH-mm-ss")));
    }
}
