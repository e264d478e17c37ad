/// From CalicoModel's `DesiredNodeConfig` (what the Calico resources say this node does) to the
/// speaker's configuration, mirroring the BIRD configuration confd renders (filters: PrefixPolicy.swift).
import CalicoModel
import NetCore

extension SpeakerConfiguration {
    /// The speaker configuration of `node`. `passwords` maps each peer's secret file path
    /// (`PeerConfig.Password.path`) to the key read from it; a peer whose password is missing
    /// from the map runs without MD5 (the daemon should refuse that earlier, with the path).
    /// An IPv6-only node (no router ID) gets one derived from its name, as Calico does.
    public init(node: DesiredNodeConfig, passwords: [String: String]) {
        self.init(routerID: node.routerID ?? Self.hashedRouterID(node.nodeName), localAS: node.asNumber,
                  clusterID: node.routeReflectorClusterID, listenAddresses: node.listenAddresses,
                  listenPort: node.listenPort, holdTime: node.holdTime ?? 90)
        if case .v4(let a)? = node.ipv4Address?.address { localIPv4 = a }
        if case .v6(let a)? = node.ipv6Address?.address { localIPv6 = a }
        peers = node.peers.map { Self.peerSettings($0, passwords: passwords) }
        originated = Self.originated(node)
        exportAllowed = node.pools.filter(\.exported).map(\.cidr) + node.prefixAdvertisements.map(\.cidr)
        exportDenied = node.pools.filter { !$0.exported && !$0.disabled }.map(\.cidr)
        filters = node.filters
    }

    /// One Calico peering as the speaker runs it.
    static func peerSettings(_ p: PeerConfig, passwords: [String: String]) -> PeerSettings {
        let kind: PeerSettings.Kind
        switch p.kind {
        case .mesh: kind = .mesh
        case .global: kind = p.routeReflectorClient ? .rrClient : .global
        case .node: kind = p.routeReflectorClient ? .rrClient : .node
        }
        let nextHop: PeerSettings.NextHopMode
        switch p.nextHop {
        case .auto: nextHop = .auto
        case .self: nextHop = .self
        case .keep: nextHop = .keep
        }
        return PeerSettings(
            name: p.name, kind: kind, address: p.address, port: p.port ?? 179, remoteAS: p.remoteAS,
            localAS: p.explicitLocalAS ? p.localAS : nil, passive: p.passive, keepaliveTime: p.keepaliveTime,
            holdTime: p.holdTime, password: p.password.flatMap { passwords[$0.path] }, ttlSecurity: p.ttlSecurity,
            sourceAddress: p.sourceAddress, routeReflectorClient: p.routeReflectorClient, nextHopMode: nextHop,
            numAllowedLocalAS: Int(p.numAllowedLocalAS ?? 0), filters: p.filters)
    }

    /// Local blocks and prefixAdvertisements; each gets the communities of every
    /// advertisement containing it (BIRD's `apply_communities`: `if net ~ cidr then add`).
    static func originated(_ node: DesiredNodeConfig) -> [OriginatedPrefix] {
        var prefixes = node.localBlocks
        for a in node.prefixAdvertisements where !prefixes.contains(a.cidr) { prefixes.append(a.cidr) }
        return prefixes.map { prefix in
            var communities: [BGPCommunity] = []
            for a in node.prefixAdvertisements where PrefixPolicy.contains(a.cidr, prefix) {
                for c in a.communities where !communities.contains(c) { communities.append(c) }
            }
            return OriginatedPrefix(prefix, communities: communities)
        }
    }

    /// FNV-1a of the node name, kept out of 0.0.0.0 (RFC 6286 §2.1: any non-zero 4 octets).
    static func hashedRouterID(_ name: String) -> RouterID {
        var h: UInt32 = 2_166_136_261
        for b in name.utf8 { h = (h ^ UInt32(b)) &* 16_777_619 }
        return RouterID(rawValue: h == 0 ? 1 : h)
    }
}
