/// `KernelRouteForm`: the pure decision of how one learned route reaches its next hop, by the
/// pool it lies in — as Calico programs it (BIRD's `krt_tunnel` for IPIP, Felix's vxlan_mgr for
/// VXLAN):
///
/// | pool                     | remote node in this node's subnet | elsewhere                                  |
/// |--------------------------|-----------------------------------|--------------------------------------------|
/// | ipipMode Always          | via <hop> dev tunl0 onlink        | via <hop> dev tunl0 onlink                 |
/// | ipipMode CrossSubnet     | via <hop>                         | via <hop> dev tunl0 onlink                 |
/// | vxlanMode Always         | via <VTEP> dev vxlan.calico onlink| via <VTEP> dev vxlan.calico onlink         |
/// | vxlanMode CrossSubnet    | via <hop>                         | via <VTEP> dev vxlan.calico onlink         |
/// | Never (or no pool)       | via <hop>                         | via <hop>                                  |
///
/// The BGP next hop is the remote node's `spec.bgp.ipv4Address`; its VTEP is that node's
/// `ipv4VXLANTunnelAddr` with `vxlanTunnelMACAddr`. "This node's subnet" is the prefix length of
/// this node's own `ipv4Address`. IPIP and VXLAN here are IPv4 only: an IPv6 next hop is direct.
import CalicoModel
import Kernel
import NetCore

public enum KernelRouteForm {
    /// How one next hop is reached.
    public enum Hop: Hashable, Sendable, CustomStringConvertible {
        /// `via <hop>`.
        case direct(IPAddress)
        /// `via <hop> dev tunl0 onlink`.
        case ipip(IPAddress)
        /// `via <VTEP> dev vxlan.calico onlink`, with the neighbour and FDB entries it needs.
        case vxlan(VXLANPeer)

        public var description: String {
            switch self {
            case .direct(let h): "via \(h)"
            case .ipip(let h): "via \(h) dev \(IPIPDeviceSpec.calicoName) onlink"
            case .vxlan(let p): "via \(p.vtep) dev \(VXLANDeviceSpec.calicoName) onlink"
            }
        }

        /// The tunnel device the hop needs, nil for a direct one.
        public var device: String? {
            switch self {
            case .direct: nil
            case .ipip: IPIPDeviceSpec.calicoName
            case .vxlan: VXLANDeviceSpec.calicoName
            }
        }

        public var nextHop: DesiredNextHop {
            switch self {
            case .direct(let h): DesiredNextHop(gateway: h)
            case .ipip(let h): DesiredNextHop(gateway: h, interface: .name(IPIPDeviceSpec.calicoName), onlink: true)
            case .vxlan(let p): DesiredNextHop(gateway: .v4(p.vtep), interface: .name(VXLANDeviceSpec.calicoName), onlink: true)
            }
        }
    }

    /// The form of the route to `nextHop` in `pool` (nil: not inside any pool), or why it has none.
    public static func decide(pool: DesiredNodeConfig.Pool?, nextHop: IPAddress, local: InterfaceAddress?,
                              remoteNodes: [DesiredNodeConfig.RemoteNode]) -> Result<Hop, Unroutable> {
        guard let pool else { return .success(.direct(nextHop)) }
        guard case .v4(let hop) = nextHop else {
            if pool.vxlanMode == .never { return .success(.direct(nextHop)) }
            return .failure(Unroutable(pool: pool.name, reason: "IPv6 routes in a VXLAN pool need vxlan-v6.calico, which swiftletd does not build yet"))
        }
        if pool.ipipMode != .never {
            if pool.ipipMode == .crossSubnet && sameSubnet(hop, local) { return .success(.direct(nextHop)) }
            return .success(.ipip(nextHop))
        }
        guard pool.vxlanMode != .never else { return .success(.direct(nextHop)) }
        if pool.vxlanMode == .crossSubnet && sameSubnet(hop, local) { return .success(.direct(nextHop)) }
        guard let node = remoteNodes.first(where: { $0.ipv4Address == nextHop }) else {
            return .failure(Unroutable(pool: pool.name, reason: "next hop \(hop) is not the spec.bgp.ipv4Address of any Node resource, so its VXLAN tunnel endpoint is unknown"))
        }
        guard let vtep = node.ipv4VXLANTunnelAddr else {
            return .failure(Unroutable(pool: pool.name, reason: "node \(node.name) (\(hop)) has no ipv4VXLANTunnelAddr yet"))
        }
        guard let macText = node.vxlanTunnelMACAddr else {
            return .failure(Unroutable(pool: pool.name, reason: "node \(node.name) (\(hop)) has no vxlanTunnelMACAddr yet"))
        }
        guard let peer = VXLANPeer(vtep: vtep, macText: macText, node: hop) else {
            return .failure(Unroutable(pool: pool.name, reason: "node \(node.name) (\(hop)): vxlanTunnelMACAddr \"\(macText)\" is not a 6-byte MAC address"))
        }
        return .success(.vxlan(peer))
    }

    /// Why a route in a tunnelled pool cannot be programmed.
    public struct Unroutable: Error, Hashable, Sendable {
        public var pool: String
        public var reason: String
    }

    /// Whether `hop` is inside this node's own subnet (CrossSubnet: no tunnel needed).
    public static func sameSubnet(_ hop: IPv4Address, _ local: InterfaceAddress?) -> Bool {
        guard let local, case .v4(let subnet)? = local.subnet else { return false }
        return subnet.contains(hop)
    }
}
