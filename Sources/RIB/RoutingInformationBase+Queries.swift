/// Reading the RIB: best paths and multipath sets for the kernel writer, every path of a
/// prefix for `swiftletctl routes`, and the per-peer counts `swiftletctl peers` shows.
import BGPWire
import NetCore

extension RoutingInformationBase {
    /// The best path of `prefix`, nil when unreachable.
    public func bestRoute(for prefix: IPPrefix) -> Route? {
        let reference: PathReference?
        switch prefix {
        case .v4(let p): reference = ipv4.best(p)
        case .v6(let p): reference = ipv6.best(p)
        }
        return reference.map { route(prefix, $0) }
    }

    /// The multipath set of `prefix`, best first (just the best path when none is equal to it).
    public func multipathRoutes(for prefix: IPPrefix) -> [Route] {
        switch prefix {
        case .v4(let p): ipv4.multipathSet(p).map { route(prefix, $0) }
        case .v6(let p): ipv6.multipathSet(p).map { route(prefix, $0) }
        }
    }

    /// Every path of `prefix` in every Adj-RIB-In (the best among them per `bestRoute`).
    public func routes(for prefix: IPPrefix) -> [Route] {
        let paths: [DecisionPath]
        switch prefix {
        case .v4(let p): paths = ipv4.candidates(p, context: context)
        case .v6(let p): paths = ipv6.candidates(p, context: context)
        }
        return paths.map { Route(prefix: prefix, pathID: $0.reference.pathID, attributes: $0.attributes, source: $0.source) }
    }

    private func route(_ prefix: IPPrefix, _ reference: PathReference) -> Route {
        let path = context.decisionPath(reference)
        return Route(prefix: prefix, pathID: reference.pathID, attributes: path.attributes, source: path.source)
    }

    /// Paths accepted from `peer` in `family` (prefixes × ADD-PATH path IDs).
    public func acceptedPathCount(from peer: PeerID, family: AddressFamily) -> Int {
        guard peer.index < ipv4.adjRIBIn.count else { return 0 }
        switch family {
        case .ipv4Unicast: return ipv4.adjRIBIn[peer.index].pathCount
        case .ipv6Unicast: return ipv6.adjRIBIn[peer.index].pathCount
        default: return 0
        }
    }

    /// Prefixes `peer` currently has from us in `family` (sent, not counting pending changes).
    public func advertisedCount(to peer: PeerID, family: AddressFamily) -> Int {
        guard peer.index < ipv4.adjRIBOut.count else { return 0 }
        switch family {
        case .ipv4Unicast: return ipv4.adjRIBOut[peer.index].advertised.count
        case .ipv6Unicast: return ipv6.adjRIBOut[peer.index].advertised.count
        default: return 0
        }
    }

    /// The attributes `peer` was last sent for `prefix`, nil when not advertised.
    public func advertisedAttributes(to peer: PeerID, prefix: IPPrefix) -> AttributeSet? {
        guard peer.index < ipv4.adjRIBOut.count else { return nil }
        let handle: AttributeHandle?
        switch prefix {
        case .v4(let p): handle = ipv4.adjRIBOut[peer.index].advertised[PrefixKey(p)]
        case .v6(let p): handle = ipv6.adjRIBOut[peer.index].advertised[PrefixKey(p)]
        }
        return handle.map { context.attributes[$0] }
    }

    /// Every prefix with a best path, both families (unordered).
    public var locRIBPrefixes: [IPPrefix] {
        ipv4.locRIB.keys.map { .v4($0.prefix) } + ipv6.locRIB.keys.map { .v6($0.prefix) }
    }

    /// Prefixes with a best path in `family`.
    public func locRIBCount(_ family: AddressFamily) -> Int {
        switch family {
        case .ipv4Unicast: ipv4.locRIB.count
        case .ipv6Unicast: ipv6.locRIB.count
        default: 0
        }
    }
}

/// A Loc-RIB change as the kernel writer needs it: the prefix's multipath next hops (best
/// first; empty when the prefix is unreachable or locally originated) and whether the best
/// path is locally originated.
public struct LocRIBChange: Hashable, Sendable {
    public var prefix: IPPrefix
    public var nextHops: [IPAddress]
    public var isLocal: Bool
    public init(prefix: IPPrefix, nextHops: [IPAddress], isLocal: Bool) {
        self.prefix = prefix; self.nextHops = nextHops; self.isLocal = isLocal
    }
}

extension RoutingInformationBase {
    /// The current state of each prefix in `changed` (what an operation returned), each
    /// prefix once.
    public func locRIBChanges(_ changed: [IPPrefix]) -> [LocRIBChange] {
        var out: [LocRIBChange] = []
        out.reserveCapacity(changed.count)
        // A prefix is listed twice only when one operation changed it twice. Short lists (most
        // real UPDATEs carry a few prefixes) are deduplicated by scanning, long ones by a set.
        let scan = changed.count <= 16
        var seen4 = Set<PrefixKey<IPv4Prefix>>(minimumCapacity: scan ? 0 : changed.count)
        var seen6 = Set<PrefixKey<IPv6Prefix>>()
        for (i, prefix) in changed.enumerated() {
            let state: (nextHops: [IPAddress], isLocal: Bool)
            if scan, changed[..<i].contains(prefix) { continue }
            switch prefix {
            case .v4(let p):
                guard scan || seen4.insert(PrefixKey(p)).inserted else { continue }
                state = ipv4.nextHops(p, table: context.attributes)
            case .v6(let p):
                guard scan || seen6.insert(PrefixKey(p)).inserted else { continue }
                state = ipv6.nextHops(p, table: context.attributes)
            }
            out.append(LocRIBChange(prefix: prefix, nextHops: state.nextHops, isLocal: state.isLocal))
        }
        return out
    }
}
