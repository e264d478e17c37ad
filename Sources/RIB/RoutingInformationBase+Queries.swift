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
        case .v4(let p): handle = ipv4.adjRIBOut[peer.index].advertised[p]
        case .v6(let p): handle = ipv6.adjRIBOut[peer.index].advertised[p]
        }
        return handle.map { context.attributes[$0] }
    }

    /// Every prefix with a best path, both families (unordered).
    public var locRIBPrefixes: [IPPrefix] {
        ipv4.locRIB.keys.map { .v4($0) } + ipv6.locRIB.keys.map { .v6($0) }
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
