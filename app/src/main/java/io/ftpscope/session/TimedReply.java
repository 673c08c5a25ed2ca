package io.ftpscope.session;

import io.ftpscope.ftp.Reply;

/** A reply with the time its first line was seen. */
public record TimedReply(long ts, Reply reply) {
}
