/// IFLA_INFO_DATA of a "vxlan" link (<linux/if_link.h> IFLA_VXLAN_*; drivers/net/vxlan): the
/// VNI, the underlay device, the local VTEP address, the UDP port (NETWORK byte order on the
/// wire) and whether the FDB learns from traffic. Encoded in iproute2's order.
import NetCore

public struct VXLANInfo: Hashable, Sendable {
    /// IFLA_VXLAN_ID (the VNI; Calico uses 4096).
    public var id: UInt32
    /// IFLA_VXLAN_LINK: ifindex of the underlay device.
    public var link: UInt32?
    /// IFLA_VXLAN_LOCAL (IPv4) or IFLA_VXLAN_LOCAL6 (IPv6).
    public var local: IPAddress?
    /// IFLA_VXLAN_PORT (Calico and IANA: 4789).
    public var port: UInt16?
    /// IFLA_VXLAN_LEARNING (Calico: off, entries are programmed).
    public var learning: Bool?

    public init(id: UInt32, link: UInt32? = nil, local: IPAddress? = nil, port: UInt16? = nil, learning: Bool? = nil) {
        self.id = id
        self.link = link
        self.local = local
        self.port = port
        self.learning = learning
    }

    func encode(into w: inout NetlinkWriter) {
        if let link { w.attribute(IFLAVXLAN.link, uint32: link) }
        w.attribute(IFLAVXLAN.id, uint32: id)
        switch local {
        case .v4(let a)?: w.attribute(IFLAVXLAN.local, bytes: a.bytes)
        case .v6(let a)?: w.attribute(IFLAVXLAN.local6, bytes: a.bytes)
        case nil: break
        }
        if let learning { w.attribute(IFLAVXLAN.learning, uint8: learning ? 1 : 0) }
        if let port { w.attribute(IFLAVXLAN.port, uint16BigEndian: port) }
    }

    init(_ attributes: [NetlinkAttribute]) throws(NetlinkDecodeError) {
        guard let id = attributes.first(IFLAVXLAN.id) else {
            throw .badAttribute(type: IFLAVXLAN.id, context: "vxlan info without IFLA_VXLAN_ID")
        }
        self.id = try id.uint32()
        link = try attributes.first(IFLAVXLAN.link)?.uint32()
        if let a = attributes.first(IFLAVXLAN.local) {
            local = try a.address(family: AF.inet)
        } else if let a = attributes.first(IFLAVXLAN.local6) {
            local = try a.address(family: AF.inet6)
        }
        port = try attributes.first(IFLAVXLAN.port)?.uint16BigEndian()
        learning = try attributes.first(IFLAVXLAN.learning).map { a throws(NetlinkDecodeError) in try a.uint8() != 0 }
    }
}
