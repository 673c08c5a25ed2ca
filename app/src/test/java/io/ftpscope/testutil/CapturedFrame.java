package io.ftpscope.testutil;

import io.ftpscope.capture.CaptureException;
import io.ftpscope.capture.FrameSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** A frame as handed to a FrameHandler, copied out of the source's reused buffer. */
public record CapturedFrame(int linkType, long tsNanos, byte[] data, int capLen, int origLen) {

    /** Runs the source to its end and returns a copy of every frame it delivered. */
    public static List<CapturedFrame> collect(FrameSource src) throws CaptureException {
        List<CapturedFrame> frames = new ArrayList<>();
        src.run((lt, ts, buf, off, cap, orig) -> frames.add(new CapturedFrame(lt, ts, Arrays.copyOfRange(buf, off, off + cap), cap, orig)));
        return frames;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CapturedFrame f && f.linkType == linkType && f.tsNanos == tsNanos && f.capLen == capLen
                && f.origLen == origLen && Arrays.equals(f.data, data);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(tsNanos) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        String hex = HexFormat.of().formatHex(data, 0, Math.min(data.length, 24));
        return "Frame[lt=" + linkType + " ts=" + tsNanos + " cap=" + capLen + " orig=" + origLen + " data=" + hex
                + (data.length > 24 ? "..." : "") + "]";
    }
}
