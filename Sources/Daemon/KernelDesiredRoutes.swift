/// `KernelDesiredRoutes`: the pure step from what BGP learned and this node's configuration to
/// the kernel routes swiftletd wants — `<prefix> via <next hops>` (equal-cost paths become one
/// multipath route) for routes in pools without encapsulation, a blackhole for each local block
/// (unallocated addresses inside it are dropped here, as Calico does). Pools that need an IPIP
/// or VXLAN tunnel are skipped and reported: the tunnel devices are not built yet.
import CalicoModel
import Kernel
import NetCore

public struct SkippedPool: Codable, Hashable, Sendable {
    public var name: String
    public var cidr: String
    /// Why its routes are not programmed (one line naming the pool and the encapsulation).
    public var reason: String
    /// Learned routes inside the pool that were not programmed.
    public var skippedRoutes: Int
}

public enum KernelDesiredRoutes {
    /// The desired kernel routes and the pools whose routes were skipped.
    public static func compute(learned: [IPPrefix: [IPAddress]], config: DesiredNodeConfig)
        -> (routes: [DesiredRoute], skipped: [SkippedPool]) {
        var skippedCounts: [String: Int] = [:]
        var routes: [DesiredRoute] = []
        let tunnelled = config.pools.filter { encapsulation($0) != nil }
        for (prefix, hops) in learned.sorted(by: { $0.key < $1.key }) where !hops.isEmpty {
            if let pool = tunnelled.first(where: { contains($0.cidr, prefix) }) {
                skippedCounts[pool.name, default: 0] += 1
                continue
            }
            var unique: [IPAddress] = []
            for h in hops where !unique.contains(h) { unique.append(h) }
            routes.append(.via(prefix, unique.map { DesiredNextHop(gateway: $0) }))
        }
        // Later entries win: a local block is always a blackhole here.
        routes += config.localBlocks.map { DesiredRoute.blackhole($0) }
        let skipped = tunnelled.map { pool in
            SkippedPool(name: pool.name, cidr: "\(pool.cidr)", reason: reason(pool),
                        skippedRoutes: skippedCounts[pool.name] ?? 0)
        }
        return (routes, skipped)
    }

    /// "ipipMode Always" / "vxlanMode CrossSubnet", nil for a pool routed directly.
    static func encapsulation(_ pool: DesiredNodeConfig.Pool) -> String? {
        if pool.ipipMode != .never { return "ipipMode \(pool.ipipMode.rawValue)" }
        if pool.vxlanMode != .never { return "vxlanMode \(pool.vxlanMode.rawValue)" }
        return nil
    }

    static func reason(_ pool: DesiredNodeConfig.Pool) -> String {
        let mode = encapsulation(pool) ?? "no encapsulation"
        let what = pool.ipipMode != .never
            ? "IPIP tunnels (tunl0) are not implemented in swiftletd yet (note: this kernel may also lack the ipip module)"
            : "VXLAN tunnels (vxlan.calico) are not implemented in swiftletd yet"
        return "IP pool \(pool.name) (\(pool.cidr)) uses \(mode): \(what); its routes are not programmed into the kernel "
            + "(only pools with ipipMode and vxlanMode Never are routed directly)"
    }

    /// Whether `inner` lies inside `outer` (same family).
    static func contains(_ outer: IPPrefix, _ inner: IPPrefix) -> Bool {
        switch (outer, inner) {
        case (.v4(let o), .v4(let i)): o.contains(i)
        case (.v6(let o), .v6(let i)): o.contains(i)
        default: false
        }
    }
}
