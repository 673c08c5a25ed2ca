package io.ftpscope.output;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;

/**
 * Field names of the JSON outputs, encoded once: writing a name from a String goes through
 * Jackson's char-to-byte loop on every field of every event.
 */
final class JsonNames {
    static final SerializedString F_ADVERTISED = new SerializedString("advertised");
    static final SerializedString F_ANNOUNCED_SIZE = new SerializedString("announced_size");
    static final SerializedString F_ARG = new SerializedString("arg");
    static final SerializedString F_BARE_LF_LINES = new SerializedString("bare_lf_lines");
    static final SerializedString F_BYTES = new SerializedString("bytes");
    static final SerializedString F_BYTES_TO_CLIENT = new SerializedString("bytes_to_client");
    static final SerializedString F_BYTES_TO_SERVER = new SerializedString("bytes_to_server");
    static final SerializedString F_CODE = new SerializedString("code");
    static final SerializedString F_COMMAND = new SerializedString("command");
    static final SerializedString F_COMMAND_COUNT = new SerializedString("command_count");
    static final SerializedString F_COMMANDS = new SerializedString("commands");
    static final SerializedString F_COMMANDS_DROPPED = new SerializedString("commands_dropped");
    static final SerializedString F_COMPLETE = new SerializedString("complete");
    static final SerializedString F_CONNECTED = new SerializedString("connected");
    static final SerializedString F_CONTENT = new SerializedString("content");
    static final SerializedString F_CONTROL_GAP_BYTES = new SerializedString("control_gap_bytes");
    static final SerializedString F_CONTROL_STATE = new SerializedString("control_state");
    static final SerializedString F_DATA = new SerializedString("data");
    static final SerializedString F_DATA_CONNECTION = new SerializedString("data_connection");
    static final SerializedString F_DATA_CONNECTION_COUNT = new SerializedString("data_connection_count");
    static final SerializedString F_DATA_CONNECTIONS = new SerializedString("data_connections");
    static final SerializedString F_DETECTED_BY_CONTENT = new SerializedString("detected_by_content");
    static final SerializedString F_DIAGNOSTICS = new SerializedString("diagnostics");
    static final SerializedString F_DIRECTION = new SerializedString("direction");
    static final SerializedString F_DROPS = new SerializedString("drops");
    static final SerializedString F_DURATION = new SerializedString("duration");
    static final SerializedString F_END = new SerializedString("end");
    static final SerializedString F_EVENT = new SerializedString("event");
    static final SerializedString F_FAILED_LOGINS = new SerializedString("failed_logins");
    static final SerializedString F_FILE = new SerializedString("file");
    static final SerializedString F_FILE_FRAME = new SerializedString("file_frame");
    static final SerializedString F_FIRST_FRAME = new SerializedString("first_frame");
    static final SerializedString F_FIX = new SerializedString("fix");
    static final SerializedString F_FRAME = new SerializedString("frame");
    static final SerializedString F_FRAME_REFS = new SerializedString("frame_refs");
    static final SerializedString F_FRAMES = new SerializedString("frames");
    static final SerializedString F_FROM_PORT_20 = new SerializedString("from_port_20");
    static final SerializedString F_GAP_BYTES = new SerializedString("gap_bytes");
    static final SerializedString F_ID = new SerializedString("id");
    static final SerializedString F_INVALID_COMMANDS = new SerializedString("invalid_commands");
    static final SerializedString F_INVALID_REPLIES = new SerializedString("invalid_replies");
    static final SerializedString F_IP = new SerializedString("ip");
    static final SerializedString F_LINES_CUT_BY_GAP = new SerializedString("lines_cut_by_gap");
    static final SerializedString F_LINES_SKIPPED_AFTER_GAP = new SerializedString("lines_skipped_after_gap");
    static final SerializedString F_LINKED_BY = new SerializedString("linked_by");
    static final SerializedString F_LOGIN = new SerializedString("login");
    static final SerializedString F_MATCHED_BY_TIMING = new SerializedString("matched_by_timing");
    static final SerializedString F_MD5 = new SerializedString("md5");
    static final SerializedString F_MESSAGE = new SerializedString("message");
    static final SerializedString F_MODE = new SerializedString("mode");
    static final SerializedString F_OFFSET = new SerializedString("offset");
    static final SerializedString F_OVER_LONG_LINES = new SerializedString("over_long_lines");
    static final SerializedString F_PENDING_COMMANDS_DROPPED = new SerializedString("pending_commands_dropped");
    static final SerializedString F_PORT = new SerializedString("port");
    static final SerializedString F_PRELIMINARY = new SerializedString("preliminary");
    static final SerializedString F_REASON = new SerializedString("reason");
    static final SerializedString F_REPLY = new SerializedString("reply");
    static final SerializedString F_REST = new SerializedString("rest");
    static final SerializedString F_SESSION = new SerializedString("session");
    static final SerializedString F_SEVERITY = new SerializedString("severity");
    static final SerializedString F_SHA256 = new SerializedString("sha256");
    static final SerializedString F_START = new SerializedString("start");
    static final SerializedString F_STATE = new SerializedString("state");
    static final SerializedString F_STATUS = new SerializedString("status");
    static final SerializedString F_TEXT = new SerializedString("text");
    static final SerializedString F_THROUGHPUT_BPS = new SerializedString("throughput_bps");
    static final SerializedString F_TLS = new SerializedString("tls");
    static final SerializedString F_TLS_START = new SerializedString("tls_start");
    static final SerializedString F_TRANSFER_COUNT = new SerializedString("transfer_count");
    static final SerializedString F_TRANSFERS = new SerializedString("transfers");
    static final SerializedString F_TRANSFERS_DROPPED = new SerializedString("transfers_dropped");
    static final SerializedString F_TRUNCATED = new SerializedString("truncated");
    static final SerializedString F_TS = new SerializedString("ts");
    static final SerializedString F_TYPE = new SerializedString("type");
    static final SerializedString F_USER = new SerializedString("user");
    static final SerializedString F_VALID = new SerializedString("valid");
    static final SerializedString F_VIA = new SerializedString("via");

    private JsonNames() {
    }

    static void string(JsonGenerator g, SerializedString name, String v) throws IOException {
        g.writeFieldName(name);
        g.writeString(v);
    }

    static void number(JsonGenerator g, SerializedString name, int v) throws IOException {
        g.writeFieldName(name);
        g.writeNumber(v);
    }

    static void number(JsonGenerator g, SerializedString name, long v) throws IOException {
        g.writeFieldName(name);
        g.writeNumber(v);
    }

    static void number(JsonGenerator g, SerializedString name, double v) throws IOException {
        g.writeFieldName(name);
        g.writeNumber(v);
    }

    static void bool(JsonGenerator g, SerializedString name, boolean v) throws IOException {
        g.writeFieldName(name);
        g.writeBoolean(v);
    }

    static void nul(JsonGenerator g, SerializedString name) throws IOException {
        g.writeFieldName(name);
        g.writeNull();
    }

    static void object(JsonGenerator g, SerializedString name) throws IOException {
        g.writeFieldName(name);
        g.writeStartObject();
    }

    static void array(JsonGenerator g, SerializedString name) throws IOException {
        g.writeFieldName(name);
        g.writeStartArray();
    }
}
