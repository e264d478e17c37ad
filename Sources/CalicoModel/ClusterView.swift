/// Lookups over a ResourceSet that the peering rules need: AS and listen port of any node,
/// which nodes a selector picks, which nodes own an address.

import NetCore

struct ClusterView {
    let resources: ResourceSet
    let defaults: BGPConfiguration?

    init(_ resources: ResourceSet) {
        self.resources = resources
        defaults = resources.defaultConfiguration
    }

    var globalAS: ASN { defaults?.asNumber ?? CalicoModel.defaultASNumber }
    var globalListenPort: UInt16? { defaults?.listenPort }

    func asNumber(of node: CalicoNode) -> ASN { node.bgp?.asNumber ?? globalAS }

    /// The port other nodes must connect to: per-node config, else global, else nil (179).
    func listenPort(of node: CalicoNode) -> UInt16? {
        resources.nodeConfiguration(node.name)?.listenPort ?? globalListenPort
    }

    func nodes(matching selector: Selector) -> [CalicoNode] {
        resources.nodes.filter { selector.matches($0.labels) }
    }

    /// Calico's `nodesWithIPPortAndAS`: nodes owning `ip`, in `asNumber` (nil = global AS),
    /// listening on `port` when one is given.
    func nodes(withIP ip: IPAddress, asNumber: ASN?, port: UInt16?) -> [CalicoNode] {
        resources.nodes.filter { n in
            guard n.address(.ipv4) == ip || n.address(.ipv6) == ip else { return false }
            guard self.asNumber(of: n) == (asNumber ?? globalAS) else { return false }
            if let port, let nodePort = listenPort(of: n), nodePort != port { return false }
            return true
        }
    }

    func isNodeAddress(_ ip: IPAddress) -> Bool {
        resources.nodes.contains { $0.address(.ipv4) == ip || $0.address(.ipv6) == ip }
    }
}
