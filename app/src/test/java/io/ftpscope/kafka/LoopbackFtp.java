package io.ftpscope.kafka;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Scripted FTP control conversations over 127.0.0.1, for `live -i lo`: a greeting, USER, PASS, SYST
 * and QUIT, each answered by a minimal server thread. No data connection, nothing leaves the host.
 */
final class LoopbackFtp implements AutoCloseable {
    private final ServerSocket server;

    LoopbackFtp() throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    }

    int port() {
        return server.getLocalPort();
    }

    /** One whole session; returns once the server has said goodbye and both sides closed. */
    void session(String user) throws Exception {
        Thread serve = new Thread(() -> {
            try (Socket c = server.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = c.getOutputStream();
                out.write("220 loopback test server\r\n".getBytes(StandardCharsets.US_ASCII));
                for (String line; (line = in.readLine()) != null; ) {
                    String verb = line.split(" ")[0];
                    String reply = switch (verb) {
                        case "USER" -> "331 Password required";
                        case "PASS" -> "230 Logged in";
                        case "SYST" -> "215 UNIX Type: L8";
                        case "QUIT" -> "221 Goodbye";
                        default -> "502 Not implemented";
                    };
                    out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    if (verb.equals("QUIT")) {
                        break;
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        serve.start();
        try (Socket c = new Socket(InetAddress.getLoopbackAddress(), port())) {
            BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = c.getOutputStream();
            in.readLine();
            for (String cmd : new String[] {"USER " + user, "PASS secret", "SYST", "QUIT"}) {
                out.write((cmd + "\r\n").getBytes(StandardCharsets.US_ASCII));
                in.readLine();
            }
        }
        serve.join(10_000);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
