/// Property tests (swift-property-based): over generated UPDATEs (every attribute kind, both AS
/// widths, ADD-PATH on and off, IPv4/IPv6 and opaque MP families, long attributes), encode then
/// decode is the identity; and decoding mutated or truncated encodings never traps.
import Testing
import PropertyBased
@testable import BGPWire
import NetCore

/// A generated UPDATE and the session facts it was generated for.
struct GeneratedUpdate: Sendable, CustomStringConvertible {
    var update: UpdateMessage
    var context: DecodeContext
    var description: String { "\(update) [fourOctetAS=\(context.fourOctetAS) addPath=\(context.addPathReceive.sorted())]" }
}

private struct UpdateRNG: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Builds UPDATEs in the canonical form the decoder reports (MP attributes first, each type once,
/// no empty lists, AS numbers that fit the session's width in AS_PATH/AGGREGATOR).
enum UpdateGen {
    static func bytes(_ r: ClosedRange<Int>, _ g: inout some RandomNumberGenerator) -> [UInt8] {
        (0..<Int.random(in: r, using: &g)).map { _ in UInt8.random(in: 0...255, using: &g) }
    }

    static func u32(_ g: inout some RandomNumberGenerator) -> UInt32 { .random(in: 0...UInt32.max, using: &g) }

    static func asn(fits twoOctet: Bool, _ g: inout some RandomNumberGenerator) -> ASN {
        ASN(twoOctet ? .random(in: 0...0xFFFF, using: &g) : u32(&g))
    }

    static func path(twoOctet: Bool, confed: Bool, _ g: inout some RandomNumberGenerator) -> ASPath {
        let types: [ASPathSegmentType] = confed ? [.sequence, .set, .confedSequence, .confedSet] : [.sequence, .set]
        return ASPath(segments: (0..<Int.random(in: 0...3, using: &g)).map { _ in
            ASPathSegment(type: types.randomElement(using: &g) ?? .sequence,
                          asns: (0..<Int.random(in: 1...12, using: &g)).map { _ in asn(fits: twoOctet, &g) })
        })
    }

    static func prefix(_ afi: AFI, _ g: inout some RandomNumberGenerator) -> IPPrefix {
        if afi == .ipv4 {
            // Force unwrap is safe: length ≤ 32.
            return .v4(IPv4Prefix(address: IPv4Address(rawValue: u32(&g)), length: .random(in: 0...32, using: &g))!)
        }
        return .v6(IPv6Prefix(address: IPv6Address(high: .random(in: 0...UInt64.max, using: &g), low: .random(in: 0...UInt64.max, using: &g)),
                              length: .random(in: 0...128, using: &g))!)
    }

    static func list(_ afi: AFI, addPath: Bool, max: Int, _ g: inout some RandomNumberGenerator) -> NLRIList {
        let entries = (0..<Int.random(in: 0...max, using: &g)).map { _ in
            NLRI(prefix: prefix(afi, &g), pathID: addPath ? u32(&g) : nil)
        }
        return NLRIList(entries, afi: afi, addPath: addPath)
    }

    static func mpNLRI(_ family: AddressFamily, _ ctx: DecodeContext, _ g: inout some RandomNumberGenerator) -> MPNLRI {
        family.hasPrefixNLRI ? .prefixes(list(family.afi, addPath: ctx.addPath(family), max: 6, &g)) : .opaque(bytes(0...20, &g))
    }

    static func family(_ g: inout some RandomNumberGenerator) -> AddressFamily {
        [AddressFamily.ipv4Unicast, .ipv6Unicast, AddressFamily(afi: .ipv6, safi: .multicast),
         AddressFamily(afi: .ipv4, safi: .mplsVPN), AddressFamily(afi: AFI(rawValue: 25), safi: SAFI(rawValue: 70))]
            .randomElement(using: &g) ?? .ipv6Unicast
    }

    static func nextHop(_ family: AddressFamily, _ g: inout some RandomNumberGenerator) -> [UInt8] {
        guard family.hasPrefixNLRI else { return bytes(0...24, &g) }
        let lengths = family.afi == .ipv4 ? [4, 16, 32] : [16, 32]
        return bytes(0...0, &g) + (0..<(lengths.randomElement(using: &g) ?? 16)).map { _ in UInt8.random(in: 0...255, using: &g) }
    }

    static let unknownCodes: [UInt8] = [11, 12, 13, 19, 22, 26, 29, 33, 34, 40, 128, 255]

    static func generate(_ g: inout some RandomNumberGenerator) -> GeneratedUpdate {
        let four = Bool.random(using: &g)
        var ctx = DecodeContext(fourOctetAS: four)
        if Bool.random(using: &g) { ctx.addPathReceive.insert(.ipv4Unicast) }
        if Bool.random(using: &g) { ctx.addPathReceive.insert(.ipv6Unicast) }
        let v4AddPath = ctx.addPath(.ipv4Unicast)
        let withdrawn = list(.ipv4, addPath: v4AddPath, max: 5, &g)
        let nlri = list(.ipv4, addPath: v4AddPath, max: 5, &g)

        var attrs: [PathAttribute] = []
        if Int.random(in: 0...3, using: &g) == 0 {
            let f = family(&g)
            attrs.append(.mpUnreachNLRI(MPUnreachNLRI(family: f, withdrawn: mpNLRI(f, ctx, &g))))
        }
        var mpHasNLRI = false
        if Int.random(in: 0...2, using: &g) == 0 {
            let f = family(&g)
            let reach = MPReachNLRI(family: f, nextHop: nextHop(f, &g), nlri: mpNLRI(f, ctx, &g))
            mpHasNLRI = !reach.nlri.isEmpty
            attrs.append(.mpReachNLRI(reach))
        }
        let needed = !nlri.isEmpty || mpHasNLRI
        var optional: [PathAttribute] = []
        if needed || Bool.random(using: &g) { optional.append(.origin([Origin.igp, .egp, .incomplete].randomElement(using: &g) ?? .igp)) }
        if needed || Bool.random(using: &g) { optional.append(.asPath(path(twoOctet: !four, confed: true, &g))) }
        if !nlri.isEmpty || Bool.random(using: &g) { optional.append(.nextHop(IPv4Address(rawValue: u32(&g)))) }
        if Bool.random(using: &g) { optional.append(.multiExitDisc(u32(&g))) }
        if Bool.random(using: &g) { optional.append(.localPref(u32(&g))) }
        if Bool.random(using: &g) { optional.append(.atomicAggregate) }
        if Bool.random(using: &g) { optional.append(.aggregator(Aggregator(asn: asn(fits: !four, &g), address: IPv4Address(rawValue: u32(&g))))) }
        if Bool.random(using: &g) {
            // Up to 80 communities: sometimes over 255 bytes (Extended Length).
            optional.append(.communities((0..<Int.random(in: 1...80, using: &g)).map { _ in Community(rawValue: u32(&g)) }))
        }
        if Bool.random(using: &g) { optional.append(.originatorID(RouterID(rawValue: u32(&g)))) }
        if Bool.random(using: &g) { optional.append(.clusterList((0..<Int.random(in: 1...5, using: &g)).map { _ in u32(&g) })) }
        if Bool.random(using: &g) {
            optional.append(.extendedCommunities((0..<Int.random(in: 1...5, using: &g)).map { _ in
                ExtendedCommunity(rawValue: .random(in: 0...UInt64.max, using: &g)) }))
        }
        if !four, Bool.random(using: &g) {
            var p4 = path(twoOctet: false, confed: false, &g)
            if p4.segments.isEmpty { p4.segments = [ASPathSegment(type: .sequence, asns: [ASN(u32(&g))])] }
            optional.append(.as4Path(p4))
        }
        if !four, Bool.random(using: &g) { optional.append(.as4Aggregator(Aggregator(asn: ASN(u32(&g)), address: IPv4Address(rawValue: u32(&g))))) }
        if Bool.random(using: &g) {
            optional.append(.largeCommunities((0..<Int.random(in: 1...4, using: &g)).map { _ in LargeCommunity(u32(&g), u32(&g), u32(&g)) }))
        }
        if Bool.random(using: &g) { optional.append(.onlyToCustomer(ASN(u32(&g)))) }
        for code in unknownCodes where Int.random(in: 0...5, using: &g) == 0 {
            let flags = [AttributeFlags.optional, [.optional, .transitive], [.optional, .transitive, .partial]]
                .randomElement(using: &g) ?? .optional
            optional.append(.unknown(UnknownAttribute(flags: flags, code: AttributeCode(rawValue: code), value: bytes(0...300, &g))))
        }
        optional.shuffle(using: &g)
        return GeneratedUpdate(update: UpdateMessage(withdrawn: withdrawn, attributes: attrs + optional, nlri: nlri), context: ctx)
    }

    static let updates = Generator<GeneratedUpdate, Shrink.None<GeneratedUpdate>> { g in generate(&g) }
}

@Suite("UPDATE round trips")
struct UpdatePropertyTests {
    @Test func encodeThenDecodeIsIdentity() async {
        await propertyCheck(count: 500, input: UpdateGen.updates) { (generated) throws in
            let bytes = generated.update.encode(context: generated.context)
            let decoded = try UpdateMessage.decode(body: bytes[...], context: generated.context)
            #expect(decoded == generated.update)
            #expect(decoded.attributeErrors.isEmpty)
            // And each attribute alone through the public single-attribute entry point.
            for a in generated.update.attributes {
                let e = a.encoded(context: generated.context)
                let start = e[0] & 0x10 != 0 ? 4 : 3
                let back = try PathAttribute.decode(flags: AttributeFlags(rawValue: e[0]), code: a.code, value: e[start...],
                                                    context: generated.context)
                #expect(back == a)
            }
        }
    }

    @Test func mutatedBytesNeverTrap() async {
        await propertyCheck(count: 500, input: UpdateGen.updates, Gen.int(in: 0...Int(UInt32.max))) { (generated, seed) in
            var g = UpdateRNG(state: UInt64(seed))
            var bytes = generated.update.encode(context: generated.context)
            guard !bytes.isEmpty else { return }
            // Flip a few bytes, then cut the end at random.
            for _ in 0..<Int.random(in: 1...4, using: &g) {
                bytes[Int.random(in: 0..<bytes.count, using: &g)] = .random(in: 0...255, using: &g)
            }
            bytes.removeLast(Int.random(in: 0...min(8, bytes.count), using: &g))
            for ctx in [generated.context, DecodeContext(fourOctetAS: !generated.context.fourOctetAS)] {
                if let u = try? UpdateMessage.decode(body: bytes[...], context: ctx) {
                    _ = u.encode(context: ctx)
                    _ = u.description
                    _ = u.effectiveASPath
                }
            }
        }
    }
}
