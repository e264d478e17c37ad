/// An intermediate peering as Calico's confd computes it before rendering (its v1 "bgpPeer"):
/// the remote side plus the BGPPeer resource whose parameters apply.

import NetCore

struct PeerCandidate {
    var ip: IPAddress
    var port: UInt16?
    var asNumber: ASN
    /// The remote node's cluster ID when the remote is a cluster node.
    var rrClusterID: IPv4Address?
    var isCalicoNode: Bool
    /// A `peerIP` that is a cluster node's address: Calico's unidirectional rule applies to
    /// such global peerings (not to selector-derived ones).
    var isNodeByPeerIP = false
    var source: BGPPeer

    /// Calico's `nodeAsBGPPeers`: one candidate per requested family the node has an address in.
    static func forNode(_ node: CalicoNode, families: [AFI], source: BGPPeer, view: ClusterView) -> [PeerCandidate] {
        families.compactMap { afi in
            node.address(afi).map {
                PeerCandidate(ip: $0, port: view.listenPort(of: node), asNumber: view.asNumber(of: node),
                              rrClusterID: node.bgp?.routeReflectorClusterID, isCalicoNode: true, source: source)
            }
        }
    }

    /// A `peerIP` peering; without an explicit port, a cluster node at that address lends its listen port.
    static func forPeerIP(_ source: BGPPeer, view: ClusterView) -> PeerCandidate? {
        guard let address = source.peerIP else { return nil }
        var port = address.port
        if port == nil, let node = view.nodes(withIP: address.ip, asNumber: source.asNumber, port: nil).first {
            port = view.listenPort(of: node)
        }
        let isNode = view.isNodeAddress(address.ip)
        return PeerCandidate(ip: address.ip, port: port, asNumber: source.asNumber ?? view.globalAS,
                             rrClusterID: nil, isCalicoNode: isNode, isNodeByPeerIP: isNode, source: source)
    }

    /// The remote side of a BGPPeer: selected nodes (both families) or its peerIP.
    static func remotes(of peer: BGPPeer, view: ClusterView) -> [PeerCandidate] {
        if let selector = peer.peerSelector {
            return view.nodes(matching: selector).flatMap { forNode($0, families: [.ipv4, .ipv6], source: peer, view: view) }
        }
        return forPeerIP(peer, view: view).map { [$0] } ?? []
    }
}
