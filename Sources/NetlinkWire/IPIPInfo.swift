/// IFLA_INFO_DATA of an "ipip" link (<linux/if_tunnel.h> IFLA_IPTUN_*; net/ipv4/ipip.c).
/// Encoded exactly as iproute2's iptunnel_parse_opt sends it: every field, zero meaning "any"
/// or "inherit", including the unused FOU encapsulation fields.
import NetCore

public struct IPIPInfo: Hashable, Sendable {
    /// IFLA_IPTUN_LINK: underlay ifindex, 0 for none.
    public var link: UInt32
    /// IFLA_IPTUN_LOCAL, 0.0.0.0 for any.
    public var local: IPv4Address
    /// IFLA_IPTUN_REMOTE, 0.0.0.0 for any (Calico's tunl0 is remote-any).
    public var remote: IPv4Address
    /// IFLA_IPTUN_TTL, 0 = inherit.
    public var ttl: UInt8
    /// IFLA_IPTUN_TOS, 0 = inherit.
    public var tos: UInt8
    /// IFLA_IPTUN_PMTUDISC.
    public var pmtudisc: Bool
    /// IFLA_IPTUN_FWMARK.
    public var fwmark: UInt32

    public init(link: UInt32 = 0, local: IPv4Address = .zero, remote: IPv4Address = .zero, ttl: UInt8 = 0,
                tos: UInt8 = 0, pmtudisc: Bool = true, fwmark: UInt32 = 0) {
        self.link = link
        self.local = local
        self.remote = remote
        self.ttl = ttl
        self.tos = tos
        self.pmtudisc = pmtudisc
        self.fwmark = fwmark
    }

    func encode(into w: inout NetlinkWriter) {
        w.attribute(IFLAIPTun.proto, uint8: 0)  // IPPROTO_IP: plain IPv4-in-IPv4
        w.attribute(IFLAIPTun.local, bytes: local.bytes)
        w.attribute(IFLAIPTun.remote, bytes: remote.bytes)
        w.attribute(IFLAIPTun.pmtudisc, uint8: pmtudisc ? 1 : 0)
        w.attribute(IFLAIPTun.tos, uint8: tos)
        w.attribute(IFLAIPTun.ttl, uint8: ttl)
        w.attribute(IFLAIPTun.link, uint32: link)
        w.attribute(IFLAIPTun.fwmark, uint32: fwmark)
        w.attribute(IFLAIPTun.encapType, uint16: 0)  // TUNNEL_ENCAP_NONE
        w.attribute(IFLAIPTun.encapFlags, uint16: 0)
        w.attribute(IFLAIPTun.encapSourcePort, uint16BigEndian: 0)
        w.attribute(IFLAIPTun.encapDestinationPort, uint16BigEndian: 0)
    }

    init(_ attributes: [NetlinkAttribute]) throws(NetlinkDecodeError) {
        func v4(_ type: UInt16) throws(NetlinkDecodeError) -> IPv4Address {
            guard let a = attributes.first(type) else { return .zero }
            guard case .v4(let address) = try a.address(family: AF.inet) else { return .zero }
            return address
        }
        link = try attributes.first(IFLAIPTun.link)?.uint32() ?? 0
        local = try v4(IFLAIPTun.local)
        remote = try v4(IFLAIPTun.remote)
        ttl = try attributes.first(IFLAIPTun.ttl)?.uint8() ?? 0
        tos = try attributes.first(IFLAIPTun.tos)?.uint8() ?? 0
        pmtudisc = try attributes.first(IFLAIPTun.pmtudisc).map { a throws(NetlinkDecodeError) in try a.uint8() != 0 } ?? true
        fwmark = try attributes.first(IFLAIPTun.fwmark)?.uint32() ?? 0
    }
}
