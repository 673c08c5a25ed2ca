package io.ftpscope.live;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;

/**
 * Two network namespaces joined by a veth pair, vsftpd (anonymous, read-only, throttled) in the
 * server one, as captures/record.sh does it. Names carry the pid so parallel runs do not collide.
 */
final class FtpLab implements AutoCloseable {
    static final String CLIENT_IP = "10.77.0.1";
    static final String SERVER_IP = "10.77.0.2";
    /** Bytes per second vsftpd sends: slow enough that a 2 MB transfer is seen while it runs. */
    static final int RATE = 400_000;

    final String nsClient;
    final String nsServer;
    final String ifClient = "ftc0";
    final Path dir;
    private Process vsftpd;

    FtpLab(Path dir) {
        long pid = ProcessHandle.current().pid();
        this.nsClient = "ftpscope-itc-" + pid;
        this.nsServer = "ftpscope-its-" + pid;
        this.dir = dir;
    }

    /** Serves the given files (name → size, pseudo-random content), throttled to {@link #RATE}, and waits until port 21 listens. */
    FtpLab start(List<Object[]> files) throws IOException, InterruptedException {
        return start(files, RATE);
    }

    /** As {@link #start(List)}, vsftpd sending at most bytesPerSecond (0: as fast as it can). */
    FtpLab start(List<Object[]> files, int bytesPerSecond) throws IOException, InterruptedException {
        Path root = dir.resolve("root");
        Path empty = dir.resolve("empty");
        Files.createDirectories(root);
        Files.createDirectories(empty);
        for (Path p : List.of(dir, root, empty)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Random rnd = new Random(7);
        byte[] chunk = new byte[1 << 20];
        for (Object[] f : files) {
            Path p = root.resolve((String) f[0]);
            try (OutputStream out = Files.newOutputStream(p)) {
                for (long left = (Integer) f[1]; left > 0; left -= chunk.length) {
                    rnd.nextBytes(chunk);
                    out.write(chunk, 0, (int) Math.min(left, chunk.length));
                }
            }
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        }
        Sh.ok("ip", "netns", "add", nsClient);
        Sh.ok("ip", "netns", "add", nsServer);
        Sh.ok("ip", "link", "add", ifClient, "netns", nsClient, "type", "veth", "peer", "name", "fts0", "netns", nsServer);
        Sh.ok("ip", "-n", nsClient, "addr", "add", CLIENT_IP + "/24", "dev", ifClient);
        Sh.ok("ip", "-n", nsServer, "addr", "add", SERVER_IP + "/24", "dev", "fts0");
        for (String[] nsIf : new String[][] {{nsClient, ifClient}, {nsServer, "fts0"}}) {
            Sh.ok("ip", "-n", nsIf[0], "link", "set", "lo", "up");
            Sh.ok("ip", "-n", nsIf[0], "link", "set", nsIf[1], "up");
            // Offloads off, or the capture shows 64 kB "segments" no wire carries.
            Sh.ok("ip", "netns", "exec", nsIf[0], "ethtool", "-K", nsIf[1], "tso", "off", "gso", "off", "gro", "off");
        }
        Path conf = dir.resolve("vsftpd.conf");
        Files.writeString(conf, String.join("\n",
                "listen=YES", "listen_ipv6=NO", "background=NO", "seccomp_sandbox=NO",
                "secure_chroot_dir=" + empty, "anonymous_enable=YES", "anon_root=" + root,
                "local_enable=NO", "write_enable=NO", "pasv_enable=YES", "pasv_min_port=40000", "pasv_max_port=40100",
                "connect_from_port_20=YES", "anon_max_rate=" + bytesPerSecond, "") );
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-------"));
        vsftpd = new ProcessBuilder("ip", "netns", "exec", nsServer, "vsftpd", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("vsftpd.out").toFile()).start();
        for (int i = 0; i < 50; i++) {
            if (Sh.run(10, "ip", "netns", "exec", nsServer, "ss", "-ltnH", "sport = :21").out().contains("LISTEN")) {
                return this;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("vsftpd did not listen: " + Files.readString(dir.resolve("vsftpd.out")));
    }

    /** A command inside the client namespace. */
    String[] inClient(String... cmd) {
        String[] all = new String[cmd.length + 4];
        all[0] = "ip";
        all[1] = "netns";
        all[2] = "exec";
        all[3] = nsClient;
        System.arraycopy(cmd, 0, all, 4, cmd.length);
        return all;
    }

    String url(String file) {
        return "ftp://" + SERVER_IP + "/" + file;
    }

    @Override
    public void close() {
        if (vsftpd != null) {
            vsftpd.destroy();
        }
        for (String ns : List.of(nsClient, nsServer)) {
            Sh.quiet("sh", "-c", "pids=$(ip netns pids " + ns + " 2>/dev/null); [ -z \"$pids\" ] || kill -9 $pids");
            Sh.quiet("ip", "netns", "del", ns);
        }
    }
}
