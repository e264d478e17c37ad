/// The path attributes of a route (RFC 4271 §5) without the NLRI-carrying MP_REACH_NLRI /
/// MP_UNREACH_NLRI (RFC 4760) and without AS4_PATH / AS4_AGGREGATOR, which are merged into
/// AS_PATH / AGGREGATOR on receipt (RFC 6793 §4.2.3) and re-derived by the encoder on send.
/// Stored once per distinct value in an `AttributeTable`.
import BGPWire
import NetCore

/// One route's path attributes, interned and shared by every route that carries them.
public struct AttributeSet: Hashable, Sendable {
    /// ORIGIN (§5.1.1).
    public var origin: Origin
    /// AS_PATH with 4-octet numbers (§5.1.2, RFC 6793).
    public var asPath: ASPath
    /// NEXT_HOP (§5.1.3) for IPv4, or the global next hop of MP_REACH_NLRI (RFC 4760 §3,
    /// RFC 2545 §3). nil for a locally originated route (next hop self on export).
    public var nextHop: IPAddress?
    /// The link-local half of a 32-byte IPv6 next hop (RFC 2545 §3).
    public var linkLocalNextHop: IPv6Address?
    /// MULTI_EXIT_DISC (§5.1.4).
    public var med: UInt32?
    /// LOCAL_PREF (§5.1.5).
    public var localPref: UInt32?
    /// ATOMIC_AGGREGATE (§5.1.6).
    public var atomicAggregate: Bool
    /// AGGREGATOR (§5.1.7), 4-octet AS.
    public var aggregator: Aggregator?
    /// COMMUNITIES (RFC 1997).
    public var communities: [Community]
    /// EXTENDED_COMMUNITIES (RFC 4360).
    public var extendedCommunities: [ExtendedCommunity]
    /// LARGE_COMMUNITY (RFC 8092).
    public var largeCommunities: [LargeCommunity]
    /// ORIGINATOR_ID (RFC 4456 §8).
    public var originatorID: RouterID?
    /// CLUSTER_LIST (RFC 4456 §8), first element most recent.
    public var clusterList: [UInt32]
    /// OTC (RFC 9234 §5).
    public var onlyToCustomer: ASN?
    /// Attributes this implementation does not interpret, kept for passing on (§5).
    public var unknown: [UnknownAttribute]

    public init(origin: Origin = .igp, asPath: ASPath = .empty, nextHop: IPAddress? = nil,
                linkLocalNextHop: IPv6Address? = nil, med: UInt32? = nil, localPref: UInt32? = nil,
                atomicAggregate: Bool = false, aggregator: Aggregator? = nil, communities: [Community] = [],
                extendedCommunities: [ExtendedCommunity] = [], largeCommunities: [LargeCommunity] = [],
                originatorID: RouterID? = nil, clusterList: [UInt32] = [], onlyToCustomer: ASN? = nil,
                unknown: [UnknownAttribute] = []) {
        self.origin = origin; self.asPath = asPath; self.nextHop = nextHop
        self.linkLocalNextHop = linkLocalNextHop; self.med = med; self.localPref = localPref
        self.atomicAggregate = atomicAggregate; self.aggregator = aggregator; self.communities = communities
        self.extendedCommunities = extendedCommunities; self.largeCommunities = largeCommunities
        self.originatorID = originatorID; self.clusterList = clusterList; self.onlyToCustomer = onlyToCustomer
        self.unknown = unknown
    }

    /// The attributes of a received UPDATE, with AS_PATH/AS4_PATH and AGGREGATOR/AS4_AGGREGATOR
    /// merged (RFC 6793 §4.2.3). The next hop is left nil: it depends on the family.
    /// One pass over the attributes (the typed accessors of `UpdateMessage` scan the list once
    /// each); the first ORIGIN, AS_PATH, AS4_PATH, AGGREGATOR and AS4_AGGREGATOR count, as there.
    public init(received update: UpdateMessage) {
        self.init()
        var receivedOrigin: Origin?
        var path: ASPath?, path4: ASPath?
        var agg: Aggregator?, agg4: Aggregator?
        for attribute in update.attributes {
            switch attribute {
            case .origin(let o): if receivedOrigin == nil { receivedOrigin = o }
            case .asPath(let p): if path == nil { path = p }
            case .as4Path(let p): if path4 == nil { path4 = p }
            case .aggregator(let a): if agg == nil { agg = a }
            case .as4Aggregator(let a): if agg4 == nil { agg4 = a }
            default: absorb(attribute)
            }
        }
        origin = receivedOrigin ?? .incomplete
        // RFC 6793 §4.2.3, as `UpdateMessage.effectiveASPath` / `effectiveAggregator`.
        if let path {
            // AS4_PATH is ignored when an OLD speaker aggregated after it was made.
            let aggregatedByOld = (agg.map { $0.asn != ASN.trans } ?? false) && agg4 != nil
            if let path4, !aggregatedByOld {
                asPath = path.merging(as4Path: path4)
            } else {
                asPath = path
            }
        }
        if let agg { aggregator = agg.asn == ASN.trans ? (agg4 ?? agg) : agg }
    }

    private mutating func absorb(_ attribute: PathAttribute) {
        switch attribute {
        case .multiExitDisc(let v): med = v
        case .localPref(let v): localPref = v
        case .atomicAggregate: atomicAggregate = true
        case .communities(let c): communities = c
        case .extendedCommunities(let c): extendedCommunities = c
        case .largeCommunities(let c): largeCommunities = c
        case .originatorID(let r): originatorID = r
        case .clusterList(let c): clusterList = c
        case .onlyToCustomer(let a): onlyToCustomer = a
        case .unknown(let u): unknown.append(u)
        case .origin, .asPath, .nextHop, .aggregator, .as4Path, .as4Aggregator, .mpReachNLRI, .mpUnreachNLRI:
            break
        }
    }

    /// The attributes of a locally originated route (a pod block or prefix advertisement):
    /// ORIGIN IGP, empty AS_PATH (RFC 4271 §5.1.2), no next hop (next hop self on export).
    public static func locallyOriginated(communities: [Community] = [],
                                         largeCommunities: [LargeCommunity] = []) -> AttributeSet {
        AttributeSet(origin: .igp, communities: communities, largeCommunities: largeCommunities)
    }

    /// True when `community` is attached (RFC 1997).
    public func has(_ community: Community) -> Bool { communities.contains(community) }

    /// The attributes to send, in type-code order, excluding MP_REACH_NLRI. NEXT_HOP is included
    /// when the next hop is IPv4 and `includeNextHop` (IPv4 NLRI in the classic field).
    public func pathAttributes(includeNextHop: Bool) -> [PathAttribute] {
        var out: [PathAttribute] = [.origin(origin), .asPath(asPath)]
        if includeNextHop, case .v4(let a)? = nextHop { out.append(.nextHop(a)) }
        if let med { out.append(.multiExitDisc(med)) }
        if let localPref { out.append(.localPref(localPref)) }
        if atomicAggregate { out.append(.atomicAggregate) }
        if let aggregator { out.append(.aggregator(aggregator)) }
        if !communities.isEmpty { out.append(.communities(communities)) }
        if let originatorID { out.append(.originatorID(originatorID)) }
        if !clusterList.isEmpty { out.append(.clusterList(clusterList)) }
        if !extendedCommunities.isEmpty { out.append(.extendedCommunities(extendedCommunities)) }
        if !largeCommunities.isEmpty { out.append(.largeCommunities(largeCommunities)) }
        if let onlyToCustomer { out.append(.onlyToCustomer(onlyToCustomer)) }
        for u in unknown.sorted(by: { $0.code < $1.code }) { out.append(.unknown(u)) }
        return out
    }

    /// The hash `AttributeTable` keys its index by: every field `==` compares, folded word by
    /// word into a keyed multiply-fold (wyhash's mix, as `mixHash`) instead of a `Hasher` fed
    /// field by field. Lists contribute their length, so adjacent lists cannot trade elements.
    func internHash(seed: UInt64) -> UInt64 {
        var f = FoldHash(seed: seed)
        var flags = UInt64(origin.rawValue) | (atomicAggregate ? 0x100 : 0)
        if med != nil { flags |= 0x200 }
        if localPref != nil { flags |= 0x400 }
        if aggregator != nil { flags |= 0x800 }
        if originatorID != nil { flags |= 0x1000 }
        if onlyToCustomer != nil { flags |= 0x2000 }
        if linkLocalNextHop != nil { flags |= 0x4000 }
        switch nextHop {
        case nil: break
        case .v4(let a)?: flags |= 0x8000; f.add(UInt64(a.rawValue))
        case .v6(let a)?: flags |= 0x10000; f.add(a.high); f.add(a.low)
        }
        f.add(flags | UInt64(asPath.segments.count) << 32)
        for s in asPath.segments {
            f.add(UInt64(s.type.rawValue) << 32 | UInt64(s.asns.count))
            f.addPairs(s.asns.count) { s.asns[$0].rawValue }
        }
        if let linkLocalNextHop { f.add(linkLocalNextHop.high); f.add(linkLocalNextHop.low) }
        f.add(UInt64(med ?? 0) << 32 | UInt64(localPref ?? 0))
        if let aggregator { f.add(UInt64(aggregator.asn.rawValue) << 32 | UInt64(aggregator.address.rawValue)) }
        f.add(UInt64(originatorID?.rawValue ?? 0) << 32 | UInt64(onlyToCustomer?.rawValue ?? 0))
        f.add(UInt64(communities.count) << 32 | UInt64(clusterList.count))
        f.addPairs(communities.count) { communities[$0].rawValue }
        f.addPairs(clusterList.count) { clusterList[$0] }
        f.add(UInt64(extendedCommunities.count) << 32 | UInt64(largeCommunities.count))
        for c in extendedCommunities { f.add(c.rawValue) }
        for c in largeCommunities {
            f.add(UInt64(c.globalAdministrator) << 32 | UInt64(c.localData1))
            f.add(UInt64(c.localData2))
        }
        f.add(UInt64(unknown.count))
        for u in unknown {
            f.add(UInt64(u.flags.rawValue) << 40 | UInt64(u.code.rawValue) << 32 | UInt64(u.value.count))
            var word: UInt64 = 0
            for (k, b) in u.value.enumerated() {
                word = word << 8 | UInt64(b)
                if k & 7 == 7 { f.add(word); word = 0 }
            }
            if u.value.count & 7 != 0 { f.add(word) }
        }
        return f.state
    }

    /// The MP_REACH_NLRI next-hop field (RFC 2545 §3: 16 bytes, or 32 with a link-local address).
    public var nextHopBytes: [UInt8] {
        guard let nextHop else { return [] }
        var bytes = nextHop.bytes
        if case .v6 = nextHop, let linkLocalNextHop { bytes += linkLocalNextHop.bytes }
        return bytes
    }
}

/// Folds 64-bit words into a keyed hash: wyhash's multiply-and-xor-halves per word.
struct FoldHash {
    private(set) var state: UInt64

    init(seed: UInt64) { state = seed ^ 0x2D35_8DCC_AA6C_78A5 }

    @inline(__always)
    mutating func add(_ word: UInt64) {
        let (high, low) = (state ^ word ^ 0xA076_1D64_78BD_642F).multipliedFullWidth(by: 0xE703_7ED1_A0B4_28DB)
        state = high ^ low
    }

    /// Adds `count` 32-bit values two to a word.
    @inline(__always)
    mutating func addPairs(_ count: Int, _ value: (Int) -> UInt32) {
        var k = 0
        while k + 1 < count {
            add(UInt64(value(k)) << 32 | UInt64(value(k + 1)))
            k += 2
        }
        if k < count { add(UInt64(value(k))) }
    }
}
