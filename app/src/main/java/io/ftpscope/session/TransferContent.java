package io.ftpscope.session;

/**
 * What was received on a data connection in the transfer's direction: hashes, and where the bytes
 * were written when extracting. Hashes are null when the capture lost bytes (a hash of a file with
 * holes identifies nothing).
 *
 * @param file     path relative to the extraction directory, or null when only hashing
 * @param offset   REST offset of the first byte (the file holds the bytes from there on)
 * @param complete false when bytes are missing or the transfer did not finish; {@code reason} says why
 */
public record TransferContent(long bytes, String sha256, String md5, String file, long offset, boolean complete, String reason) {
}
