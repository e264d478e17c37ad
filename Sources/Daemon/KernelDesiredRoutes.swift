/// `KernelDesiredRoutes`: the pure step from what BGP learned and this node's configuration to
/// what swiftletd wants in the kernel — the routes (each learned prefix in the form its pool
/// asks for, see `KernelRouteForm`; equal-cost paths one multipath route; a blackhole for each
/// local block, as Calico does) and the tunnel dataplane they need (`TunnelSpec`: vxlan.calico
/// when any pool uses VXLAN, tunl0 when any uses IPIP, one VTEP entry per remote node). Done in
/// two steps: `plan` before the devices are applied, `finish` after, so the routes of a pool
/// whose device could not be built are left out and the pool is reported with the reason.
import CalicoModel
import Kernel
import NetCore
import Templater

/// A pool some of whose routes are not programmed, and why.
public struct SkippedPool: Codable, Hashable, Sendable {
    public var name: String
    public var cidr: String
    /// One line naming the pool, its mode, what is missing and the remedy.
    public var reason: String
    /// Learned routes inside the pool that were not programmed.
    public var skippedRoutes: Int
}

/// This node's own tunnel addresses, from its Node resource.
public struct KernelLocalNode: Hashable, Sendable {
    public var ipipTunnelAddress: IPv4Address?
    public var vxlanTunnelAddress: IPv4Address?
    public var vxlanTunnelMAC: String?

    public init(ipipTunnelAddress: IPv4Address? = nil, vxlanTunnelAddress: IPv4Address? = nil, vxlanTunnelMAC: String? = nil) {
        self.ipipTunnelAddress = ipipTunnelAddress
        self.vxlanTunnelAddress = vxlanTunnelAddress
        self.vxlanTunnelMAC = vxlanTunnelMAC
    }

    public init(_ node: CalicoNode?) {
        self.init(ipipTunnelAddress: node?.bgp?.ipv4IPIPTunnelAddr, vxlanTunnelAddress: node?.ipv4VXLANTunnelAddr,
                  vxlanTunnelMAC: node?.vxlanTunnelMACAddr)
    }
}

/// The first step's result: routes with the pool and devices they need, and the tunnel spec.
public struct KernelDesiredState: Hashable, Sendable {
    public struct Planned: Hashable, Sendable {
        public var route: DesiredRoute
        /// The pool the prefix lies in, if any.
        public var pool: String?
        /// Tunnel devices the route's hops go through.
        public var devices: Set<String>
    }

    public var routes: [Planned] = []
    public var tunnels = TunnelSpec()
    /// Pools with tunnelled routes that have no form: how many, and the first reason.
    public var unroutable: [String: Unroutable] = [:]
    /// Pools needing a tunnel device that this node cannot describe (no IPv4 address), by name.
    public var poolProblems: [String: String] = [:]
    /// Pools by name, for the reports.
    public var pools: [String: DesiredNodeConfig.Pool] = [:]

    public struct Unroutable: Hashable, Sendable {
        public var count: Int
        public var reason: String
    }
}

public enum KernelDesiredRoutes {
    /// Step one: the routes in their pools' forms and the tunnel dataplane they need.
    public static func plan(learned: [IPPrefix: [IPAddress]], config: DesiredNodeConfig,
                            local: KernelLocalNode = KernelLocalNode()) -> KernelDesiredState {
        var state = KernelDesiredState()
        for pool in config.pools { state.pools[pool.name] = pool }
        var peers: [VXLANPeer] = []
        for (prefix, hops) in learned.sorted(by: { $0.key < $1.key }) where !hops.isEmpty {
            let pool = pool(for: prefix, in: config.pools)
            var forms: [KernelRouteForm.Hop] = []
            var firstProblem: KernelRouteForm.Unroutable?
            for h in hops {
                switch KernelRouteForm.decide(pool: pool, nextHop: h, local: config.ipv4Address, remoteNodes: config.remoteNodes) {
                case .success(let form): if !forms.contains(form) { forms.append(form) }
                case .failure(let problem): firstProblem = firstProblem ?? problem
                }
            }
            guard !forms.isEmpty else {
                if let p = firstProblem {
                    state.unroutable[p.pool, default: .init(count: 0, reason: p.reason)].count += 1
                }
                continue
            }
            for case .vxlan(let peer) in forms where !peers.contains(peer) { peers.append(peer) }
            state.routes.append(.init(route: .via(prefix, forms.map(\.nextHop)), pool: pool?.name,
                                      devices: Set(forms.compactMap(\.device))))
        }
        // Later entries win: a local block is always a blackhole here — except a single-address
        // block (blockSize 32 / 128): it is one pod's address, whose `dev cali…` route the CNI
        // owns; a blackhole there would shadow the pod (Calico renders none either).
        state.routes += config.localBlocks.filter(\.isBlackholed)
            .map { .init(route: .blackhole($0), pool: nil, devices: []) }
        // BGPPeer reachableBy (Calico): the peer's address is reached through that gateway — a
        // host route, so a multihop session to a ToR loopback works without an IGP.
        for peer in config.peers {
            guard let gateway = peer.reachableBy else { continue }
            let host: IPPrefix? = switch peer.address {
            case .v4(let a): IPv4Prefix(address: a, length: 32).map(IPPrefix.v4)
            case .v6(let a): IPv6Prefix(address: a, length: 128).map(IPPrefix.v6)
            }
            guard let host, host.afi == gateway.afi else { continue }
            state.routes.append(.init(route: .via(host, [DesiredNextHop(gateway: gateway)]), pool: nil, devices: []))
        }
        state.tunnels = tunnels(config: config, local: local, routePeers: peers, problems: &state.poolProblems)
        return state
    }

    /// Step two, once the devices were applied: the routes whose devices are up, and the pools
    /// left out with why. `tunnels` nil (nothing applied yet, while holding) keeps every route.
    public static func finish(_ state: KernelDesiredState, tunnels: TunnelStatus?) -> (routes: [DesiredRoute], skipped: [SkippedPool]) {
        var blockedPools: [String: String] = [:]
        for (name, pool) in state.pools {
            for device in devices(pool) {
                if let problem = state.poolProblems[name] {
                    blockedPools[name] = reason(pool, device: device, problem: problem)
                } else if let tunnels, tunnels.ready(device) == nil {
                    let why = tunnels.blocking(device)?.message
                        ?? tunnels.failures.first { $0.device == device }?.message
                        ?? "the device is not up"
                    blockedPools[name] = reason(pool, device: device, problem: why)
                }
            }
        }
        var routes: [DesiredRoute] = []
        var skippedCounts: [String: Int] = [:]
        for p in state.routes {
            if let name = p.pool, blockedPools[name] != nil, !p.devices.isEmpty {
                skippedCounts[name, default: 0] += 1
                continue
            }
            routes.append(p.route)
        }
        var skipped: [SkippedPool] = []
        for name in Set(blockedPools.keys).union(state.unroutable.keys).sorted() {
            guard let pool = state.pools[name] else { continue }
            let unroutable = state.unroutable[name]
            let why = blockedPools[name]
                ?? "IP pool \(pool.name) (\(pool.cidr)) uses \(mode(pool)): \(unroutable.map(\.reason) ?? ""); such routes are not programmed"
            skipped.append(SkippedPool(name: name, cidr: "\(pool.cidr)", reason: why,
                                       skippedRoutes: (skippedCounts[name] ?? 0) + (unroutable?.count ?? 0)))
        }
        return (routes, skipped)
    }

    /// Both steps without devices (tests, and the routes shown while holding).
    public static func compute(learned: [IPPrefix: [IPAddress]], config: DesiredNodeConfig,
                               local: KernelLocalNode = KernelLocalNode(), tunnels: TunnelStatus? = nil)
        -> (routes: [DesiredRoute], skipped: [SkippedPool]) {
        finish(plan(learned: learned, config: config, local: local), tunnels: tunnels)
    }

    // MARK: pieces

    /// The tunnel dataplane the pools ask for. VXLAN peers: every remote node with an IPv4
    /// address, a VTEP and a MAC (Felix programs them all), plus any a route named.
    static func tunnels(config: DesiredNodeConfig, local: KernelLocalNode, routePeers: [VXLANPeer],
                        problems: inout [String: String]) -> TunnelSpec {
        let vxlanPools = config.pools.filter { $0.vxlanMode != .never && $0.cidr.afi == .ipv4 }
        let ipipPools = config.pools.filter { $0.ipipMode != .never }
        guard !vxlanPools.isEmpty || !ipipPools.isEmpty else { return TunnelSpec() }
        guard case .v4(let nodeAddress)? = config.ipv4Address?.address else {
            for p in vxlanPools + ipipPools {
                problems[p.name] = "this node's Node resource has no spec.bgp.ipv4Address, which the tunnel device needs (its underlay and local address)"
            }
            return TunnelSpec()
        }
        var spec = TunnelSpec()
        if !vxlanPools.isEmpty {
            spec.vxlan = VXLANDeviceSpec(local: nodeAddress, macText: local.vxlanTunnelMAC, address: local.vxlanTunnelAddress)
            var peers = routePeers
            for n in config.remoteNodes {
                guard case .v4(let address)? = n.ipv4Address, let vtep = n.ipv4VXLANTunnelAddr, let mac = n.vxlanTunnelMACAddr,
                      let peer = VXLANPeer(vtep: vtep, macText: mac, node: address), !peers.contains(peer) else { continue }
                peers.append(peer)
            }
            spec.peers = peers.sorted()
        }
        if !ipipPools.isEmpty {
            spec.ipip = IPIPDeviceSpec(local: nodeAddress, address: local.ipipTunnelAddress)
        }
        return spec
    }

    /// The most specific pool holding `prefix`.
    static func pool(for prefix: IPPrefix, in pools: [DesiredNodeConfig.Pool]) -> DesiredNodeConfig.Pool? {
        pools.filter { contains($0.cidr, prefix) }.max { $0.cidr.length < $1.cidr.length }
    }

    /// The devices a pool's tunnelled routes go through.
    static func devices(_ pool: DesiredNodeConfig.Pool) -> [String] {
        if pool.ipipMode != .never { return [IPIPDeviceSpec.calicoName] }
        if pool.vxlanMode != .never && pool.cidr.afi == .ipv4 { return [VXLANDeviceSpec.calicoName] }
        return []
    }

    /// "ipipMode Always" / "vxlanMode CrossSubnet" / "no encapsulation".
    static func mode(_ pool: DesiredNodeConfig.Pool) -> String {
        if pool.ipipMode != .never { return "ipipMode \(pool.ipipMode.rawValue)" }
        if pool.vxlanMode != .never { return "vxlanMode \(pool.vxlanMode.rawValue)" }
        return "no encapsulation"
    }

    static func reason(_ pool: DesiredNodeConfig.Pool, device: String, problem: String) -> String {
        let direct = pool.ipipMode == .crossSubnet || pool.vxlanMode == .crossSubnet
            ? "its routes to nodes outside this node's subnet are not programmed" : "its routes are not programmed"
        return "IP pool \(pool.name) (\(pool.cidr)) uses \(mode(pool)) and needs \(device): \(problem); \(direct) (every other pool is served)"
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
