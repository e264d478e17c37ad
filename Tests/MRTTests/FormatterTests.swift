/// The text formatter: IPv6 text as bgpdump writes it, AS path text (RFC 4271 §4.3 sets,
/// RFC 5065 confederations, errors), community text, and a differential check of many quirky
/// hand-made records against /usr/bin/bgpdump when it is installed.
import Foundation
@testable import MRT
import MRTFile
import Testing

private func ipv6Text(_ groups: [UInt16]) -> String {
    var a = IPv6Bytes()
    for (i, g) in groups.enumerated() { a[2 * i] = UInt8(g >> 8); a[2 * i + 1] = UInt8(g & 0xff) }
    var out = [UInt8]()
    out.appendIPv6(a)
    return String(decoding: out, as: UTF8.self)
}

private func pathText(_ bytes: [UInt8], width: Int) -> String {
    bytes.withUnsafeBufferPointer { String(decoding: ASPathText($0, 0..<$0.count, asnLength: width).text, as: UTF8.self) }
}

@Suite("bgpdump text formatting")
struct FormatterTests {
    @Test("IPv6 text like bgpdump's fmt_ipv6 (zero compression, embedded IPv4 forms)")
    func ipv6() {
        #expect(ipv6Text([0xfe80, 0, 0, 0, 0, 0, 0, 0]) == "fe80::")
        #expect(ipv6Text([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]) == "2001:db8::1")
        #expect(ipv6Text([0, 0, 0, 0, 0, 0xffff, 0xc0a8, 0x0201]) == "::ffff:192.168.2.1")
        #expect(ipv6Text([0, 0, 0, 0, 0, 0, 0xc0a8, 0x0102]) == "::192.168.1.2")
        #expect(ipv6Text([0x2001, 0x7f8, 0x30, 0, 2, 1, 0, 0x8447]) == "2001:7f8:30::2:1:0:8447")
        #expect(ipv6Text([0, 0, 0, 0, 0, 0, 0, 0]) == "::")
        #expect(ipv6Text([0, 0, 0, 0, 0, 0, 0, 1]) == "::1")
        #expect(ipv6Text([1, 0, 2, 3, 4, 5, 6, 7]) == "1::2:3:4:5:6:7")
        #expect(ipv6Text([0, 0, 0, 0, 0, 0, 0, 2]) == "::0.0.0.2")
        #expect(ipv6Text([1, 0, 0, 0, 0, 0, 0, 0]) == "1::")
        #expect(ipv6Text([1, 0, 0, 2, 0, 0, 0, 3]) == "1:0:0:2::3")
    }

    @Test("decimal and IPv4 text")
    func numbers() {
        var out = [UInt8]()
        out.appendDecimal(UInt32(0)); out.append(32)
        out.appendDecimal(UInt32.max); out.append(32)
        out.appendSignedDecimal(-5); out.append(32)
        out.appendIPv4(0x0A00_FF01)
        #expect(String(decoding: out, as: UTF8.self) == "0 4294967295 -5 10.0.255.1")
    }

    @Test("AS path text: sequence, set, confederation segments, errors")
    func asPaths() {
        #expect(pathText([2, 2, 0, 1, 0, 2, 1, 2, 0, 3, 0, 4], width: 2) == "1 2 {3,4}")
        #expect(pathText([1, 1, 0, 0, 0, 5, 2, 1, 0, 0, 0, 6], width: 4) == "{5} 6")
        #expect(pathText([3, 2, 0, 7, 0, 8, 4, 1, 0, 9, 2, 1, 0, 10], width: 2) == "(7 8) [9] 10")
        #expect(pathText([], width: 4) == "")
        #expect(pathText([5, 1, 0, 1], width: 2) == "! Error !")
        #expect(pathText([2, 3, 0, 1], width: 2) == "! Error !")
        // Very long paths are cut near 8000 characters with "...".
        let long: [UInt8] = [2, 255] + Array([[UInt8]](repeating: be32(4_000_000_000), count: 255).joined())
        let text = pathText(long + long + long + long, width: 4)
        #expect(text.hasSuffix("..."))
        #expect(text.utf8.count < 8000)
    }

    /// Quirky records whose bgpdump output is the reference.
    static func quirkyFile() -> [UInt8] {
        var f = [UInt8]()
        let peer = ip4(192, 0, 2, 1), local = ip4(192, 0, 2, 2)
        func msg(_ sub: UInt16, as4: Bool = true, _ update: [UInt8], peer p: [UInt8] = peer, local l: [UInt8] = local) {
            f += mrtRecord(type: 16, subtype: sub, body: bgp4mpMessageBody(as4: as4, peerAS: 65001, localAS: 65000, peer: p, local: l, message: bgpMessage(2, update)))
        }
        // No attributes at all: defaults (INCOMPLETE, 255.255.255.255 next hop).
        msg(4, updateBody(nlri: prefix(ip4(10, 1, 0, 0), 16)))
        // Host bits set in the prefix bytes are printed as sent.
        msg(4, updateBody(attributes: origin(0) + nextHop(ip4(192, 0, 2, 1)), nlri: [20, 10, 1, 255]))
        // IPv4 multicast (SAFI 2) in MP_REACH, no NEXT_HOP attribute; IPv4 unicast via MP.
        msg(4, updateBody(attributes: origin(0) + asPath([(2, [65001])])
            + attribute(0x80, 14, be16(1) + [2, 4] + ip4(192, 0, 2, 7) + [0] + prefix(ip4(224, 1, 0, 0), 16))
            + attribute(0x80, 14, be16(1) + [1, 4] + ip4(192, 0, 2, 8) + [0] + prefix(ip4(100, 64, 0, 0), 10))))
        // IPv6 next hop for IPv4 NLRI (RFC 8950) and an odd next-hop length.
        msg(4, updateBody(attributes: origin(0) + attribute(0x80, 14, be16(1) + [1, 16] + ip6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 9]) + [0] + prefix(ip4(100, 65, 0, 0), 16))))
        msg(4, updateBody(attributes: origin(0) + attribute(0x80, 14, be16(2) + [1, 8] + [1, 2, 3, 4, 5, 6, 7, 8] + [0] + prefix(ip6([0x2001, 0xdb8, 1, 0, 0, 0, 0, 0]), 48))))
        // IPv6 prefixes from an IPv4 session, withdrawals of IPv4 via MP_UNREACH.
        msg(4, updateBody(withdrawn: prefix(ip4(10, 9, 0, 0), 16),
                          attributes: attribute(0x80, 15, be16(1) + [1] + prefix(ip4(10, 8, 0, 0), 16)) + attribute(0x80, 15, be16(2) + [1] + prefix(ip6([0x2001, 0xdb8, 2, 0, 0, 0, 0, 0]), 48))))
        // 2-octet session: AS4_PATH longer than AS_PATH (ignored), AGGREGATOR not AS_TRANS with AS4_AGGREGATOR.
        msg(1, as4: false, updateBody(attributes: origin(0) + asPath([(2, [23456])], width: 2)
            + attribute(0xC0, 17, [2, 2] + be32(4_200_000_001) + be32(4_200_000_002)), nlri: prefix(ip4(10, 2, 0, 0), 16)))
        msg(1, as4: false, updateBody(attributes: origin(0) + asPath([(2, [1, 2, 23456])], width: 2)
            + attribute(0xC0, 7, be16(65005) + ip4(192, 0, 2, 5)) + attribute(0xC0, 18, be32(4_200_000_005) + ip4(192, 0, 2, 6))
            + attribute(0xC0, 17, [2, 1] + be32(4_200_000_001)), nlri: prefix(ip4(10, 3, 0, 0), 16)))
        // AS4_PATH merge where the first AS_PATH segment is shorter than needed.
        msg(1, as4: false, updateBody(attributes: origin(0) + asPath([(2, [1]), (1, [2, 3]), (2, [23456, 4])], width: 2)
            + attribute(0xC0, 17, [2, 1] + be32(4_200_000_001)), nlri: prefix(ip4(10, 4, 0, 0), 16)))
        // Large communities, MED/LOCAL_PREF above 2^31 (printed %d for MP IPv4).
        msg(4, updateBody(attributes: origin(0) + attribute(0x80, 4, be32(0x8000_0001)) + attribute(0x40, 5, be32(0xFFFF_FFFF))
            + attribute(0xC0, 32, be32(1) + be32(2) + be32(3) + be32(4) + be32(5) + be32(6))
            + attribute(0x80, 14, be16(1) + [1, 4] + ip4(192, 0, 2, 8) + [0] + prefix(ip4(100, 66, 0, 0), 16)), nlri: prefix(ip4(10, 5, 0, 0), 16)))
        // A truncated attribute, then NLRI; a prefix cut short at the end.
        msg(4, updateBody(attributes: origin(0) + [0x40, 3, 9, 1, 2], nlri: prefix(ip4(10, 6, 0, 0), 16) + [24, 10]))
        // ADD-PATH over IPv6.
        f += mrtRecord(type: 17, subtype: 9, microseconds: 5, body: bgp4mpMessageBody(
            as4: true, peerAS: 65001, localAS: 65000, peer: ip6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]), local: ip6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 2]),
            message: bgpMessage(2, updateBody(attributes: origin(0) + attribute(0x80, 14, be16(2) + [1, 16] + ip6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]) + [0] + be32(3) + prefix(ip6([0x2001, 0xdb8, 5, 0, 0, 0, 0, 0]), 48))
                + attribute(0x80, 15, be16(2) + [1] + be32(4) + prefix(ip6([0x2001, 0xdb8, 6, 0, 0, 0, 0, 0]), 48))))))
        // A bad marker and an unknown address family are skipped.
        var bad = bgp4mpMessageBody(as4: true, peerAS: 1, localAS: 2, peer: peer, local: local, message: bgpMessage(2, updateBody(nlri: prefix(ip4(10, 7, 0, 0), 16))))
        bad[20] = 0
        f += mrtRecord(type: 16, subtype: 4, body: bad)
        return f
    }

    @Test("quirky records print as bgpdump prints them (also with -l)")
    func differentialAgainstBGPDump() throws {
        guard SharedData.hasBGPDump else {
            print("skipped: \(SharedData.bgpdump) is not installed")
            return
        }
        let file = FormatterTests.quirkyFile()
        let path = try temporaryFile(file)
        defer { try? FileManager.default.removeItem(atPath: path) }
        for large in [false, true] {
            let reference = [UInt8](try runProcess(SharedData.bgpdump, (large ? ["-m", "-l"] : ["-m"]) + [path]))
            let ours = MRTDecoder.decodeAll(file, mode: .lines(largeCommunities: large))
            #expect(reference.filter { $0 == 10 }.count == 20, "bgpdump printed \(reference.filter { $0 == 10 }.count) lines")
            if ProcessInfo.processInfo.environment["MRT_TEST_SHOW"] != nil { print(String(decoding: reference, as: UTF8.self)) }
            #expect(ours.error == nil)
            if let diff = firstDifference(ours.output, reference) {
                Issue.record("large communities \(large): \(diff)")
            }
        }
    }
}
