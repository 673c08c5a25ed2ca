package io.ftpscope.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Turns the FILE arguments into capture files: a directory stands for the captures directly
 * inside it (recognised by their first bytes, so README or manifest files beside them are left
 * alone), and a quoted glob ({@code 'rot/*.pcap*'}, {@code 'logs/**.pcap'}) for the files it
 * matches. Both expand in name order; reading merges by packet time anyway.
 */
final class InputExpander {
    /** What expansion produced: the files to read, and arguments that named nothing. */
    record Result(List<String> files, List<String> unmatched) {
    }

    private InputExpander() {
    }

    static Result expand(List<String> args) {
        List<String> files = new ArrayList<>();
        List<String> unmatched = new ArrayList<>();
        for (String a : args) {
            if ("-".equals(a)) {
                files.add(a);
                continue;
            }
            Path p = Path.of(a);
            if (Files.isDirectory(p)) {
                List<String> inside = listCaptures(p);
                if (inside.isEmpty()) {
                    unmatched.add(a + ": directory holds no capture files");
                }
                files.addAll(inside);
            } else if (!Files.exists(p) && isGlob(a)) {
                List<String> m = glob(a);
                if (m.isEmpty()) {
                    unmatched.add(a + ": no file matches");
                }
                files.addAll(m);
            } else {
                files.add(a); // a missing file is reported by the reader, with the usual message
            }
        }
        return new Result(files, unmatched);
    }

    static boolean isGlob(String a) {
        return a.indexOf('*') >= 0 || a.indexOf('?') >= 0 || a.indexOf('[') >= 0 || a.indexOf('{') >= 0;
    }

    private static List<String> listCaptures(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(InputExpander::looksLikeCapture).sorted().map(Path::toString).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The directory part without wildcards is walked; the whole pattern is matched against each path. */
    private static List<String> glob(String pattern) {
        String norm = pattern.replace('\\', '/');
        int firstWild = firstWildcard(norm);
        int slash = norm.lastIndexOf('/', firstWild);
        Path base = slash < 0 ? Path.of(".") : Path.of(slash == 0 ? "/" : norm.substring(0, slash));
        boolean recursive = norm.substring(Math.max(0, slash)).indexOf('/', 1) >= 0 || norm.contains("**");
        String full = slash < 0 ? "./" + norm : norm;
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + full);
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        try (Stream<Path> s = recursive ? Files.walk(base, 32) : Files.list(base)) {
            return s.filter(Files::isRegularFile).filter(m::matches).sorted()
                    .map(p -> slash < 0 ? base.relativize(p).toString() : p.toString()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static int firstWildcard(String s) {
        for (int i = 0; i < s.length(); i++) {
            if ("*?[{".indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }

    /** pcap (either byte order, micro or nano), pcapng, or gzip. */
    static boolean looksLikeCapture(Path p) {
        byte[] b = new byte[4];
        try (InputStream in = Files.newInputStream(p)) {
            if (in.readNBytes(b, 0, 4) < 4) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        long be = ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
        long le = ((b[3] & 0xFFL) << 24) | ((b[2] & 0xFF) << 16) | ((b[1] & 0xFF) << 8) | (b[0] & 0xFF);
        return be == 0xA1B2C3D4L || le == 0xA1B2C3D4L || be == 0xA1B23C4DL || le == 0xA1B23C4DL || be == 0x0A0D0D0AL
                || ((b[0] & 0xFF) == 0x1f && (b[1] & 0xFF) == 0x8b);
    }
}
