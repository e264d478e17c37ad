/// Conversion between an OPEN's capability list and `CapabilitySet` (RFC 5492 §4).
import BGPWire
import NetCore

extension CapabilitySet {
    /// Folds a received list: repeated capabilities of list-like kinds are merged, as RFC 5492
    /// §4 allows a capability to appear more than once.
    public init(_ capabilities: [Capability]) {
        self.init()
        for capability in capabilities { add(capability) }
    }

    private mutating func add(_ capability: Capability) {
        switch capability {
        case .multiprotocol(let family): multiprotocol.insert(family)
        case .routeRefresh: routeRefresh = true
        case .extendedNextHop(let entries): extendedNextHop.formUnion(entries)
        case .extendedMessage: extendedMessage = true
        case .role(let role): roles.append(role)
        case .gracefulRestart(let gr): gracefulRestart = gr
        case .fourOctetAS(let asn): fourOctetAS = asn
        case .addPath(let families):
            for entry in families { addPath[entry.family] = entry.mode }
        case .enhancedRouteRefresh: enhancedRouteRefresh = true
        case .longLivedGracefulRestart(let llgr): longLivedGracefulRestart = llgr
        case .fqdn(let hostname, let domain): fqdn = FQDN(hostname: hostname, domain: domain)
        case .unknown: other.append(capability)
        }
    }

    /// The list to put in an OPEN, in capability code order with families sorted, so the same set
    /// always encodes to the same bytes.
    public var capabilities: [Capability] {
        var out: [Capability] = multiprotocol.sorted().map { .multiprotocol($0) }
        if routeRefresh { out.append(.routeRefresh) }
        if !extendedNextHop.isEmpty { out.append(.extendedNextHop(extendedNextHop.sorted(by: Self.entryOrder))) }
        if extendedMessage { out.append(.extendedMessage) }
        out += roles.map { .role($0) }
        if let gracefulRestart { out.append(.gracefulRestart(gracefulRestart)) }
        if let fourOctetAS { out.append(.fourOctetAS(fourOctetAS)) }
        if !addPath.isEmpty {
            out.append(.addPath(addPath.keys.sorted().map { AddPathFamily(family: $0, mode: addPath[$0] ?? []) }))
        }
        if enhancedRouteRefresh { out.append(.enhancedRouteRefresh) }
        if let longLivedGracefulRestart { out.append(.longLivedGracefulRestart(longLivedGracefulRestart)) }
        if let fqdn { out.append(.fqdn(hostname: fqdn.hostname, domain: fqdn.domain)) }
        return out + other
    }

    private static func entryOrder(_ l: ExtendedNextHopEntry, _ r: ExtendedNextHopEntry) -> Bool {
        (l.family, l.nextHopAFI) < (r.family, r.nextHopAFI)
    }
}
