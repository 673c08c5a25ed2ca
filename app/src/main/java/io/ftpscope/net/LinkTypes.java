package io.ftpscope.net;

/** LINKTYPE_ values from the tcpdump.org registry that ftpscope decodes. */
public final class LinkTypes {
    public static final int NULL = 0;
    public static final int ETHERNET = 1;
    /** DLT_RAW as written on some BSDs; 101 is the portable value. */
    public static final int RAW_BSD_12 = 12;
    public static final int RAW_BSD_14 = 14;
    public static final int RAW = 101;
    public static final int LOOP = 108;
    public static final int LINUX_SLL = 113;
    public static final int IPV4 = 228;
    public static final int IPV6 = 229;
    public static final int LINUX_SLL2 = 276;

    private LinkTypes() {
    }

    public static String name(int lt) {
        return switch (lt) {
            case NULL -> "NULL";
            case ETHERNET -> "EN10MB";
            case RAW, RAW_BSD_12, RAW_BSD_14 -> "RAW";
            case LOOP -> "LOOP";
            case LINUX_SLL -> "LINUX_SLL";
            case IPV4 -> "IPV4";
            case IPV6 -> "IPV6";
            case LINUX_SLL2 -> "LINUX_SLL2";
            default -> "LINKTYPE_" + lt;
        };
    }
}
