/// NetCore: text parsing and canonical printing of addresses and prefixes, and masking.
import Testing
@testable import NetCore

@Suite struct IPv4AddressTests {
    @Test(arguments: [
        ("192.0.2.1", UInt32(0xC000_0201)), ("0.0.0.0", 0), ("255.255.255.255", 0xFFFF_FFFF), ("10.0.0.1", 0x0A00_0001),
    ])
    func parsesDottedQuad(text: String, raw: UInt32) {
        #expect(IPv4Address(text)?.rawValue == raw)
        #expect(IPv4Address(rawValue: raw).description == text)
    }

    @Test(arguments: ["", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", "1.2.3.4 ", "a.b.c.d", "1234.1.1.1", ".1.2.3", "1.2.3."])
    func rejectsMalformed(text: String) {
        #expect(IPv4Address(text) == nil)
    }

    @Test func bytesAreNetworkOrder() {
        #expect(IPv4Address(198, 51, 100, 7).bytes == [198, 51, 100, 7])
        #expect(IPv4Address(1, 2, 3, 4) < IPv4Address(1, 2, 3, 5))
    }
}

@Suite struct IPv6AddressTests {
    @Test(arguments: [
        ("2001:db8::1", "2001:db8::1"), ("::", "::"), ("::1", "::1"), ("2001:DB8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
        ("2001:db8:0:0:0:0:2:1", "2001:db8::2:1"), ("2001:db8::ffff:192.0.2.1", "2001:db8::ffff:c000:201"),
        ("fe80::", "fe80::"), ("1:0:0:2:0:0:0:3", "1:0:0:2::3"), ("2001:db8:1:1:1:1:1:1", "2001:db8:1:1:1:1:1:1"),
        ("2001:0:0:1::", "2001:0:0:1::"),
    ])
    func canonicalForm(text: String, canonical: String) {
        #expect(IPv6Address(text)?.description == canonical)
    }

    @Test(arguments: ["", ":", "1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "g::1", "1:2:3:4:5:6:7::8"])
    func rejectsMalformed(text: String) {
        #expect(IPv6Address(text) == nil)
    }

    @Test func bytesRoundTrip() throws {
        let a = try #require(IPv6Address("2001:db8:abcd:12::ff"))
        #expect(IPv6Address(bytes: a.bytes) == a)
        #expect(a.bytes.count == 16)
        #expect(a.bytes[0] == 0x20 && a.bytes[15] == 0xff)
    }
}

@Suite struct PrefixTests {
    @Test func hostBitsAreMasked() throws {
        let p = try #require(IPv4Prefix("192.0.2.77/24"))
        #expect(p.description == "192.0.2.0/24")
        #expect(p == IPv4Prefix("192.0.2.0/24"))
        #expect(p.contains(IPv4Address(192, 0, 2, 200)))
        #expect(!p.contains(IPv4Address(192, 0, 3, 1)))
        let v6 = try #require(IPv6Prefix("2001:db8:1:2:3::/33"))
        #expect(v6.description == "2001:db8::/33")
        let v6b = try #require(IPv6Prefix("2001:db8::ffff/127"))
        #expect(v6b.description == "2001:db8::fffe/127")
    }

    @Test func lengthBounds() {
        #expect(IPv4Prefix("0.0.0.0/0") != nil)
        #expect(IPv4Prefix("1.2.3.4/32") != nil)
        #expect(IPv4Prefix("1.2.3.4/33") == nil)
        #expect(IPv6Prefix("::/128") != nil)
        #expect(IPv6Prefix("::/129") == nil)
        #expect(IPPrefix("2001:db8::/32")?.afi == .ipv6)
        #expect(IPPrefix("100.64.0.0/10")?.afi == .ipv4)
    }

    @Test func containment() throws {
        let pool = try #require(IPv4Prefix("100.64.0.0/10"))
        let block = try #require(IPv4Prefix("100.64.3.0/26"))
        #expect(pool.contains(block))
        #expect(!block.contains(pool))
        #expect(try #require(IPv6Prefix("2001:db8::/32")).contains(try #require(IPv6Prefix("2001:db8:5::/122"))))
    }
}
