package io.ftpscope.capture;

/** An input that cannot be read at all; the message is a complete one-line explanation for users. */
public class CaptureException extends Exception {
    private static final long serialVersionUID = 1L;

    public CaptureException(String message) {
        super(message);
    }

    public CaptureException(String message, Throwable cause) {
        super(message, cause);
    }
}
