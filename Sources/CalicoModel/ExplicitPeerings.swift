/// Calico's BGPPeer expansion for one node (confd's `updatePeersV1`): a global pass, a
/// node-specific pass, then reverse peerings for symmetry between cluster nodes. The first
/// peering emitted for an address and port wins; a node-specific one never shadows a global one.

import NetCore

struct ExplicitPeerings {
    struct Key: Hashable {
        var ip: IPAddress
        var port: UInt16?
    }

    private(set) var global: [Key: PeerCandidate] = [:]
    private(set) var nodeSpecific: [Key: PeerCandidate] = [:]
    private let view: ClusterView
    private let node: CalicoNode

    /// BGPPeers are visited in name order, so "first wins" is deterministic (Calico's map order is not).
    init(view: ClusterView, node: CalicoNode) {
        self.view = view
        self.node = node
        let peers = view.resources.bgpPeers
        for p in peers where p.isGlobal { emitGlobal(PeerCandidate.remotes(of: p, view: view)) }
        for p in peers where !p.isGlobal && appliesHere(p) { emitNode(PeerCandidate.remotes(of: p, view: view)) }
        for p in peers where p.reversePeering == .auto { emitNode(reverse(p)) }
    }

    private func appliesHere(_ p: BGPPeer) -> Bool {
        if let n = p.node { return n == node.name }
        return p.nodeSelector?.matches(node.labels) ?? true
    }

    private mutating func emitGlobal(_ candidates: [PeerCandidate]) {
        for c in candidates where global[Key(ip: c.ip, port: c.port)] == nil {
            global[Key(ip: c.ip, port: c.port)] = c
        }
    }

    private mutating func emitNode(_ candidates: [PeerCandidate]) {
        for c in candidates {
            let key = Key(ip: c.ip, port: c.port)
            if global[key] == nil, nodeSpecific[key] == nil { nodeSpecific[key] = c }
        }
    }

    /// When this node is on the remote side of `p` (selected by peerSelector, or owning its
    /// peerIP and AS), peer back with the nodes on its local side.
    private func reverse(_ p: BGPPeer) -> [PeerCandidate] {
        var families: [AFI] = [.ipv4, .ipv6]
        let remoteNodes: [CalicoNode]
        if let selector = p.peerSelector {
            remoteNodes = view.nodes(matching: selector)
        } else if let address = p.peerIP {
            remoteNodes = view.nodes(withIP: address.ip, asNumber: p.asNumber, port: address.port)
            families = [address.ip.afi]
        } else {
            return []
        }
        guard remoteNodes.contains(where: { $0.name == node.name }) else { return [] }
        let localSide: [CalicoNode]
        if let selector = p.nodeSelector {
            localSide = view.nodes(matching: selector)
        } else if let n = p.node {
            localSide = view.resources.node(named: n).map { [$0] } ?? []
        } else {
            localSide = view.resources.nodes
        }
        return localSide.flatMap { PeerCandidate.forNode($0, families: families, source: p, view: view) }
    }
}
