/// Strict decoding of a Node's spec.

import NetCore

extension CalicoNode {
    static let notSupportedYet: Set<String> = ["wireguard", "ipv4WireguardTunnelAddr", "ipv6WireguardTunnelAddr"]

    static func decode(_ meta: ObjectMeta, _ spec: FieldReader) -> CalicoNode {
        var n = CalicoNode(metadata: meta)
        if let bgp = spec.object("bgp") { n.bgp = decodeBGP(bgp) }
        n.ipv4VXLANTunnelAddr = spec.parse("ipv4VXLANTunnelAddr", expected: "an IPv4 address") { IPv4Address($0) }
        n.ipv6VXLANTunnelAddr = spec.parse("ipv6VXLANTunnelAddr", expected: "an IPv6 address") { IPv6Address($0) }
        n.vxlanTunnelMACAddr = spec.parse("vxlanTunnelMACAddr", expected: "a MAC address") { isMAC($0) ? $0 : nil }
        n.vxlanTunnelMACAddrV6 = spec.parse("vxlanTunnelMACAddrV6", expected: "a MAC address") { isMAC($0) ? $0 : nil }
        spec.ignore("addresses", "orchRefs")
        spec.finish(notSupportedYet: notSupportedYet)
        return n
    }

    private static func decodeBGP(_ r: FieldReader) -> BGPSpec {
        var b = BGPSpec()
        b.ipv4Address = r.parse("ipv4Address", expected: "an IPv4 address with length (10.0.0.1/24)") {
            InterfaceAddress($0).flatMap { $0.address.afi == .ipv4 ? $0 : nil }
        }
        b.ipv6Address = r.parse("ipv6Address", expected: "an IPv6 address with length (2001:db8::1/64)") {
            InterfaceAddress($0).flatMap { $0.address.afi == .ipv6 ? $0 : nil }
        }
        b.asNumber = r.asNumber("asNumber")
        b.routeReflectorClusterID = r.parse("routeReflectorClusterID", expected: "a dotted-quad cluster ID") {
            IPv4Address($0)
        }
        b.ipv4IPIPTunnelAddr = r.parse("ipv4IPIPTunnelAddr", expected: "an IPv4 address") { IPv4Address($0) }
        r.finish()
        return b
    }

    /// Six colon-separated hex pairs.
    static func isMAC(_ s: String) -> Bool {
        let parts = s.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count == 6 && parts.allSatisfy { $0.count == 2 && UInt8($0, radix: 16) != nil }
    }
}
