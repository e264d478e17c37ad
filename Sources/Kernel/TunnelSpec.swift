/// `TunnelSpec`: the tunnel dataplane the daemon wants on this node, as Calico/Felix builds it —
/// the VXLAN device (`vxlan.calico`: VNI 4096, UDP 4789, local = the node's address, underlay =
/// the interface holding it, MTU = underlay − 50, learning off), the IPIP fallback device
/// (`tunl0`: MTU underlay − 20), each with this node's tunnel address as a /32, and one
/// permanent neighbour plus one FDB entry per remote VTEP.
import NetCore
import NetlinkWire

public struct TunnelSpec: Hashable, Sendable {
    /// nil: no pool needs VXLAN; a `vxlan.calico` Swiftlet created is deleted.
    public var vxlan: VXLANDeviceSpec?
    /// nil: no pool needs IPIP; the tunnel address Swiftlet put on `tunl0` is removed.
    public var ipip: IPIPDeviceSpec?
    /// Remote VTEPs reached through `vxlan.calico` (ignored without `vxlan`).
    public var peers: [VXLANPeer]

    public init(vxlan: VXLANDeviceSpec? = nil, ipip: IPIPDeviceSpec? = nil, peers: [VXLANPeer] = []) {
        self.vxlan = vxlan
        self.ipip = ipip
        self.peers = peers
    }

    /// The IFLA_IFALIAS Swiftlet sets on a device it created: the mark that it may delete it
    /// again, across restarts (the kernel ignores an alias in the create request itself).
    public static let ownerAlias = "created by swiftletd"
}

/// `vxlan.calico` as Felix creates it (vxlan_mgr.go).
public struct VXLANDeviceSpec: Hashable, Sendable {
    public static let calicoName = "vxlan.calico"
    public static let calicoVNI: UInt32 = 4096
    public static let calicoPort: UInt16 = 4789
    /// Outer IPv4 (20) + UDP (8) + VXLAN (8) + inner Ethernet (14) headers.
    public static let overhead: UInt32 = 50

    public var name: String
    public var vni: UInt32
    public var port: UInt16
    /// This node's address (IFLA_VXLAN_LOCAL); the interface holding it is the underlay.
    public var local: IPv4Address
    /// This node's vxlanTunnelMACAddr; nil lets the kernel pick a random one.
    public var mac: LinkLayerAddress?
    /// This node's ipv4VXLANTunnelAddr, put on the device as a /32.
    public var address: IPv4Address?

    public init(local: IPv4Address, mac: LinkLayerAddress? = nil, address: IPv4Address? = nil,
                name: String = VXLANDeviceSpec.calicoName, vni: UInt32 = VXLANDeviceSpec.calicoVNI,
                port: UInt16 = VXLANDeviceSpec.calicoPort) {
        self.name = name
        self.vni = vni
        self.port = port
        self.local = local
        self.mac = mac
        self.address = address
    }
}

/// `tunl0`, the ipip module's fallback device (remote and local "any"), as Calico uses it.
public struct IPIPDeviceSpec: Hashable, Sendable {
    public static let calicoName = "tunl0"
    /// The outer IPv4 header.
    public static let overhead: UInt32 = 20

    public var name: String
    /// This node's address: the interface holding it gives the MTU.
    public var local: IPv4Address
    /// This node's ipv4IPIPTunnelAddr, put on the device as a /32.
    public var address: IPv4Address?

    public init(local: IPv4Address, address: IPv4Address? = nil, name: String = IPIPDeviceSpec.calicoName) {
        self.name = name
        self.local = local
        self.address = address
    }
}

/// One remote node's VTEP: `ip neigh replace <vtep> lladdr <mac> dev vxlan.calico nud permanent`
/// and `bridge fdb replace <mac> dev vxlan.calico dst <node> self permanent`.
public struct VXLANPeer: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The remote node's ipv4VXLANTunnelAddr (the route's gateway).
    public var vtep: IPv4Address
    /// The remote node's vxlanTunnelMACAddr.
    public var mac: LinkLayerAddress
    /// The remote node's own address: where the encapsulated packets go.
    public var node: IPv4Address

    public init(vtep: IPv4Address, mac: LinkLayerAddress, node: IPv4Address) {
        self.vtep = vtep
        self.mac = mac
        self.node = node
    }

    public static func < (l: VXLANPeer, r: VXLANPeer) -> Bool { l.vtep < r.vtep }

    public var description: String { "\(vtep) lladdr \(mac) via \(node)" }
}

extension VXLANPeer {
    /// From a Node resource's `vxlanTunnelMACAddr` text; nil when it is not a 6-byte MAC.
    public init?(vtep: IPv4Address, macText: String, node: IPv4Address) {
        guard let mac = LinkLayerAddress(macText), mac.bytes.count == 6 else { return nil }
        self.init(vtep: vtep, mac: mac, node: node)
    }
}

extension VXLANDeviceSpec {
    /// With this node's `vxlanTunnelMACAddr` as text (nil or not a 6-byte MAC: the kernel picks one).
    public init(local: IPv4Address, macText: String?, address: IPv4Address?) {
        let mac = macText.flatMap { LinkLayerAddress($0) }.flatMap { $0.bytes.count == 6 ? $0 : nil }
        self.init(local: local, mac: mac, address: address)
    }
}
