package io.ftpscope.capture;

/** What happened to one input: how much was read, and any damage or error (one line each). */
public record InputReport(String name, String format, long frames, String damage, String error) {
    public boolean unreadable() {
        return error != null;
    }

    public boolean damaged() {
        return damage != null || error != null;
    }
}
