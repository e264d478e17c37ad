/// Golden bytes in both directions for every capability of RFC 5492 that Swiftlet names, and
/// the rule that a malformed known capability is kept as `.unknown` byte for byte.
import Testing
@testable import BGPWire
import NetCore

@Suite("Capabilities")
struct CapabilityTests {
    static let golden: [(Capability, [UInt8])] = [
        // 1 Multiprotocol (RFC 4760 §8): AFI 1, reserved, SAFI 1.
        (.multiprotocol(.ipv4Unicast), [0x01, 0x04, 0x00, 0x01, 0x00, 0x01]),
        (.multiprotocol(.ipv6Unicast), [0x01, 0x04, 0x00, 0x02, 0x00, 0x01]),
        (.multiprotocol(AddressFamily(afi: .ipv4, safi: .labeledUnicast)), [0x01, 0x04, 0x00, 0x01, 0x00, 0x04]),
        // 2 Route Refresh (RFC 2918): empty.
        (.routeRefresh, [0x02, 0x00]),
        // 5 Extended Next Hop (RFC 8950): IPv4 unicast (SAFI is 2 octets here) over IPv6.
        (.extendedNextHop([ExtendedNextHopEntry(family: .ipv4Unicast, nextHopAFI: .ipv6)]),
         [0x05, 0x06, 0x00, 0x01, 0x00, 0x01, 0x00, 0x02]),
        // 6 Extended Message (RFC 8654).
        (.extendedMessage, [0x06, 0x00]),
        // 9 BGP Role (RFC 9234): customer = 3.
        (.role(.customer), [0x09, 0x01, 0x03]),
        (.role(.provider), [0x09, 0x01, 0x00]),
        // 64 Graceful Restart (RFC 4724): R and N bits, restart time 120, IPv4 unicast with F.
        (.gracefulRestart(GracefulRestart(restarting: true, notification: true, restartTime: 120,
                                          families: [.init(family: .ipv4Unicast, forwardingStatePreserved: true)])),
         [0x40, 0x06, 0xC0, 0x78, 0x00, 0x01, 0x01, 0x80]),
        (.gracefulRestart(GracefulRestart(restartTime: 4095)), [0x40, 0x02, 0x0F, 0xFF]),
        // 65 4-octet AS (RFC 6793): 4200000001.
        (.fourOctetAS(4_200_000_001), [0x41, 0x04, 0xFA, 0x56, 0xEA, 0x01]),
        // 69 ADD-PATH (RFC 7911): IPv4 unicast send+receive, IPv6 unicast receive.
        (.addPath([AddPathFamily(family: .ipv4Unicast, mode: [.send, .receive]),
                   AddPathFamily(family: .ipv6Unicast, mode: .receive)]),
         [0x45, 0x08, 0x00, 0x01, 0x01, 0x03, 0x00, 0x02, 0x01, 0x01]),
        // 70 Enhanced Route Refresh (RFC 7313).
        (.enhancedRouteRefresh, [0x46, 0x00]),
        // 71 Long-Lived GR (RFC 9494): IPv6 unicast, F bit, stale time 86400 (0x015180).
        (.longLivedGracefulRestart(LongLivedGracefulRestart(families: [
            .init(family: .ipv6Unicast, forwardingStatePreserved: true, staleTime: 86400)])),
         [0x47, 0x07, 0x00, 0x02, 0x01, 0x80, 0x01, 0x51, 0x80]),
        // 73 FQDN: "r1" / "example.net".
        (.fqdn(hostname: "r1", domain: "example.net"),
         [0x49, 0x0F, 0x02, 0x72, 0x31, 0x0B] + Array("example.net".utf8)),
        (.fqdn(hostname: "", domain: ""), [0x49, 0x02, 0x00, 0x00]),
        // Unknown codes survive byte for byte: Cisco's pre-standard route refresh, and 200.
        (.unknown(code: 128, value: []), [0x80, 0x00]),
        (.unknown(code: 200, value: [1, 2, 3]), [0xC8, 0x03, 0x01, 0x02, 0x03]),
    ]

    @Test func goldenEncode() {
        for (capability, bytes) in Self.golden {
            #expect(capability.encode() == bytes, "\(capability)")
        }
    }

    @Test func goldenDecode() throws {
        for (capability, bytes) in Self.golden {
            #expect(try Capability.decodeList(bytes[...]) == [capability], "\(bytes)")
        }
    }

    @Test func severalCapabilitiesInOneParameter() throws {
        let bytes = Self.golden.flatMap(\.1)
        #expect(try Capability.decodeList(bytes[...]) == Self.golden.map(\.0))
    }

    @Test func multiprotocolReservedOctetIsIgnored() throws {
        // RFC 4760 §8: reserved SHOULD be 0 and is ignored by the receiver.
        #expect(try Capability.decodeList([0x01, 0x04, 0x00, 0x02, 0x7F, 0x01]) == [.multiprotocol(.ipv6Unicast)])
    }

    @Test func gracefulRestartReservedBitsAreIgnored() throws {
        // Reserved flag bits 0x2000/0x1000 and per-family bits other than F.
        let caps = try Capability.decodeList([0x40, 0x06, 0x30, 0x05, 0x00, 0x02, 0x01, 0x7F])
        #expect(caps == [.gracefulRestart(GracefulRestart(restartTime: 5, families: [
            .init(family: .ipv6Unicast, forwardingStatePreserved: false)]))])
    }

    /// Known codes with values that do not parse: kept as `.unknown`, bytes intact.
    @Test(arguments: [
        [UInt8](arrayLiteral: 0x01, 0x03, 0x00, 0x01, 0x01),  // MP: 3 bytes, not 4
        [0x02, 0x01, 0x00],  // Route Refresh with a value
        [0x05, 0x06, 0x00, 0x01, 0x01, 0x00, 0x00, 0x02],  // ENH: SAFI 256 does not fit
        [0x05, 0x04, 0x00, 0x01, 0x00, 0x01],  // ENH: not a multiple of 6
        [0x06, 0x01, 0x00],  // Extended Message with a value
        [0x09, 0x01, 0x05],  // Role 5 is not a role (RFC 9234 §4.1)
        [0x09, 0x02, 0x00, 0x00],  // Role: 2 bytes
        [0x40, 0x01, 0x00],  // GR: shorter than the restart word
        [0x40, 0x05, 0x00, 0x78, 0x00, 0x01, 0x01],  // GR: partial family
        [0x41, 0x02, 0xFD, 0xE9],  // 4-octet AS: 2 bytes
        [0x45, 0x04, 0x00, 0x01, 0x01, 0x00],  // ADD-PATH mode 0 (RFC 7911 §4: not received)
        [0x45, 0x04, 0x00, 0x01, 0x01, 0x04],  // ADD-PATH mode 4
        [0x45, 0x03, 0x00, 0x01, 0x01],  // ADD-PATH: partial entry
        [0x46, 0x01, 0x00],  // Enhanced Route Refresh with a value
        [0x47, 0x06, 0x00, 0x02, 0x01, 0x80, 0x01, 0x51],  // LLGR: partial entry
        [0x49, 0x03, 0x01, 0x61, 0x01],  // FQDN: domain length runs past the value
        [0x49, 0x04, 0x01, 0x61, 0x00, 0x00],  // FQDN: a byte after the domain
        [0x49, 0x03, 0x01, 0xFF, 0x00],  // FQDN: hostname not UTF-8
    ])
    func malformedKnownCapabilityIsKeptAsUnknown(_ bytes: [UInt8]) throws {
        let caps = try Capability.decodeList(bytes[...])
        #expect(caps == [.unknown(code: bytes[0], value: Array(bytes.dropFirst(2)))])
        #expect(caps.first?.encode() == bytes)  // and goes out again unchanged
    }

    @Test func capabilityRunningPastItsParameterIsOpenError() {
        // 4-octet AS claiming 4 bytes with 2 present → 2/0 (RFC 4271 §6.2, malformed parameter).
        #expect(thrownNotification { try Capability.decodeList([0x41, 0x04, 0x00, 0x01]) }
                == NotificationMessage(code: 2, subcode: 0))
        #expect(thrownNotification { try Capability.decodeList([0x41]) }?.code == 2)
    }

    @Test func emptyParameterHoldsNoCapabilities() throws {
        #expect(try Capability.decodeList([]) == [])
    }

    @Test func fqdnIsCutAtACharacterBoundary() throws {
        let long = String(repeating: "é", count: 200)  // 400 bytes of UTF-8
        let bytes = Capability.fqdn(hostname: long, domain: "x").encode()
        #expect(bytes.count <= 257)
        guard case let .fqdn(host, domain)? = try Capability.decodeList(bytes[...]).first else {
            Issue.record("not decoded as FQDN"); return
        }
        #expect(host == String(repeating: "é", count: 126))  // 252 bytes: 253 would split a character
        #expect(domain == "x")
    }

    @Test func longListsAreCutToWholeEntries() {
        let many = (0..<100).map { AddPathFamily(family: AddressFamily(afi: AFI(rawValue: UInt16($0)), safi: .unicast), mode: .send) }
        let bytes = Capability.addPath(many).encode()
        #expect(bytes[1] == 252 && bytes.count == 254)  // 63 entries of 4 bytes
    }

    @Test func codes() {
        #expect(Self.golden.map { $0.0.code } == Self.golden.map { $0.1[0] })
    }
}
