package io.ftpscope.ftp;

/**
 * A client command line. The verb is upper-cased (commands are case-insensitive, RFC 959 5.3);
 * the argument is kept verbatim (null when absent). {@code valid} is false for lines that do not
 * look like an FTP command at all.
 */
public record Command(String verb, String arg, boolean valid, boolean truncated) {
}
