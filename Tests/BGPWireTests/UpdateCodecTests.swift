/// Whole UPDATE messages in both directions (RFC 4271 §4.3), End-of-RIB markers (RFC 4724 §2),
/// ADD-PATH NLRI (RFC 7911 §3) and MP_REACH/MP_UNREACH ordering on encode (RFC 7606 §5.1).
import Testing
@testable import BGPWire
import NetCore

@Suite("UPDATE golden bytes")
struct UpdateCodecTests {
    typealias F = UpdateFixtures

    func nlri(_ prefixes: [String], addPath ids: [UInt32]? = nil) -> NLRIList {
        let entries = prefixes.enumerated().map { NLRI(prefix: IPPrefix($0.element)!, pathID: ids?[$0.offset]) }
        let afi: AFI = entries.first?.prefix.afi ?? .ipv4
        return NLRIList(entries, afi: afi, addPath: ids != nil)
    }

    // Withdraws 10.1.0.0/16; announces 198.51.100.0/24 and 203.0.113.128/25 with
    // ORIGIN IGP, AS_PATH 65001 4200000000, NEXT_HOP 192.0.2.1, MED 100, COMMUNITIES 65001:100 NO_EXPORT.
    let fullBody: [UInt8] = [
        0x00, 0x03,                                     // withdrawn routes length 3
        0x10, 0x0A, 0x01,                               //   10.1.0.0/16
        0x00, 0x2A,                                     // total path attribute length 42
        0x40, 0x01, 0x01, 0x00,                         //   ORIGIN IGP
        0x40, 0x02, 0x0A, 0x02, 0x02,                   //   AS_PATH AS_SEQUENCE of 2
        0x00, 0x00, 0xFD, 0xE9, 0xFA, 0x56, 0xEA, 0x00, //     65001 4200000000
        0x40, 0x03, 0x04, 0xC0, 0x00, 0x02, 0x01,       //   NEXT_HOP 192.0.2.1
        0x80, 0x04, 0x04, 0x00, 0x00, 0x00, 0x64,       //   MULTI_EXIT_DISC 100
        0xC0, 0x08, 0x08, 0xFD, 0xE9, 0x00, 0x64,       //   COMMUNITIES 65001:100
        0xFF, 0xFF, 0xFF, 0x01,                         //     NO_EXPORT
        0x18, 0xC6, 0x33, 0x64,                         // NLRI 198.51.100.0/24
        0x19, 0xCB, 0x00, 0x71, 0x80,                   //      203.0.113.128/25
    ]

    var fullMessage: UpdateMessage {
        UpdateMessage(
            withdrawn: nlri(["10.1.0.0/16"]),
            attributes: [.origin(.igp),
                         .asPath(ASPath(segments: [ASPathSegment(type: .sequence, asns: [65001, 4_200_000_000])])),
                         .nextHop(IPv4Address(192, 0, 2, 1)), .multiExitDisc(100),
                         .communities([Community(asn: 65001, value: 100), .noExport])],
            nlri: nlri(["198.51.100.0/24", "203.0.113.128/25"]))
    }

    @Test func fullUpdateBothWays() throws {
        #expect(fullMessage.encode(context: F.fourOctet) == fullBody)
        let u = try F.decode(fullBody)
        #expect(u == fullMessage)
        #expect(u.origin == .igp && u.med == 100 && u.nextHop == IPv4Address(192, 0, 2, 1))
        #expect(u.communities == [Community(asn: 65001, value: 100), .noExport])
        #expect(u.nlri.map(\.prefix) == [IPPrefix("198.51.100.0/24")!, IPPrefix("203.0.113.128/25")!])
        #expect(u.withdrawn.map(\.prefix) == [IPPrefix("10.1.0.0/16")!])
        #expect(!u.treatAsWithdraw && u.endOfRIBFamily == nil)
    }

    @Test func decodingASliceOfALargerBuffer() throws {
        // The body as a slice in the middle of a buffer (as the framer hands it over).
        let buffer = [UInt8](repeating: 0xFF, count: 19) + fullBody + [0xAA, 0xBB]
        let u = try UpdateMessage.decode(body: buffer[19..<(19 + fullBody.count)], context: F.fourOctet)
        #expect(u == fullMessage)
    }

    @Test func ipv6Update() throws {
        // MP_REACH_NLRI ipv6-unicast, next hop 2001:db8::1 + fe80::1, NLRI 2001:db8:1::/48; plus ORIGIN and AS_PATH.
        let nh = IPv6Address("2001:db8::1")!.bytes + IPv6Address("fe80::1")!.bytes
        let reach = MPReachNLRI(family: .ipv6Unicast, nextHop: nh, nlri: .prefixes(nlri(["2001:db8:1::/48"])))
        let u = UpdateMessage(attributes: [.mpReachNLRI(reach), .origin(.igp), .asPath(.empty)])
        let attrs: [UInt8] = [0x80, 0x0E, 0x2C, 0x00, 0x02, 0x01, 0x20] + nh + [0x00, 48, 0x20, 0x01, 0x0D, 0xB8, 0x00, 0x01]
            + [0x40, 0x01, 0x01, 0x00, 0x40, 0x02, 0x00]
        #expect(u.encode(context: F.fourOctet) == F.body(attrs: attrs))
        let back = try F.decode(F.body(attrs: attrs))
        #expect(back == u && back.attributeErrors.isEmpty && back.mpReach == reach)
    }

    @Test func mpAttributesAreEncodedFirst() throws {
        // RFC 7606 §5.1: MP_UNREACH_NLRI / MP_REACH_NLRI go first whatever their place in `attributes`.
        let unreach = MPUnreachNLRI(family: .ipv6Unicast, withdrawn: .prefixes(nlri(["2001:db8::/32"])))
        let u = UpdateMessage(attributes: [.origin(.igp), .mpUnreachNLRI(unreach)])
        let bytes = u.encode(context: F.fourOctet)
        #expect(bytes[4] == 0x80 && bytes[5] == 0x0F)
        #expect(try F.decode(bytes).attributes == [.mpUnreachNLRI(unreach), .origin(.igp)])
    }

    @Test func endOfRIBIPv4() throws {
        let eor = UpdateMessage.endOfRIB(.ipv4Unicast)
        #expect(eor.encode(context: F.fourOctet) == [0x00, 0x00, 0x00, 0x00])  // minimum-length UPDATE
        #expect(try F.decode([0, 0, 0, 0]).endOfRIBFamily == .ipv4Unicast)
    }

    @Test func endOfRIBIPv6AndOthers() throws {
        let bytes: [UInt8] = [0x00, 0x00, 0x00, 0x06, 0x80, 0x0F, 0x03, 0x00, 0x02, 0x01]
        #expect(UpdateMessage.endOfRIB(.ipv6Unicast).encode(context: F.fourOctet) == bytes)
        #expect(try F.decode(bytes).endOfRIBFamily == .ipv6Unicast)
        // With ADD-PATH negotiated for the family the marker is the same bytes.
        let ctx = DecodeContext(addPathReceive: [.ipv6Unicast])
        #expect(try F.decode(bytes, ctx).endOfRIBFamily == .ipv6Unicast)
        let vpn = AddressFamily(afi: .ipv4, safi: .mplsVPN)
        #expect(try F.decode(UpdateMessage.endOfRIB(vpn).encode(context: F.fourOctet)).endOfRIBFamily == vpn)
        // Not markers: a withdrawal, or MP_UNREACH with another attribute.
        #expect(try F.decode(F.body(withdrawn: [8, 10])).endOfRIBFamily == nil)
        #expect(try F.decode(F.body(attrs: [0x80, 0x0F, 0x03, 0x00, 0x02, 0x01] + F.origin)).endOfRIBFamily == nil)
    }

    @Test func addPathIPv4() throws {
        // ADD-PATH for IPv4 unicast: each entry is path ID (4) + length + prefix.
        let ctx = DecodeContext(addPathReceive: [.ipv4Unicast])
        let body = F.body(withdrawn: [0, 0, 0, 7, 16, 10, 1],
                          attrs: F.mandatory,
                          nlri: [0, 0, 0, 1, 24, 198, 51, 100, 0, 0, 0, 2, 24, 198, 51, 100])
        let u = try F.decode(body, ctx)
        #expect(u.withdrawn.map(\.pathID) == [7])
        #expect(u.nlri.map(\.pathID) == [1, 2])
        #expect(u.nlri.map(\.prefix) == [IPPrefix("198.51.100.0/24")!, IPPrefix("198.51.100.0/24")!])
        #expect(u.encode(context: ctx) == body)
        // Re-encoded for a session without ADD-PATH, the path IDs are dropped.
        #expect(u.encode(context: F.fourOctet) == F.body(withdrawn: [16, 10, 1], attrs: F.mandatory,
                                                         nlri: [24, 198, 51, 100, 24, 198, 51, 100]))
        // The same bytes without ADD-PATH negotiated are a malformed NLRI field.
        #expect(F.wireError(body)?.notification.subcode == 10)
    }

    @Test func addPathIPv6InMPReach() throws {
        let ctx = DecodeContext(addPathReceive: [.ipv6Unicast])
        let nh = IPv6Address("2001:db8::1")!.bytes
        let attrs: [UInt8] = [0x80, 0x0E, 0x1E, 0x00, 0x02, 0x01, 0x10] + nh + [0x00, 0, 0, 0, 9, 32, 0x20, 0x01, 0x0D, 0xB8]
            + F.origin + [0x40, 0x02, 0x00]
        let u = try F.decode(F.body(attrs: attrs), ctx)
        guard case .prefixes(let list)? = u.mpReach?.nlri else { Issue.record("no prefixes"); return }
        #expect(list.map(\.pathID) == [9])
        #expect(u.encode(context: ctx) == F.body(attrs: attrs))
    }
}
