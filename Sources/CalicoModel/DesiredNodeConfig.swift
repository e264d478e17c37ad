/// Everything one node should be doing in BGP, computed from all resources (see `compute`).

import NetCore

public struct DesiredNodeConfig: Hashable, Sendable {
    /// A pool and what this node does with it.
    public struct Pool: Hashable, Sendable {
        public var name: String
        public var cidr: IPPrefix
        public var blockSize: UInt8
        public var ipipMode: IPPool.EncapsulationMode
        public var vxlanMode: IPPool.EncapsulationMode
        public var natOutgoing: Bool
        public var disabled: Bool
        /// Routes inside the pool may be sent to peers (enabled and no disableBGPExport).
        public var exported: Bool
        /// The pool's nodeSelector selects this node.
        public var selectsThisNode: Bool
    }

    /// A prefixAdvertisements entry with its communities resolved.
    public struct PrefixAdvertisement: Hashable, Sendable {
        public var cidr: IPPrefix
        public var communities: [BGPCommunity]
    }

    /// Another node's addresses, for tunnel routes.
    public struct RemoteNode: Hashable, Sendable {
        public var name: String
        public var ipv4Address: IPAddress?
        public var ipv6Address: IPAddress?
        public var ipv4IPIPTunnelAddr: IPv4Address?
        public var ipv4VXLANTunnelAddr: IPv4Address?
        public var vxlanTunnelMACAddr: String?
    }

    public var nodeName: String
    /// The node's IPv4 address; nil for an IPv6-only node (the caller must then pick one).
    public var routerID: RouterID?
    public var asNumber: ASN
    public var listenPort: UInt16
    /// Addresses to bind (bindMode NodeIP); empty means any address.
    public var listenAddresses: [IPAddress]
    public var ipv4Address: InterfaceAddress?
    public var ipv6Address: InterfaceAddress?
    public var routeReflectorClusterID: IPv4Address?
    public var meshEnabled: Bool
    /// Default hold time from the `default` BGPConfiguration's annotation.
    public var holdTime: UInt16?
    public var logSeverity: String?
    public var ignoredInterfaces: [String]
    /// Sorted by name (Calico's order).
    public var peers: [PeerConfig]
    /// BGPFilters referenced by the peers, by name.
    public var filters: [String: BGPFilter]
    /// Confirmed blocks of this node inside exported pools.
    public var localBlocks: [IPPrefix]
    public var prefixAdvertisements: [PrefixAdvertisement]
    public var pools: [Pool]
    public var remoteNodes: [RemoteNode]
}
