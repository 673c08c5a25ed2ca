package io.ftpscope.session;

import io.ftpscope.ftp.Reply;

/** A reply with the time its first line was seen and the frame that completed it. */
public record TimedReply(long ts, long frame, Reply reply) {
}
