/// One next hop of a route: a gateway (RTA_GATEWAY when it has the route's family, RTA_VIA
/// when it does not — an IPv4 route over an IPv6 next hop), an outgoing interface (RTA_OIF),
/// RTNH_F_* flags (onlink) and, inside RTA_MULTIPATH, a weight (rtnh_hops + 1).
/// <linux/rtnetlink.h> struct rtnexthop, struct rtvia.
import NetCore

public struct NextHop: Hashable, Sendable, CustomStringConvertible {
    public var gateway: IPAddress?
    /// The outgoing interface index; nil when the kernel chooses.
    public var interfaceIndex: UInt32?
    public var flags: NextHopFlags
    /// ECMP weight 1...256 (only meaningful in a multipath route).
    public var weight: Int

    public init(gateway: IPAddress? = nil, interfaceIndex: UInt32? = nil, onlink: Bool = false, weight: Int = 1) {
        self.gateway = gateway
        self.interfaceIndex = interfaceIndex
        self.flags = onlink ? .onlink : []
        self.weight = weight
    }

    public init(gateway: IPAddress?, interfaceIndex: UInt32?, flags: NextHopFlags, weight: Int = 1) {
        self.gateway = gateway
        self.interfaceIndex = interfaceIndex
        self.flags = flags
        self.weight = weight
    }

    /// RTNH_F_ONLINK: the gateway is reachable on the interface without a covering route.
    public var onlink: Bool {
        get { flags.contains(.onlink) }
        set { if newValue { flags.insert(.onlink) } else { flags.remove(.onlink) } }
    }

    /// rtnh_hops: weight − 1, clamped to a byte.
    var hops: UInt8 { UInt8(clamping: max(1, weight) - 1) }

    public var description: String {
        var parts: [String] = []
        if let gateway { parts.append("via \(gateway)") }
        if let interfaceIndex { parts.append("dev #\(interfaceIndex)") }
        if onlink { parts.append("onlink") }
        if weight != 1 { parts.append("weight \(weight)") }
        return parts.joined(separator: " ")
    }
}

extension NextHop {
    /// Writes the gateway as RTA_GATEWAY (same family as the route) or RTA_VIA (struct rtvia:
    /// u16 family in host order, then the address).
    func encodeGateway(routeFamily: UInt8, into w: inout NetlinkWriter) {
        guard let gateway else { return }
        if gateway.netlinkFamily == routeFamily {
            w.attribute(RTA.gateway, bytes: gateway.bytes)
        } else {
            w.attribute(RTA.via) { w in
                w.write(UInt16(gateway.netlinkFamily))
                w.write(contentsOf: gateway.bytes)
            }
        }
    }

    /// Reads RTA_GATEWAY or RTA_VIA from a list of attributes.
    static func decodeGateway(_ attributes: [NetlinkAttribute], routeFamily: UInt8) throws(NetlinkDecodeError) -> IPAddress? {
        if let a = attributes.first(RTA.gateway) { return try a.address(family: routeFamily) }
        guard let via = attributes.first(RTA.via) else { return nil }
        var r = NetlinkReader(via.payload, context: "RTA_VIA")
        let family = try r.readUInt16()
        guard let address = IPAddress(wireBytes: r.readRest()), UInt16(address.netlinkFamily) == family else {
            throw .badAttribute(type: RTA.via, context: "rtvia")
        }
        return address
    }
}
