/// The Node resource: a cluster member with its BGP addresses, AS and route-reflector role.

import NetCore

public struct CalicoNode: Hashable, Sendable {
    /// `spec.bgp`.
    public struct BGPSpec: Hashable, Sendable {
        public var ipv4Address: InterfaceAddress?
        public var ipv6Address: InterfaceAddress?
        public var asNumber: ASN?
        /// Set on route reflectors; Calico writes it as a dotted quad.
        public var routeReflectorClusterID: IPv4Address?
        public var ipv4IPIPTunnelAddr: IPv4Address?
        public init() {}
    }

    public var metadata: ObjectMeta
    public var bgp: BGPSpec?
    public var ipv4VXLANTunnelAddr: IPv4Address?
    public var ipv6VXLANTunnelAddr: IPv6Address?
    public var vxlanTunnelMACAddr: String?
    public var vxlanTunnelMACAddrV6: String?

    public init(metadata: ObjectMeta) { self.metadata = metadata }

    public var name: String { metadata.name }
    public var labels: [String: String] { metadata.labels }

    /// The node's BGP address of one family.
    public func address(_ afi: AFI) -> IPAddress? {
        afi == .ipv4 ? bgp?.ipv4Address?.address : bgp?.ipv6Address?.address
    }

    public var isRouteReflector: Bool { bgp?.routeReflectorClusterID != nil }
}
