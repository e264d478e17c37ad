/// The record layer on hand-made records: one of each type and subtype (RFC 6396 §4, RFC 8050),
/// and the errors for a truncated header, a truncated body, a length field larger than the file,
/// and an ET record too short for its microseconds (RFC 6396 §3).
import MRT
import Testing

private func lines(_ bytes: [UInt8], large: Bool = false) -> (String, MRTError?) {
    let r = MRTDecoder.decodeAll(bytes, mode: .lines(largeCommunities: large))
    return (String(decoding: r.output, as: UTF8.self), r.error)
}

/// A typical IPv4 UPDATE with every attribute bgpdump prints.
let fullAttributes = origin(0) + asPath([(2, [65001, 4_200_000_000]), (1, [65010, 65011])])
    + nextHop(ip4(192, 0, 2, 1)) + attribute(0x80, 4, be32(50)) + attribute(0x40, 5, be32(200))
    + attribute(0x40, 6, []) + attribute(0xC0, 7, be32(65010) + ip4(198, 51, 100, 9))
    + attribute(0xC0, 8, be32(0xFDE8_0064) + be32(0xFFFF_FF01) + be32(0xFFFF_FF02) + be32(0xFFFF_FF03))
    + attribute(0xC0, 32, be32(4_200_000_000) + be32(1) + be32(2))

@Suite("MRT records")
struct RecordParserTests {
    @Test("BGP4MP MESSAGE_AS4 UPDATE: announce and withdraw lines")
    func messageAS4() {
        let upd = bgpMessage(2, updateBody(withdrawn: prefix(ip4(203, 0, 113, 0), 24), attributes: fullAttributes,
                                           nlri: prefix(ip4(198, 51, 100, 0), 24) + prefix(ip4(10, 0, 0, 0), 8)))
        let rec = mrtRecord(type: 16, subtype: 4, body: bgp4mpMessageBody(as4: true, peerAS: 4_200_000_000, localAS: 65000,
                                                                          peer: ip4(192, 0, 2, 1), local: ip4(192, 0, 2, 2), message: upd))
        let (text, error) = lines(rec)
        #expect(error == nil)
        #expect(text == """
            BGP4MP|1000000000|W|192.0.2.1|4200000000|203.0.113.0/24
            BGP4MP|1000000000|A|192.0.2.1|4200000000|198.51.100.0/24|65001 4200000000 {65010,65011}|IGP|192.0.2.1|200|50|65000:100 no-export no-advertise local-AS|AG|65010 198.51.100.9|
            BGP4MP|1000000000|A|192.0.2.1|4200000000|10.0.0.0/8|65001 4200000000 {65010,65011}|IGP|192.0.2.1|200|50|65000:100 no-export no-advertise local-AS|AG|65010 198.51.100.9|

            """)
        let (withLarge, _) = lines(rec, large: true)
        #expect(withLarge.contains("|65000:100 no-export no-advertise local-AS|4200000000:1:2|AG|"))
    }

    @Test("BGP4MP MESSAGE (2-octet AS) with AS4_PATH and AS4_AGGREGATOR (RFC 6793 §4.2.3)")
    func message2OctetWithAS4Path() {
        let attrs = origin(1) + asPath([(2, [65001, 23456, 23456])], width: 2) + nextHop(ip4(192, 0, 2, 1))
            + attribute(0xC0, 7, be16(23456) + ip4(192, 0, 2, 77))
            + attribute(0xC0, 17, [2, 2] + be32(4_200_000_001) + be32(4_200_000_002))
            + attribute(0xC0, 18, be32(4_200_000_003) + ip4(192, 0, 2, 78))
        let upd = bgpMessage(2, updateBody(attributes: attrs, nlri: prefix(ip4(192, 0, 2, 0), 24)))
        let rec = mrtRecord(type: 16, subtype: 1, body: bgp4mpMessageBody(as4: false, peerAS: 65001, localAS: 65000,
                                                                          peer: ip4(192, 0, 2, 1), local: ip4(192, 0, 2, 2), message: upd))
        let (text, error) = lines(rec)
        #expect(error == nil)
        #expect(text == "BGP4MP|1000000000|A|192.0.2.1|65001|192.0.2.0/24|65001 4200000001 4200000002|EGP|192.0.2.1|0|0||NAG|4200000003 192.0.2.78|\n")
    }

    @Test("BGP4MP_ET over IPv6 with MP_REACH/MP_UNREACH (RFC 4760) and microseconds")
    func extendedTimestampIPv6() {
        let peer = ip6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1])
        let mpReach = be16(2) + [1, 32] + peer + ip6([0xfe80, 0, 0, 0, 0, 0, 0, 1]) + [0]
            + prefix(ip6([0x2001, 0xdb8, 0x100, 0, 0, 0, 0, 0]), 40)
        let mpUnreach = be16(2) + [1] + prefix(ip6([0x2001, 0xdb8, 0xff00, 0, 0, 0, 0, 0]), 48)
        let attrs = origin(2) + asPath([(2, [65001])]) + attribute(0x80, 14, mpReach) + attribute(0x80, 15, mpUnreach)
        let upd = bgpMessage(2, updateBody(attributes: attrs))
        let rec = mrtRecord(type: 17, subtype: 4, microseconds: 42,
                            body: bgp4mpMessageBody(as4: true, peerAS: 65001, localAS: 65000, peer: peer,
                                                    local: ip6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 2]), message: upd))
        let (text, error) = lines(rec)
        #expect(error == nil)
        #expect(text == """
            BGP4MP_ET|1000000000.000042|W|2001:db8::1|65001|2001:db8:ff00::/48
            BGP4MP_ET|1000000000.000042|A|2001:db8::1|65001|2001:db8:100::/40|65001|INCOMPLETE|2001:db8::1|0|0||NAG||

            """)
    }

    @Test("STATE_CHANGE and STATE_CHANGE_AS4 (RFC 6396 §4.4.1, §4.4.4)")
    func stateChanges() {
        let a = mrtRecord(type: 16, subtype: 0, body: stateChangeBody(as4: false, peerAS: 65001, peer: ip4(192, 0, 2, 1), local: ip4(192, 0, 2, 2), old: 1, new: 2))
        let b = mrtRecord(type: 17, subtype: 5, microseconds: 999_999,
                          body: stateChangeBody(as4: true, peerAS: 4_200_000_000, peer: ip6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]),
                                                local: ip6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 2]), old: 6, new: 1))
        let (text, error) = lines(a + b)
        #expect(error == nil)
        #expect(text == "BGP4MP|1000000000|STATE|192.0.2.1|65001|1|2\nBGP4MP_ET|1000000000.999999|STATE|2001:db8::1|4200000000|6|1\n")
    }

    @Test("MESSAGE_LOCAL and the ADD-PATH subtypes (RFC 8050 §4)")
    func localAndAddPath() {
        let nlri = be32(7) + prefix(ip4(198, 51, 100, 0), 24)
        let upd = bgpMessage(2, updateBody(withdrawn: be32(9) + prefix(ip4(203, 0, 113, 0), 24),
                                           attributes: origin(0) + asPath([(2, [65000])]) + nextHop(ip4(192, 0, 2, 2)), nlri: nlri))
        let body = bgp4mpMessageBody(as4: true, peerAS: 65001, localAS: 65000, peer: ip4(192, 0, 2, 1), local: ip4(192, 0, 2, 2), message: upd)
        let (text, error) = lines(mrtRecord(type: 16, subtype: 11, body: body))
        #expect(error == nil)
        #expect(text == """
            BGP4MP_LOCAL_AP|1000000000|W|192.0.2.1|65001|203.0.113.0/24|9
            BGP4MP_LOCAL_AP|1000000000|A|192.0.2.1|65001|198.51.100.0/24|7|65000|IGP|192.0.2.2|0|0||NAG||

            """)
        let plainLocal = bgp4mpMessageBody(as4: true, peerAS: 65001, localAS: 65000, peer: ip4(192, 0, 2, 1), local: ip4(192, 0, 2, 2),
                                           message: bgpMessage(2, updateBody(attributes: origin(0), nlri: prefix(ip4(10, 0, 0, 0), 8))))
        #expect(lines(mrtRecord(type: 16, subtype: 7, body: plainLocal)).0.hasPrefix("BGP4MP_LOCAL|1000000000|A|192.0.2.1|65001|10.0.0.0/8||IGP|255.255.255.255|"))
    }

    @Test("OPEN, KEEPALIVE and NOTIFICATION print nothing, as in bgpdump -m")
    func nonUpdateMessages() {
        let keepalive = mrtRecord(type: 16, subtype: 4, body: bgp4mpMessageBody(as4: true, peerAS: 1, localAS: 2, peer: ip4(192, 0, 2, 1), local: ip4(192, 0, 2, 2), message: bgpMessage(4, [])))
        let r = MRTDecoder.decodeAll(keepalive, mode: .summary)
        #expect(r.error == nil)
        #expect(r.summary.messagesByType[4] == 1)
        #expect(lines(keepalive).0 == "")
    }

    @Test("TABLE_DUMP (RFC 6396 §4.2) prints B lines")
    func tableDump() {
        let body = be16(0) + be16(1) + ip4(10, 0, 0, 0) + [8, 1] + be32(999) + ip4(192, 0, 2, 9) + be16(65009)
            + be16(0) + []
        var attrs = origin(0) + asPath([(2, [65009, 65010]), (3, [64512, 64513]), (4, [64514])], width: 2) + nextHop(ip4(192, 0, 2, 9))
        attrs += attribute(0x40, 5, be32(100))
        let withAttrs = Array(body.dropLast(2)) + be16(attrs.count) + attrs
        let (text, error) = lines(mrtRecord(type: 12, subtype: 1, body: withAttrs))
        #expect(error == nil)
        #expect(text == "TABLE_DUMP|1000000000|B|192.0.2.9|65009|10.0.0.0/8|65009 65010 (64512 64513) [64514]|IGP|192.0.2.9|100|0||NAG||\n")
    }

    @Test("TABLE_DUMP_V2: PEER_INDEX_TABLE, RIB_IPV4_UNICAST, RIB_IPV6_UNICAST with abbreviated MP_REACH, ADD-PATH")
    func tableDumpV2() {
        // RFC 6396 §4.3.1: peer type bit 0 = IPv6 address, bit 1 = 4-octet AS.
        let peers = be32(0x0A00_0001) + be16(4) + Array("test".utf8) + be16(2)
            + [0] + be32(1) + ip4(192, 0, 2, 1) + be16(65001)
            + [3] + be32(2) + ip6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 2]) + be32(4_200_000_000)
        let v4Attrs = origin(0) + asPath([(2, [65001, 4_200_000_000])]) + nextHop(ip4(192, 0, 2, 1))
        let rib4 = be32(0) + prefix(ip4(198, 51, 100, 0), 24) + be16(1) + be16(0) + be32(5) + be16(v4Attrs.count) + v4Attrs
        // RFC 6396 §4.3.4: MP_REACH_NLRI in a RIB entry holds only next-hop length and next hop.
        let v6Attrs = origin(0) + asPath([(2, [4_200_000_000])]) + attribute(0x80, 14, [16] + ip6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 2]))
        let rib6 = be32(1) + prefix(ip6([0x2001, 0xdb8, 0x42, 0, 0, 0, 0, 0]), 48) + be16(1) + be16(1) + be32(5) + be16(v6Attrs.count) + v6Attrs
        let rib4AP = be32(2) + prefix(ip4(203, 0, 113, 0), 24) + be16(1) + be16(0) + be32(5) + be32(77) + be16(v4Attrs.count) + v4Attrs
        let file = mrtRecord(type: 13, subtype: 1, body: peers) + mrtRecord(type: 13, subtype: 2, body: rib4)
            + mrtRecord(type: 13, subtype: 4, body: rib6) + mrtRecord(type: 13, subtype: 8, body: rib4AP)
            + mrtRecord(type: 13, subtype: 6, body: [0, 0, 0, 0])
        let (text, error) = lines(file)
        #expect(error == nil)
        #expect(text == """
            TABLE_DUMP2|1000000000|B|192.0.2.1|65001|198.51.100.0/24|65001 4200000000|IGP|192.0.2.1|0|0||NAG||
            TABLE_DUMP2|1000000000|B|2001:db8::2|4200000000|2001:db8:42::/48|4200000000|IGP|2001:db8::2|0|0||NAG||
            TABLE_DUMP2_AP|1000000000|B|192.0.2.1|65001|203.0.113.0/24|77|65001 4200000000|IGP|192.0.2.1|0|0||NAG||

            """)
        let summary = MRTDecoder.decodeAll(file, mode: .summary).summary
        #expect(summary.ribEntries == 3)
        #expect(summary.peers == 2)
        #expect(summary.skipped.values.reduce(0, +) == 1)  // RIB_GENERIC is counted and skipped
    }

    @Test("records of other types are counted and skipped")
    func otherTypes() {
        let file = mrtRecord(type: 11, subtype: 0, body: [1, 2, 3]) + mrtRecord(type: 48, subtype: 0, body: [])
        let r = MRTDecoder.decodeAll(file, mode: .summary)
        #expect(r.error == nil)
        #expect(r.summary.records == 2)
        #expect(r.summary.skipped.values.reduce(0, +) == 2)
        #expect(lines(file).0 == "")
    }

    // MARK: Errors

    static let state = mrtRecord(type: 16, subtype: 0, body: stateChangeBody(as4: false, peerAS: 65001, peer: ip4(192, 0, 2, 1), local: ip4(192, 0, 2, 2), old: 1, new: 2))

    @Test("truncated header: lines before it, then the offset")
    func truncatedHeader() {
        let file = RecordParserTests.state + Array(RecordParserTests.state.prefix(7))
        let (text, error) = lines(file)
        #expect(text == "BGP4MP|1000000000|STATE|192.0.2.1|65001|1|2\n")
        #expect(error?.offset == RecordParserTests.state.count)
        #expect(error?.description.contains("truncated MRT header") == true)
    }

    @Test("truncated body")
    func truncatedBody() {
        let file = RecordParserTests.state + Array(RecordParserTests.state.dropLast(3))
        let (text, error) = lines(file)
        #expect(text == "BGP4MP|1000000000|STATE|192.0.2.1|65001|1|2\n")
        #expect(error?.offset == RecordParserTests.state.count)
        #expect(error?.description == "record at byte offset 32: truncated BGP4MP/STATE_CHANGE record: the length field says 20 body bytes but only 17 remain in the file")
    }

    @Test("length field larger than the file")
    func lengthLargerThanFile() {
        var bad = RecordParserTests.state
        bad.replaceSubrange(8..<12, with: be32(0xFFFF_FFF0))
        let (text, error) = lines(RecordParserTests.state + bad)
        #expect(text.hasPrefix("BGP4MP|"))
        #expect(error?.offset == 32)
        #expect(error?.description.contains("4294967280") == true)
    }

    @Test("ET record whose length cannot hold the microseconds")
    func shortExtendedTimestamp() {
        let bad = be32(1) + be16(17) + be16(4) + be32(3) + [0, 0, 0]
        let (_, error) = lines(bad)
        #expect(error?.offset == 0)
        #expect(error?.description.contains("microsecond") == true)
    }

    @Test("malformed UPDATE inside a record never traps")
    func malformedUpdate() {
        // Attribute lengths past the end, an AS_PATH segment that overruns, prefix lengths > 32.
        let junk: [UInt8] = [0x40, 2, 9, 2, 200, 0, 1] + [0x80, 14, 3, 0, 2, 1] + [0xFF, 0xFF]
        let upd = bgpMessage(2, be16(3) + [40, 1, 2] + be16(junk.count) + junk + [33, 1, 2, 3, 4, 5, 200])
        let rec = mrtRecord(type: 16, subtype: 4, body: bgp4mpMessageBody(as4: true, peerAS: 1, localAS: 2, peer: ip4(192, 0, 2, 1), local: ip4(192, 0, 2, 2), message: upd))
        let (_, error) = lines(rec)
        #expect(error == nil)
        // And a record cut anywhere still decodes or skips without trapping.
        for cut in 0..<rec.count {
            var r = rec
            let n = r.count - 12 - cut
            r.replaceSubrange(8..<12, with: be32(UInt32(max(n, 0))))
            _ = MRTDecoder.decodeAll(Array(r.prefix(12 + max(n, 0))), mode: .lines(largeCommunities: true))
        }
    }
}
