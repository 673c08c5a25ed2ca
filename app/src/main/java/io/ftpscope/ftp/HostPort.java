package io.ftpscope.ftp;

import io.ftpscope.net.Addresses;

/**
 * An address and port named in PORT/EPRT/LPRT arguments or PASV/EPSV/LPSV replies. EPSV names no
 * address ({@code version == 0}): the data connection goes to the control connection's server.
 */
public record HostPort(int version, long hi, long lo, int port) {
    public boolean hasAddress() {
        return version != 0;
    }

    public String ip() {
        return version == 0 ? null : Addresses.format(version, hi, lo);
    }

    @Override
    public String toString() {
        return version == 0 ? "port " + port : (version == 6 ? "[" + ip() + "]:" : ip() + ":") + port;
    }
}
