package io.ftpscope.output;

import io.ftpscope.session.CommandEntry;

/** Passwords stay hidden unless the user asked to see them. */
public final class Redactor {
    public static final String MASK = "****";
    private final boolean showPasswords;

    public Redactor(boolean showPasswords) {
        this.showPasswords = showPasswords;
    }

    public String arg(CommandEntry e) {
        return arg(e.verb, e.arg);
    }

    public String arg(String verb, String arg) {
        if (arg != null && !showPasswords && ("PASS".equals(verb) || "ACCT".equals(verb))) {
            return MASK;
        }
        return arg;
    }

    public boolean showPasswords() {
        return showPasswords;
    }
}
