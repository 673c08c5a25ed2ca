package io.ftpscope.session;

/** The accepting end of an expected data connection: address and port. */
record DataKey(int version, long hi, long lo, int port) {
}
