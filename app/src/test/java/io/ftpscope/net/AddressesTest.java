package io.ftpscope.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AddressesTest {

    @Test
    void ipv6FormatCompressesTheLongestZeroRun() {
        assertEquals("fd00::1", Addresses.format(6, 0xfd00_0000_0000_0000L, 1L));
        assertEquals("2001:db8::", Addresses.format(6, 0x2001_0db8_0000_0000L, 0L));
        assertEquals("::1", Addresses.format(6, 0L, 1L));
        assertEquals("::", Addresses.format(6, 0L, 0L));
        assertEquals("fe80::1:2:3:4", Addresses.format(6, 0xfe80_0000_0000_0000L, 0x0001_0002_0003_0004L));
    }

    @ParameterizedTest
    @CsvSource({
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",       // equal runs: the first is compressed
        "2001:db8:0:1:0:0:0:1, 2001:db8:0:1::1",         // the longer run wins
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",    // a single zero group is not compressed
        "2001:DB8:0000:0000:0000:0000:0000:00AB, 2001:db8::ab", // lower case, no leading zeros
        "1:0:0:0:0:0:0:0, 1::",
        "0:0:0:0:0:0:0:2, ::2",
    })
    void ipv6FormatFollowsRfc5952(String input, String expected) {
        long[] a = Addresses.parse(input);
        assertEquals(6, a[0]);
        assertEquals(expected, Addresses.format(6, a[1], a[2]));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fd00::1", "2001:db8::", "::1", "::", "2001:db8:85a3::8a2e:370:7334", "fe80::1:2:3:4",
        "1:2:3:4:5:6:7:8", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "::ffff:192.0.2.1"})
    void ipv6ParseAndFormatRoundTrip(String literal) {
        long[] a = Addresses.parse(literal);
        assertEquals(6, a[0], literal + " stays IPv6");
        assertEquals(literal, Addresses.format(6, a[1], a[2]));
        assertArrayEquals(a, Addresses.parse(Addresses.format(6, a[1], a[2])));
    }

    @Test
    void ipv4MappedAddressIsFormattedAsIpv6() {
        // An IPv6 packet may carry ::ffff:a.b.c.d; it must not print as a bare IPv4 address.
        assertEquals("::ffff:10.0.0.1", Addresses.format(6, 0L, 0x0000_ffff_0a00_0001L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1", "0.0.0.0", "255.255.255.255", "192.168.7.200"})
    void ipv4ParseAndFormatRoundTrip(String literal) {
        long[] a = Addresses.parse(literal);
        assertEquals(4, a[0]);
        assertEquals(0, a[1]);
        assertEquals(literal, Addresses.format(4, a[1], a[2]));
    }

    @Test
    void endpointsPutIpv6AddressesInBrackets() {
        assertEquals("10.0.0.1:21", Addresses.endpoint("10.0.0.1", 21));
        assertEquals("[2001:db8::1]:21", Addresses.endpoint("2001:db8::1", 21));
        assertEquals("[::ffff:10.0.0.1]:20", Addresses.endpoint("::ffff:10.0.0.1", 20));
        assertEquals("to 10.0.0.2:50000", Addresses.endpoint(new StringBuilder("to "), "10.0.0.2", 50000).toString());
    }

    @Test
    void ipv4ValuesAreUnsigned() {
        assertArrayEquals(new long[] {4, 0, 0xC0A807C8L}, Addresses.parse("192.168.7.200"));
        assertEquals("192.168.7.200", Addresses.format(4, 0, 0xC0A807C8L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "example.com", "localhost", "ftp", "1.2.3.4.example", "10", "1.2.3", "1.2.3.4.5",
        "300.1.1.1", "1.2.3.256", "1..2.3", "1.2.3.", "-1.2.3.4", "1.2.3.4 ", "1::2::3", "foo:bar", "12345::"})
    void nonLiteralsAreNotParsed(String s) {
        // None of these may reach the DNS resolver either: a passive analyzer parses strings from the wire.
        assertNull(Addresses.parse(s));
    }

    @Test
    void nullIsNotParsed() {
        assertNull(Addresses.parse(null));
    }
}
