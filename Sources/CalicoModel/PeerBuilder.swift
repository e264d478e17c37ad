/// Turns mesh membership and explicit peerings into `PeerConfig`s for one node, per address
/// family, applying Calico's rendering rules (confd's `buildPeerFromData` and mesh loop).

import NetCore

struct PeerBuilder {
    let view: ClusterView
    let node: CalicoNode
    let secretsDirectory: String

    var ourAS: ASN { view.asNumber(of: node) }
    var clusterID: IPv4Address? { node.bgp?.routeReflectorClusterID }

    /// Calico compares addresses as text: the side whose text sorts first is passive.
    static func isPassive(peer: IPAddress, us: IPAddress) -> Bool { peer.description > us.description }

    /// Full mesh: every other non-reflector node with an address in `afi`, unless this node is a
    /// route reflector or the mesh is off.
    func mesh(_ afi: AFI) -> [PeerConfig] {
        guard clusterID == nil, view.defaults?.nodeToNodeMeshEnabled ?? true, let us = node.address(afi) else { return [] }
        return view.resources.nodes.compactMap { other in
            guard let ip = other.address(afi), ip != us, !other.isRouteReflector else { return nil }
            var p = PeerConfig(kind: .mesh, address: ip, port: view.listenPort(of: other),
                               remoteAS: view.asNumber(of: other), localAS: ourAS)
            p.sourceAddress = us
            p.passive = PeerBuilder.isPassive(peer: ip, us: us)
            p.password = password(view.defaults?.nodeMeshPassword)
            p.gracefulRestartTime = view.defaults?.nodeMeshMaxRestartTime.map { UInt16(clamping: $0.seconds) }
            p.holdTime = view.defaults?.holdTime
            p.isCalicoNode = true
            return p
        }
    }

    /// An explicit peering (global or node-specific) in `afi`; nil for other families or ourselves.
    func explicit(_ c: PeerCandidate, _ kind: PeerConfig.Kind, _ afi: AFI) -> PeerConfig? {
        guard c.ip.afi == afi, let us = node.address(afi), c.ip != us else { return nil }
        let src = c.source
        let localAS = src.localASNumber ?? ourAS
        var p = PeerConfig(kind: kind, address: c.ip, port: c.port, remoteAS: c.asNumber, localAS: localAS)
        p.resource = src.metadata.name
        p.explicitLocalAS = src.localASNumber != nil
        p.isCalicoNode = c.isCalicoNode
        p.sourceAddress = src.sourceAddress == .useNodeIP ? us : nil
        p.ttlSecurity = src.ttlSecurity.flatMap { $0 > 0 ? $0 : nil }
        p.keepaliveTime = src.keepaliveTime.map { UInt16(clamping: $0.seconds) }
        p.holdTime = src.holdTime ?? view.defaults?.holdTime
        p.gracefulRestartTime = src.maxRestartTime.map { UInt16(clamping: $0.seconds) }
        p.password = password(src.password)
        p.numAllowedLocalAS = src.numAllowedLocalASNumbers.flatMap { $0 > 0 ? $0 : nil }
        p.filters = src.filters
        p.reachableBy = src.reachableBy
        p.nextHop = nextHop(src, remoteAS: c.asNumber, localAS: localAS)
        if let clusterID, c.asNumber == localAS, c.rrClusterID != clusterID {
            p.routeReflectorClient = true
            p.routeReflectorClusterID = clusterID
        }
        if kind == .global, c.isNodeByPeerIP { p.passive = PeerBuilder.isPassive(peer: c.ip, us: us) }
        return p
    }

    /// nextHopMode wins; the older keepOriginalNextHop applies to eBGP peers only.
    private func nextHop(_ src: BGPPeer, remoteAS: ASN, localAS: ASN) -> PeerConfig.NextHop {
        switch src.nextHopMode {
        case .self?: return .self
        case .keep?: return .keep
        case .auto?, nil: return src.keepOriginalNextHop && remoteAS != localAS ? .keep : .auto
        }
    }

    private func password(_ ref: SecretKeyRef?) -> PeerConfig.Password? {
        ref.map { PeerConfig.Password(secret: $0, path: $0.path(in: secretsDirectory)) }
    }
}
