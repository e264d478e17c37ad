/// The decision process (RFC 4271 §9.1.2.2, with RFC 4456 §9), written as RFC 4271 writes it:
/// each rule removes from consideration the paths that are not the most preferred by its
/// criterion, and the rules run in order until one path is left. Removal over the whole set
/// (instead of pairwise comparison) keeps the MED rule, which only compares paths from the same
/// neighbouring AS, order-independent.
///
/// Order: locally originated first (a weight, as BIRD and FRR prefer local routes), highest
/// LOCAL_PREF (§9.1.1), shortest AS_PATH (AS_SET counts 1, confederation segments 0), lowest
/// ORIGIN, lowest MED among paths from the same neighbouring AS (missing MED = 0), eBGP over
/// iBGP — [multipath boundary] — (IGP cost to the next hop: skipped, every next hop is taken as
/// equally near: the node has no IGP), lowest ORIGINATOR_ID or router ID, shortest CLUSTER_LIST,
/// lowest peer address, lowest ADD-PATH path ID (only paths from one peer can still tie).
///
/// Multipath: the paths left after the eBGP-over-iBGP step are equal (as BIRD's and FRR's
/// multipath: equal up to and excluding the router-ID tie-break). Among eBGP paths only those
/// from the best path's neighbouring AS stay unless `multipathRelaxNeighborAS`.
import BGPWire
import NetCore

/// A rule of the decision process: the paths it keeps.
public typealias DecisionRule = @Sendable ([DecisionPath]) -> [DecisionPath]

/// RFC 4271 §9.1.2.2 and RFC 4456 §9.
public enum DecisionProcess {
    /// Rules that define equal-cost paths (up to the multipath boundary).
    public static let equalCostRules: [DecisionRule] = [
        preferLocallyOriginated, highestLocalPreference, shortestASPath, lowestOrigin,
        lowestMultiExitDisc, preferExternal,
    ]
    /// Tie-breaks after the multipath boundary.
    public static let tieBreakRules: [DecisionRule] = [
        lowestRouterID, shortestClusterList, lowestPeerAddress, lowestPathID,
    ]

    /// Locally originated routes win over learned ones.
    public static func preferLocallyOriginated(_ paths: [DecisionPath]) -> [DecisionPath] {
        paths.contains { $0.source.isLocal } ? paths.filter { $0.source.isLocal } : paths
    }

    /// §9.1.1: the highest degree of preference (LOCAL_PREF).
    public static func highestLocalPreference(_ paths: [DecisionPath]) -> [DecisionPath] {
        keepLowest(paths) { UInt32.max - $0.localPreference }
    }

    /// §9.1.2.2 a: the fewest AS numbers in AS_PATH (`ASPath.length`).
    public static func shortestASPath(_ paths: [DecisionPath]) -> [DecisionPath] {
        keepLowest(paths) { $0.attributes.asPath.length }
    }

    /// §9.1.2.2 b: the lowest ORIGIN (IGP < EGP < INCOMPLETE).
    public static func lowestOrigin(_ paths: [DecisionPath]) -> [DecisionPath] {
        keepLowest(paths) { $0.attributes.origin.rawValue }
    }

    /// §9.1.2.2 c: a path is removed when another path from the same neighbouring AS has a
    /// lower MED. Paths from different neighbouring ASes are not compared.
    public static func lowestMultiExitDisc(_ paths: [DecisionPath]) -> [DecisionPath] {
        var lowest: [ASN?: UInt32] = [:]
        for p in paths {
            let key = p.neighborAS
            lowest[key] = min(lowest[key] ?? .max, p.multiExitDisc)
        }
        return paths.filter { $0.multiExitDisc == lowest[$0.neighborAS] }
    }

    /// §9.1.2.2 d: paths learned over eBGP win over paths learned over iBGP.
    public static func preferExternal(_ paths: [DecisionPath]) -> [DecisionPath] {
        paths.contains { $0.source.isExternal } ? paths.filter { $0.source.isExternal } : paths
    }

    /// §9.1.2.2 f with RFC 4456 §9: the lowest ORIGINATOR_ID, or router ID without one.
    public static func lowestRouterID(_ paths: [DecisionPath]) -> [DecisionPath] {
        keepLowest(paths) { $0.effectiveRouterID.rawValue }
    }

    /// RFC 4456 §9: the shortest CLUSTER_LIST.
    public static func shortestClusterList(_ paths: [DecisionPath]) -> [DecisionPath] {
        keepLowest(paths) { $0.attributes.clusterList.count }
    }

    /// §9.1.2.2 g: the lowest peer address (locally originated routes have none and sort first).
    public static func lowestPeerAddress(_ paths: [DecisionPath]) -> [DecisionPath] {
        keepLowest(paths) { PeerAddressKey($0.source.address) }
    }

    /// Last resort for ADD-PATH paths of one peer: the lowest path identifier.
    public static func lowestPathID(_ paths: [DecisionPath]) -> [DecisionPath] {
        keepLowest(paths) { $0.reference.pathID }
    }

    /// The paths whose `key` is the minimum.
    static func keepLowest<K: Comparable>(_ paths: [DecisionPath], _ key: (DecisionPath) -> K) -> [DecisionPath] {
        guard let best = paths.map(key).min() else { return paths }
        return paths.filter { key($0) == best }
    }

    /// Runs every rule; returns the best path and the multipath set (best first, at most
    /// `maximumPaths`). `paths` must not be empty.
    public static func select(_ paths: [DecisionPath], maximumPaths: Int = 1,
                              relaxNeighborAS: Bool = false) -> (best: DecisionPath, multipath: [DecisionPath]) {
        precondition(!paths.isEmpty, "DecisionProcess.select needs at least one path")
        var equal = paths
        for rule in equalCostRules where equal.count > 1 { equal = rule(equal) }
        var remaining = equal
        for rule in tieBreakRules where remaining.count > 1 { remaining = rule(remaining) }
        let best = remaining[0]
        return (best, multipathSet(best: best, equal: equal, maximumPaths: maximumPaths, relax: relaxNeighborAS))
    }

    /// The equal-cost paths usable together: the best first, then the others in tie-break order.
    static func multipathSet(best: DecisionPath, equal: [DecisionPath], maximumPaths: Int,
                             relax: Bool) -> [DecisionPath] {
        guard maximumPaths > 1, equal.count > 1 else { return [best] }
        var others = equal.filter { $0.reference != best.reference && !$0.source.isLocal }
        if best.source.isExternal && !relax { others = others.filter { $0.neighborAS == best.neighborAS } }
        others.sort { tieBreakOrder($0, $1) }
        return [best] + others.prefix(maximumPaths - 1)
    }

    /// The order the tie-break rules impose (used to order a multipath set).
    static func tieBreakOrder(_ a: DecisionPath, _ b: DecisionPath) -> Bool {
        (a.effectiveRouterID.rawValue, a.attributes.clusterList.count, PeerAddressKey(a.source.address), a.reference.pathID)
            < (b.effectiveRouterID.rawValue, b.attributes.clusterList.count, PeerAddressKey(b.source.address), b.reference.pathID)
    }
}

/// Peer address order for §9.1.2.2 g: none (local) first, then IPv4, then IPv6.
struct PeerAddressKey: Comparable {
    let address: IPAddress?
    init(_ address: IPAddress?) { self.address = address }
    static func < (l: PeerAddressKey, r: PeerAddressKey) -> Bool {
        switch (l.address, r.address) {
        case (nil, nil): false
        case (nil, _): true
        case (_, nil): false
        case let (a?, b?): a < b
        }
    }
}
