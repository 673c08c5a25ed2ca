package io.ftpscope.ftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class DataChannelArgsTest {
    @Test
    void port() {
        HostPort hp = DataChannelArgs.port("141,142,220,235,131,46");
        assertEquals("141.142.220.235", hp.ip());
        assertEquals(131 * 256 + 46, hp.port());
        assertEquals(33582, DataChannelArgs.port(" 10, 0,0,1 ,145,109 ").port() - 37229 + 33582);
    }

    @Test
    void portRejectsBadInput() {
        assertNull(DataChannelArgs.port("1,2,3,4,5"));
        assertNull(DataChannelArgs.port("1,2,3,4,5,6,7"));
        assertNull(DataChannelArgs.port("256,2,3,4,5,6"));
        assertNull(DataChannelArgs.port("a,b,c,d,e,f"));
        assertNull(DataChannelArgs.port(null));
        assertNull(DataChannelArgs.port("1,2,3,4,5,6x"));
    }

    @Test
    void pasvFormats() {
        assertEquals(40017, DataChannelArgs.pasv("Entering Passive Mode (192,0,2,20,156,81).").port());
        assertEquals("192.0.2.20", DataChannelArgs.pasv("Entering Passive Mode (192,0,2,20,156,81)").ip());
        assertEquals(40017, DataChannelArgs.pasv("Entering Passive Mode 192,0,2,20,156,81").port());
        assertEquals(40017, DataChannelArgs.pasv("=192,0,2,20,156,81").port());
        assertEquals("10.0.0.2", DataChannelArgs.pasv("Passive mode on 3 (10,0,0,2,156,81)").ip());
        assertNull(DataChannelArgs.pasv("Entering Passive Mode (192,0,2,20,156)."));
        assertNull(DataChannelArgs.pasv("no numbers"));
    }

    @Test
    void eprtV4V6AndOtherDelimiters() {
        HostPort a = DataChannelArgs.eprt("|1|132.235.1.2|6275|");
        assertEquals("132.235.1.2", a.ip());
        assertEquals(6275, a.port());
        HostPort b = DataChannelArgs.eprt("|2|1080::8:800:200C:417A|5282|");
        assertEquals(6, b.version());
        assertEquals("1080::8:800:200c:417a", b.ip());
        assertEquals(5282, DataChannelArgs.eprt("!1!10.0.0.1!5282!").port());
        HostPort mapped = DataChannelArgs.eprt("|2|::ffff:10.0.0.1|5282|");
        assertEquals(4, mapped.version());
        assertEquals("10.0.0.1", mapped.ip());
        assertNull(DataChannelArgs.eprt("|1|::1|5282|"));
        assertNull(DataChannelArgs.eprt("|3|1.2.3.4|5|"));
        assertNull(DataChannelArgs.eprt("|1|1.2.3.4|70000|"));
        assertNull(DataChannelArgs.eprt("|1|host.example|21|"));
    }

    @Test
    void epsv() {
        HostPort hp = DataChannelArgs.epsv("Entering Extended Passive Mode (|||6446|)");
        assertEquals(6446, hp.port());
        assertFalse(hp.hasAddress());
        assertEquals(6446, DataChannelArgs.epsv("Entering Extended Passive Mode (!!!6446!).").port());
        assertNull(DataChannelArgs.epsv("Entering Extended Passive Mode (|||0|)"));
        assertNull(DataChannelArgs.epsv("Entering Extended Passive Mode"));
    }

    @Test
    void lprtAndLpsv() {
        HostPort a = DataChannelArgs.lprt("4,4,132,235,1,2,2,24,131");
        assertEquals("132.235.1.2", a.ip());
        assertEquals(24 * 256 + 131, a.port());
        HostPort b = DataChannelArgs.lpsv("Entering Long Passive Mode (6,16,253,0,0,0,0,0,0,0,0,0,0,0,0,0,0,2,2,156,81)");
        assertEquals("fd00::2", b.ip());
        assertEquals(40017, b.port());
        assertNull(DataChannelArgs.lprt("4,16,1,2,3,4,2,0,21"));
    }
}
