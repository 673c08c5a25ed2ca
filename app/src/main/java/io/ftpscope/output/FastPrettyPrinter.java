package io.ftpscope.output;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.IOException;

/**
 * Jackson's default pretty printing, byte for byte, written from pre-encoded bytes: the default
 * indenter and the " : " separator go through Jackson's char-to-byte loop for every field, which
 * cost as much as the values themselves on a large document.
 */
final class FastPrettyPrinter extends DefaultPrettyPrinter {
    private static final SerializedString COLON = new SerializedString(" : ");
    private static final SerializedString COMMA_SPACE = new SerializedString(", ");

    FastPrettyPrinter() {
        indentObjectsWith(new Indenter());
    }

    private FastPrettyPrinter(FastPrettyPrinter base) {
        super(base);
    }

    @Override
    public DefaultPrettyPrinter createInstance() {
        return new FastPrettyPrinter(this);
    }

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw(COLON);
    }

    /** Between two array elements: the comma and the one space of Jackson's default array indenter. */
    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw(COMMA_SPACE);
    }

    /** The comma between two fields and the next line's indentation, in one pre-encoded write. */
    @Override
    public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
        if (_nesting < Indenter.COMMA_LEVELS.length) {
            g.writeRaw(Indenter.COMMA_LEVELS[_nesting]);
        } else {
            super.writeObjectEntrySeparator(g);
        }
    }

    /** A newline and two spaces per level, as {@link DefaultIndenter#SYSTEM_LINEFEED_INSTANCE}. */
    private static final class Indenter implements DefaultPrettyPrinter.Indenter {
        private static final SerializedString[] LEVELS = new SerializedString[32];
        private static final SerializedString[] COMMA_LEVELS = new SerializedString[32];

        static {
            String eol = DefaultIndenter.SYS_LF;
            for (int i = 0; i < LEVELS.length; i++) {
                LEVELS[i] = new SerializedString(eol + "  ".repeat(i));
                COMMA_LEVELS[i] = new SerializedString("," + eol + "  ".repeat(i));
            }
        }

        @Override
        public void writeIndentation(JsonGenerator g, int level) throws IOException {
            g.writeRaw(level < LEVELS.length ? LEVELS[level] : new SerializedString(DefaultIndenter.SYS_LF + "  ".repeat(level)));
        }

        @Override
        public boolean isInline() {
            return false;
        }
    }
}
