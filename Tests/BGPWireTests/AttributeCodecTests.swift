/// Golden bytes, both directions, for every path attribute (RFC 4271 §4.3/§5, RFC 1997, RFC 4360,
/// RFC 4456, RFC 4760, RFC 6793, RFC 8092, RFC 9234), the Extended Length rule, and the RFC 4271
/// §5 pass-on rule for unknown attributes.
import Testing
@testable import BGPWire
import NetCore

/// Fixtures shared by the UPDATE and attribute tests.
enum UpdateFixtures {
    static let fourOctet = DecodeContext(fourOctetAS: true)
    static let twoOctet = DecodeContext(fourOctetAS: false)

    /// An UPDATE body: withdrawn length, withdrawn, attribute length, attributes, NLRI.
    static func body(withdrawn: [UInt8] = [], attrs: [UInt8] = [], nlri: [UInt8] = []) -> [UInt8] {
        [UInt8(withdrawn.count >> 8), UInt8(withdrawn.count & 0xFF)] + withdrawn
            + [UInt8(attrs.count >> 8), UInt8(attrs.count & 0xFF)] + attrs + nlri
    }

    static let origin: [UInt8] = [0x40, 0x01, 0x01, 0x00]                          // ORIGIN IGP
    static let asPath4: [UInt8] = [0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xFD, 0xE9] // AS_SEQUENCE [65001]
    static let nextHop: [UInt8] = [0x40, 0x03, 0x04, 192, 0, 2, 1]                 // NEXT_HOP 192.0.2.1
    static let mandatory = origin + asPath4 + nextHop
    static let oneNLRI: [UInt8] = [24, 198, 51, 100]                                // 198.51.100.0/24

    static func decode(_ body: [UInt8], _ context: DecodeContext = fourOctet) throws(WireError) -> UpdateMessage {
        try UpdateMessage.decode(body: body[...], context: context)
    }

    static func wireError(_ body: [UInt8], _ context: DecodeContext = fourOctet) -> WireError? {
        do {
            _ = try UpdateMessage.decode(body: body[...], context: context)
            return nil
        } catch {
            return error
        }
    }
}

@Suite("Path attribute golden bytes")
struct AttributeCodecTests {
    typealias F = UpdateFixtures

    /// Decodes one encoded attribute through the public single-attribute entry point.
    func decodeOne(_ bytes: [UInt8], _ context: DecodeContext = F.fourOctet) throws(AttributeError) -> PathAttribute {
        let ext = bytes[0] & 0x10 != 0
        let start = ext ? 4 : 3
        return try PathAttribute.decode(flags: AttributeFlags(rawValue: bytes[0]), code: AttributeCode(rawValue: bytes[1]),
                                        value: bytes[start...], context: context)
    }

    /// Both directions: `attribute` encodes to `bytes`, and `bytes` decode to `attribute`.
    func golden(_ attribute: PathAttribute, _ bytes: [UInt8], _ context: DecodeContext = F.fourOctet,
                sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(attribute.encoded(context: context) == bytes, sourceLocation: sourceLocation)
        #expect(try decodeOne(bytes, context) == attribute, sourceLocation: sourceLocation)
        // And inside an attribute list, with the list decoder.
        let list = try PathAttribute.decodeList(bytes[...], context: context)
        #expect(list.attributes == [attribute] && list.errors.isEmpty && list.complete, sourceLocation: sourceLocation)
    }

    @Test func origin() throws {
        try golden(.origin(.igp), [0x40, 0x01, 0x01, 0x00])
        try golden(.origin(.egp), [0x40, 0x01, 0x01, 0x01])
        try golden(.origin(.incomplete), [0x40, 0x01, 0x01, 0x02])
    }

    @Test func asPathFourOctet() throws {
        // Well-known transitive 0x40, code 2, length 18:
        // AS_SEQUENCE(2) of 2: 65001, 4200000000 (0xFA56EA00); AS_SET(1) of 1: 65002.
        let path = ASPath(segments: [ASPathSegment(type: .sequence, asns: [65001, 4_200_000_000]),
                                     ASPathSegment(type: .set, asns: [65002])])
        try golden(.asPath(path), [0x40, 0x02, 0x10,
                                   0x02, 0x02, 0x00, 0x00, 0xFD, 0xE9, 0xFA, 0x56, 0xEA, 0x00,
                                   0x01, 0x01, 0x00, 0x00, 0xFD, 0xEA])
    }

    @Test func asPathTwoOctetAndConfederations() throws {
        // 2-octet session: AS_CONFED_SEQUENCE(3) [64512], AS_CONFED_SET(4) [64513, 64514], AS_SEQUENCE [65001].
        let path = ASPath(segments: [ASPathSegment(type: .confedSequence, asns: [64512]),
                                     ASPathSegment(type: .confedSet, asns: [64513, 64514]),
                                     ASPathSegment(type: .sequence, asns: [65001])])
        try golden(.asPath(path), [0x40, 0x02, 0x0E,
                                   0x03, 0x01, 0xFC, 0x00,
                                   0x04, 0x02, 0xFC, 0x01, 0xFC, 0x02,
                                   0x02, 0x01, 0xFD, 0xE9], F.twoOctet)
        // Empty AS_PATH (iBGP-originated route) is valid with length 0.
        try golden(.asPath(.empty), [0x40, 0x02, 0x00])
    }

    @Test func asPathTwoOctetEncodingUsesASTrans() {
        // RFC 6793 §4.2.2: 4200000000 does not fit, so AS_TRANS 23456 (0x5BA0) goes in its place.
        let a = PathAttribute.asPath(ASPath(segments: [ASPathSegment(type: .sequence, asns: [65001, 4_200_000_000])]))
        #expect(a.encoded(context: F.twoOctet) == [0x40, 0x02, 0x06, 0x02, 0x02, 0xFD, 0xE9, 0x5B, 0xA0])
    }

    @Test func nextHopMedLocalPrefAtomicAggregate() throws {
        try golden(.nextHop(IPv4Address(192, 0, 2, 1)), [0x40, 0x03, 0x04, 0xC0, 0x00, 0x02, 0x01])
        try golden(.multiExitDisc(100), [0x80, 0x04, 0x04, 0x00, 0x00, 0x00, 0x64])   // optional non-transitive
        try golden(.localPref(200), [0x40, 0x05, 0x04, 0x00, 0x00, 0x00, 0xC8])
        try golden(.atomicAggregate, [0x40, 0x06, 0x00])
    }

    @Test func aggregatorBothWidths() throws {
        let agg = Aggregator(asn: 65001, address: IPv4Address(192, 0, 2, 9))
        try golden(.aggregator(agg), [0xC0, 0x07, 0x08, 0x00, 0x00, 0xFD, 0xE9, 0xC0, 0x00, 0x02, 0x09])
        try golden(.aggregator(agg), [0xC0, 0x07, 0x06, 0xFD, 0xE9, 0xC0, 0x00, 0x02, 0x09], F.twoOctet)
        try golden(.as4Aggregator(Aggregator(asn: 4_200_000_000, address: IPv4Address(192, 0, 2, 9))),
                   [0xC0, 0x12, 0x08, 0xFA, 0x56, 0xEA, 0x00, 0xC0, 0x00, 0x02, 0x09], F.twoOctet)
    }

    @Test func communities() throws {
        // 65001:100 and NO_EXPORT (0xFFFFFF01).
        try golden(.communities([Community(asn: 65001, value: 100), .noExport]),
                   [0xC0, 0x08, 0x08, 0xFD, 0xE9, 0x00, 0x64, 0xFF, 0xFF, 0xFF, 0x01])
    }

    @Test func originatorIDAndClusterList() throws {
        try golden(.originatorID(RouterID(IPv4Address(10, 0, 0, 1))), [0x80, 0x09, 0x04, 0x0A, 0x00, 0x00, 0x01])
        try golden(.clusterList([0x0A00_0001, 0x0A00_0002]),
                   [0x80, 0x0A, 0x08, 0x0A, 0x00, 0x00, 0x01, 0x0A, 0x00, 0x00, 0x02])
    }

    @Test func mpReachIPv6() throws {
        // AFI 2, SAFI 1, next hop 2001:db8::1 (16 bytes), reserved 0, NLRI 2001:db8:1::/48.
        let nh: [UInt8] = [0x20, 0x01, 0x0D, 0xB8] + [UInt8](repeating: 0, count: 11) + [0x01]
        let nlriBytes: [UInt8] = [48, 0x20, 0x01, 0x0D, 0xB8, 0x00, 0x01]
        let reach = MPReachNLRI(family: .ipv6Unicast, nextHop: nh,
                                nlri: .prefixes(try NLRIList(validating: nlriBytes[...], afi: .ipv6, addPath: false)))
        try golden(.mpReachNLRI(reach), [0x80, 0x0E, 0x1C, 0x00, 0x02, 0x01, 0x10] + nh + [0x00] + nlriBytes)
        #expect(reach.nextHopAddresses?.global == IPAddress("2001:db8::1"))
    }

    @Test func mpReachIPv4WithIPv6NextHopRFC8950() throws {
        // IPv4 unicast NLRI 203.0.113.0/24 with a 32-byte IPv6 next hop (global + link-local).
        let nh: [UInt8] = [0x20, 0x01, 0x0D, 0xB8] + [UInt8](repeating: 0, count: 11) + [0x01]
            + [0xFE, 0x80] + [UInt8](repeating: 0, count: 13) + [0x01]
        let reach = MPReachNLRI(family: .ipv4Unicast, nextHop: nh,
                                nlri: .prefixes(NLRIList([NLRI(prefix: IPPrefix("203.0.113.0/24")!)], afi: .ipv4, addPath: false)))
        try golden(.mpReachNLRI(reach), [0x80, 0x0E, 0x29, 0x00, 0x01, 0x01, 0x20] + nh + [0x00, 24, 203, 0, 113])
        #expect(reach.nextHopAddresses?.linkLocal == IPv6Address("fe80::1"))
    }

    @Test func mpReachOtherSafiIsOpaqueAndSNPAByteIgnored() throws {
        // AFI 1 SAFI 128 (VPN): next hop 12 bytes (RD + IPv4), NLRI kept as bytes.
        let nh: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0, 192, 0, 2, 1]
        let nlri: [UInt8] = [0x70, 0x00, 0x01, 0x01, 0, 1, 0, 0, 0, 1, 10, 0, 0]
        let value: [UInt8] = [0x00, 0x01, 0x80, 0x0C] + nh + [0x00] + nlri
        let reach = MPReachNLRI(family: AddressFamily(afi: .ipv4, safi: .mplsVPN), nextHop: nh, nlri: .opaque(nlri))
        try golden(.mpReachNLRI(reach), [0x80, 0x0E, UInt8(value.count)] + value)
        // A non-zero reserved (old SNPA count) byte is ignored on receipt (RFC 4760 §3).
        var withSNPA = [0x80, 0x0E, UInt8(value.count)] + value
        withSNPA[3 + 4 + 12] = 0x01
        #expect(try decodeOne(withSNPA) == .mpReachNLRI(reach))
    }

    @Test func mpUnreach() throws {
        // AFI 2 SAFI 1, withdrawn 2001:db8::/32.
        let w: [UInt8] = [32, 0x20, 0x01, 0x0D, 0xB8]
        let un = MPUnreachNLRI(family: .ipv6Unicast, withdrawn: .prefixes(try NLRIList(validating: w[...], afi: .ipv6, addPath: false)))
        try golden(.mpUnreachNLRI(un), [0x80, 0x0F, 0x08, 0x00, 0x02, 0x01] + w)
    }

    @Test func extendedAndLargeCommunitiesOTC() throws {
        // Route target 0x0002 65001:100.
        try golden(.extendedCommunities([ExtendedCommunity(rawValue: 0x0002_FDE9_0000_0064)]),
                   [0xC0, 0x10, 0x08, 0x00, 0x02, 0xFD, 0xE9, 0x00, 0x00, 0x00, 0x64])
        try golden(.largeCommunities([LargeCommunity(4_200_000_000, 1, 2)]),
                   [0xC0, 0x20, 0x0C, 0xFA, 0x56, 0xEA, 0x00, 0, 0, 0, 1, 0, 0, 0, 2])
        try golden(.onlyToCustomer(65001), [0xC0, 0x23, 0x04, 0x00, 0x00, 0xFD, 0xE9])
    }

    @Test func as4Path() throws {
        let path = ASPath(segments: [ASPathSegment(type: .sequence, asns: [4_200_000_000])])
        try golden(.as4Path(path), [0xC0, 0x11, 0x06, 0x02, 0x01, 0xFA, 0x56, 0xEA, 0x00], F.twoOctet)
    }

    @Test func unknownAttributeKeptWithFlags() throws {
        // Optional transitive partial, code 99, 3 bytes.
        let u = UnknownAttribute(flags: [.optional, .transitive, .partial], code: AttributeCode(rawValue: 99), value: [1, 2, 3])
        try golden(.unknown(u), [0xE0, 0x63, 0x03, 0x01, 0x02, 0x03])
    }

    @Test func extendedLengthOnlyAbove255() throws {
        // 63 communities = 252 bytes: one-byte length. 64 = 256 bytes: Extended Length (0x10), two-byte length.
        let c63 = (0..<63).map { Community(rawValue: UInt32($0)) }
        #expect(Array(PathAttribute.communities(c63).encoded(context: F.fourOctet).prefix(3)) == [0xC0, 0x08, 252])
        let c64 = (0..<64).map { Community(rawValue: UInt32($0)) }
        let e = PathAttribute.communities(c64).encoded(context: F.fourOctet)
        #expect(Array(e.prefix(4)) == [0xD0, 0x08, 0x01, 0x00])
        #expect(try decodeOne(e) == .communities(c64))
        // Extended Length on a short attribute is accepted on receipt.
        #expect(try decodeOne([0x50, 0x01, 0x00, 0x01, 0x02]) == .origin(.incomplete))
    }

    @Test func passingOnUnknownAttributes() {
        let transitive = PathAttribute.unknown(UnknownAttribute(flags: [.optional, .transitive], code: AttributeCode(rawValue: 99), value: [7]))
        let nonTransitive = PathAttribute.unknown(UnknownAttribute(flags: [.optional], code: AttributeCode(rawValue: 98), value: [7]))
        #expect(transitive.passingOn()?.flags == [.optional, .transitive, .partial])
        #expect(transitive.passingOn()?.encoded(context: F.fourOctet) == [0xE0, 0x63, 0x01, 0x07])
        #expect(nonTransitive.passingOn() == nil)
        #expect(PathAttribute.multiExitDisc(5).passingOn() == .multiExitDisc(5))
        let u = UpdateMessage(attributes: [.origin(.igp), transitive, nonTransitive])
        #expect(u.passingOn().attributes.count == 2)
    }

    @Test func descriptionsDoNotTrap() {
        let attrs: [PathAttribute] = [
            .origin(.egp), .asPath(ASPath(segments: [ASPathSegment(type: .sequence, asns: [1, 2]), ASPathSegment(type: .set, asns: [3, 4])])),
            .communities([.noExport]), .largeCommunities([LargeCommunity(1, 2, 3)]),
            .mpUnreachNLRI(MPUnreachNLRI(family: .ipv6Unicast, withdrawn: .opaque([1]))),
        ]
        #expect(attrs[1].description == "AS_PATH [1 2 {3,4}]")
        #expect(attrs[2].description == "COMMUNITIES 65535:65281")
        #expect(UpdateMessage(attributes: attrs).description.hasPrefix("UPDATE; ORIGIN EGP"))
    }
}
