/// `ChangePlan.between`: the diff itself. Peers are matched by address and port, then a leftover
/// old and new peer on the same address are paired (a port change), as the Speaker keys its
/// sessions by address; each pair is compared field by field (`PeerField`).
import CalicoModel
import NetCore

extension ChangePlan {
    /// TCP MD5 keys read from the password files, by file path (`PeerConfig.Password.path`), for
    /// the old and the new configuration. With them the plan also sees a key that changed,
    /// appeared or disappeared inside the same file (a path missing from one map had no readable
    /// key then); without them it compares the files named. Keys never appear in `lines`.
    public struct PasswordKeys: Hashable, Sendable {
        public var old: [String: String]
        public var new: [String: String]

        public init(old: [String: String] = [:], new: [String: String] = [:]) {
            self.old = old
            self.new = new
        }
    }

    /// The plan that takes a node from `old` (nil: nothing running yet) to `new`.
    public static func between(_ old: DesiredNodeConfig?, _ new: DesiredNodeConfig,
                               passwordKeys: PasswordKeys = PasswordKeys()) -> ChangePlan {
        var plan = ChangePlan()
        guard let old else {
            plan.isInitial = true
            plan.addedPeers = new.peers.sorted { $0.name < $1.name }
            plan.originate = originated(new)
            plan.kernel.blackholesAdded = new.localBlocks.filter(\.isBlackholed).sorted()
            plan.kernel.pools = new.pools.filter(isEncapsulated).map { poolChange(.added, $0) }
            plan.kernel.remoteNodes = new.remoteNodes.filter(hasTunnelAddress)
                .map { RemoteNodeChange(kind: .added, name: $0.name, fields: []) }
            plan.kernel.peerRoutesAdded = peerRoutes(new).sorted()
            return plan
        }
        plan.identityChanges = identityChanges(old, new)
        plan.settings = settingChanges(old, new)
        diffPeers(old.peers, new.peers, passwordKeys, into: &plan)
        plan.changedFilters = new.filters.keys.filter { name in
            old.filters[name].map { $0 != new.filters[name] } ?? false
        }.sorted()
        diffOriginated(originated(old), originated(new), into: &plan)
        let pools = diffPools(old.pools, new.pools)
        plan.exportPools = pools.filter(\.affectsExport)
        plan.kernel.pools = pools.filter(\.affectsKernel)
        plan.kernel.blackholesAdded = Set(new.localBlocks.filter(\.isBlackholed)).subtracting(old.localBlocks).sorted()
        plan.kernel.blackholesRemoved = Set(old.localBlocks.filter(\.isBlackholed)).subtracting(new.localBlocks).sorted()
        plan.kernel.remoteNodes = diffRemoteNodes(old.remoteNodes, new.remoteNodes)
        let oldRoutes = Set(peerRoutes(old)), newRoutes = Set(peerRoutes(new))
        plan.kernel.peerRoutesAdded = newRoutes.subtracting(oldRoutes).sorted()
        plan.kernel.peerRoutesRemoved = oldRoutes.subtracting(newRoutes).sorted()
        return plan
    }

    // MARK: identity and node settings

    /// What `SpeakerConfiguration.needsRestart` compares (the node name derives an IPv6-only
    /// node's router ID).
    static func identityChanges(_ old: DesiredNodeConfig, _ new: DesiredNodeConfig) -> [SettingChange] {
        let restart = "every session restarts with a new RIB"
        return [
            change("node name", old.nodeName, new.nodeName, restart),
            change("router ID", old.routerID?.description ?? "derived from the node name",
                   new.routerID?.description ?? "derived from the node name", "sent in every OPEN (RFC 4271 §4.2): " + restart),
            change("AS", old.asNumber.description, new.asNumber.description, "sent in every OPEN (RFC 4271 §4.2): " + restart),
            change("listen port", String(old.listenPort), String(new.listenPort), "the listening sockets are rebound: " + restart),
            change("listen addresses", addresses(old.listenAddresses), addresses(new.listenAddresses),
                   "the listening sockets are rebound: " + restart),
            change("route reflector cluster ID", old.routeReflectorClusterID?.description ?? "none",
                   new.routeReflectorClusterID?.description ?? "none",
                   "CLUSTER_LIST loop detection of every reflected route changes (RFC 4456 §8): " + restart),
        ].compactMap { $0 }
    }

    static func settingChanges(_ old: DesiredNodeConfig, _ new: DesiredNodeConfig) -> [SettingChange] {
        [
            change("default hold time", old.holdTime.map { "\($0) s" } ?? "90 s", new.holdTime.map { "\($0) s" } ?? "90 s",
                   "offered in each session's next OPEN (RFC 4271 §4.2)"),
            change("IPv4 address", old.ipv4Address?.description ?? "none", new.ipv4Address?.description ?? "none",
                   "next hop self for IPv4 routes on IPv6 sessions: re-export"),
            change("IPv6 address", old.ipv6Address?.description ?? "none", new.ipv6Address?.description ?? "none",
                   "next hop self for IPv6 routes on IPv4 sessions (RFC 2545 §3): re-export"),
            change("node-to-node mesh", old.meshEnabled ? "on" : "off", new.meshEnabled ? "on" : "off",
                   "mesh peers are added or removed (listed below)"),
            change("log severity", old.logSeverity ?? "default", new.logSeverity ?? "default", "logging only"),
            change("ignored interfaces", list(old.ignoredInterfaces), list(new.ignoredInterfaces),
                   "interfaces whose routes are not exported"),
        ].compactMap { $0 }
    }

    static func change(_ setting: String, _ old: String, _ new: String, _ consequence: String) -> SettingChange? {
        old == new ? nil : SettingChange(setting: setting, old: old, new: new, consequence: consequence)
    }

    static func addresses(_ a: [IPAddress]) -> String { a.isEmpty ? "any" : a.map(\.description).joined(separator: ",") }
    static func list(_ a: [String]) -> String { a.isEmpty ? "none" : a.joined(separator: ",") }

    // MARK: peers

    /// Pairs old and new peers: identical peers first (they are unchanged), then peers on the
    /// same address and port, then the only leftover old and new peer on one address (a port
    /// change). A configuration may hold two peerings with the same key; each is matched once.
    static func diffPeers(_ old: [PeerConfig], _ new: [PeerConfig], _ keys: PasswordKeys, into plan: inout ChangePlan) {
        func key(_ p: PeerConfig) -> String { "\(p.address) \(p.port ?? 179)" }
        var byKey: [String: [PeerConfig]] = [:]
        for p in old { byKey[key(p), default: []].append(p) }
        func take(_ k: String, where match: (PeerConfig) -> Bool) -> PeerConfig? {
            guard let i = byKey[k]?.firstIndex(where: match) else { return nil }
            return byKey[k]?.remove(at: i)
        }
        var pairs: [(PeerConfig, PeerConfig)] = []
        var rest: [PeerConfig] = []
        for p in new {
            if let o = take(key(p), where: { $0 == p }) { pairs.append((o, p)) } else { rest.append(p) }
        }
        var unmatchedNew: [PeerConfig] = []
        for p in rest {
            if let o = take(key(p), where: { _ in true }) { pairs.append((o, p)) } else { unmatchedNew.append(p) }
        }
        var added: [PeerConfig] = []
        for p in unmatchedNew {
            let olds = byKey.values.joined().filter { $0.address == p.address }
            if olds.count == 1, unmatchedNew.filter({ $0.address == p.address }).count == 1, let o = olds.first,
               let taken = take(key(o), where: { $0 == o }) {
                pairs.append((taken, p))
            } else {
                added.append(p)
            }
        }
        plan.addedPeers = added.sorted { $0.name < $1.name }
        plan.removedPeers = byKey.values.joined().sorted { $0.name < $1.name }
        plan.changedPeers = pairs.compactMap { peerChange($0.0, $0.1, keys) }.sorted { $0.new.name < $1.new.name }
    }

    /// nil when nothing compared differs.
    static func peerChange(_ old: PeerConfig, _ new: PeerConfig, _ keys: PasswordKeys) -> PeerChange? {
        var fields: [PeerFieldChange] = []
        for field in PeerField.allCases {
            var o = field.value(of: old), n = field.value(of: new)
            // The same file: a key that changed, appeared or disappeared is a change too (the
            // Speaker compares the keys themselves). A path in neither map is not known here.
            if field == .password, o == n, let path = new.password?.path {
                let oldKey = keys.old[path], newKey = keys.new[path]
                if (oldKey != nil || newKey != nil) && oldKey != newKey {
                    o += oldKey == nil ? " (no key)" : " (previous key)"
                    n += newKey == nil ? " (no key)" : " (new key)"
                }
            }
            if o != n { fields.append(PeerFieldChange(field: field, old: o, new: n)) }
        }
        return fields.isEmpty ? nil : PeerChange(old: old, new: new, fields: fields)
    }

    // MARK: originated prefixes

    /// Local blocks, then prefixAdvertisements not already there; each with the communities of
    /// every advertisement containing it (BIRD's `apply_communities`, the Speaker's `originated`).
    public static func originated(_ node: DesiredNodeConfig) -> [OriginatedPrefix] {
        var prefixes = node.localBlocks
        for a in node.prefixAdvertisements where !prefixes.contains(a.cidr) { prefixes.append(a.cidr) }
        return prefixes.map { prefix in
            var communities: [BGPCommunity] = []
            for a in node.prefixAdvertisements where contains(a.cidr, prefix) {
                for c in a.communities where !communities.contains(c) { communities.append(c) }
            }
            return OriginatedPrefix(prefix: prefix, communities: communities)
        }
    }

    static func diffOriginated(_ old: [OriginatedPrefix], _ new: [OriginatedPrefix], into plan: inout ChangePlan) {
        var before: [IPPrefix: [BGPCommunity]] = [:]
        for o in old { before[o.prefix] = o.communities }
        let after = Set(new.map(\.prefix))
        plan.originate = new.filter { before[$0.prefix] == nil }.sorted { $0.prefix < $1.prefix }
        plan.withdraw = old.map(\.prefix).filter { !after.contains($0) }.sorted()
        plan.reannounce = new.compactMap { n in
            guard let c = before[n.prefix], c != n.communities else { return nil }
            return Reannouncement(prefix: n.prefix, oldCommunities: c, newCommunities: n.communities)
        }.sorted { $0.prefix < $1.prefix }
    }

    /// `inner` lies inside `outer` (same family).
    static func contains(_ outer: IPPrefix, _ inner: IPPrefix) -> Bool {
        switch (outer, inner) {
        case (.v4(let o), .v4(let i)): o.contains(i)
        case (.v6(let o), .v6(let i)): o.contains(i)
        default: false
        }
    }

    // MARK: pools, remote nodes, peer routes

    static func isEncapsulated(_ p: DesiredNodeConfig.Pool) -> Bool { p.ipipMode != .never || p.vxlanMode != .never }

    static func poolChange(_ kind: PoolChange.Kind, _ p: DesiredNodeConfig.Pool) -> PoolChange {
        PoolChange(kind: kind, name: p.name, cidr: p.cidr, fields: [], affectsKernel: isEncapsulated(p), affectsExport: !p.disabled)
    }

    static func diffPools(_ old: [DesiredNodeConfig.Pool], _ new: [DesiredNodeConfig.Pool]) -> [PoolChange] {
        var out: [PoolChange] = []
        for n in new {
            guard let o = old.first(where: { $0.name == n.name }) else {
                out.append(poolChange(.added, n))
                continue
            }
            let reexport = "routes inside may now be exported or not: re-export"
            let fields = [
                change("cidr", o.cidr.description, n.cidr.description, "which routes the pool covers"),
                change("blockSize", "/\(o.blockSize)", "/\(n.blockSize)", "future blocks only (IPAM)"),
                change("ipipMode", o.ipipMode.rawValue, n.ipipMode.rawValue, "its routes move between direct and tunnel routes"),
                change("vxlanMode", o.vxlanMode.rawValue, n.vxlanMode.rawValue, "its routes move between direct and tunnel routes"),
                change("natOutgoing", String(o.natOutgoing), String(n.natOutgoing), "Felix's masquerade rule; not programmed by Swiftlet"),
                change("disabled", String(o.disabled), String(n.disabled), reexport),
                change("exported", String(o.exported), String(n.exported), reexport),
                change("selects this node", String(o.selectsThisNode), String(n.selectsThisNode), "IPAM assignment only"),
            ].compactMap { $0 }
            guard !fields.isEmpty else { continue }
            let names = Set(fields.map(\.setting))
            out.append(PoolChange(kind: .changed, name: n.name, cidr: n.cidr, fields: fields,
                                  affectsKernel: !names.isDisjoint(with: ["cidr", "ipipMode", "vxlanMode"])
                                      && (isEncapsulated(o) || isEncapsulated(n)),
                                  affectsExport: !names.isDisjoint(with: ["cidr", "disabled", "exported"])))
        }
        for o in old where !new.contains(where: { $0.name == o.name }) { out.append(poolChange(.removed, o)) }
        return out.sorted { $0.name < $1.name }
    }

    static func hasTunnelAddress(_ n: DesiredNodeConfig.RemoteNode) -> Bool {
        n.ipv4IPIPTunnelAddr != nil || n.ipv4VXLANTunnelAddr != nil || n.vxlanTunnelMACAddr != nil
    }

    static func diffRemoteNodes(_ old: [DesiredNodeConfig.RemoteNode], _ new: [DesiredNodeConfig.RemoteNode]) -> [RemoteNodeChange] {
        var out: [RemoteNodeChange] = []
        for n in new {
            guard let o = old.first(where: { $0.name == n.name }) else {
                if hasTunnelAddress(n) { out.append(RemoteNodeChange(kind: .added, name: n.name, fields: [])) }
                continue
            }
            let endpoint = "tunnel endpoint and next hop of its routes"
            let fields = [
                change("IPv4 address", o.ipv4Address?.description ?? "none", n.ipv4Address?.description ?? "none", endpoint),
                change("IPv6 address", o.ipv6Address?.description ?? "none", n.ipv6Address?.description ?? "none", endpoint),
                change("IPIP tunnel address", o.ipv4IPIPTunnelAddr?.description ?? "none",
                       n.ipv4IPIPTunnelAddr?.description ?? "none", "tunl0 route to the node"),
                change("VXLAN tunnel address", o.ipv4VXLANTunnelAddr?.description ?? "none",
                       n.ipv4VXLANTunnelAddr?.description ?? "none", "vxlan.calico route and neighbour entry"),
                change("VXLAN MAC", o.vxlanTunnelMACAddr ?? "none", n.vxlanTunnelMACAddr ?? "none", "vxlan.calico neighbour and FDB entries"),
            ].compactMap { $0 }
            if !fields.isEmpty { out.append(RemoteNodeChange(kind: .changed, name: n.name, fields: fields)) }
        }
        for o in old where hasTunnelAddress(o) && !new.contains(where: { $0.name == o.name }) {
            out.append(RemoteNodeChange(kind: .removed, name: o.name, fields: []))
        }
        return out.sorted { $0.name < $1.name }
    }

    static func peerRoutes(_ c: DesiredNodeConfig) -> [PeerRoute] {
        c.peers.compactMap { p in p.reachableBy.map { PeerRoute(peer: p.address, gateway: $0) } }
    }
}

extension IPPrefix {
    /// A local block gets a blackhole route unless it is a single address (blockSize 32 / 128):
    /// that address is one pod's, whose `dev cali…` route the CNI owns (Calico renders none).
    public var isBlackholed: Bool {
        switch self {
        case .v4(let p): p.length < 32
        case .v6(let p): p.length < 128
        }
    }
}
