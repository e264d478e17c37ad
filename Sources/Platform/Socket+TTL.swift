/// Hop limits: the TTL we send with (IP_TTL / IPV6_UNICAST_HOPS; eBGP multihop) and the
/// smallest TTL we accept (IP_MINTTL / IPV6_MINHOPCOUNT; GTSM, RFC 5082 §3), per family.
import CPlatform
import Glibc

extension Socket {
    private var ttlOption: (level: Int32, name: Int32, text: String) {
        family == .ipv4 ? (Int32(IPPROTO_IP), IP_TTL, "IP_TTL")
                        : (Int32(IPPROTO_IPV6), IPV6_UNICAST_HOPS, "IPV6_UNICAST_HOPS")
    }

    private var minimumTTLOption: (level: Int32, name: Int32, text: String) {
        family == .ipv4 ? (Int32(IPPROTO_IP), IP_MINTTL, "IP_MINTTL")
                        : (Int32(IPPROTO_IPV6), cplatform_ipv6_minhopcount, "IPV6_MINHOPCOUNT")
    }

    /// The TTL (hop limit) of packets sent on this socket, 1...255.
    public func setTimeToLive(_ ttl: UInt8) throws(SystemCallError) {
        let o = ttlOption
        try setOption(level: o.level, name: o.name, Int32(ttl), "setsockopt(\(o.text))")
    }

    public func timeToLive() throws(SystemCallError) -> Int {
        let o = ttlOption
        return Int(try option(level: o.level, name: o.name, "getsockopt(\(o.text))"))
    }

    /// Drop received packets whose TTL (hop limit) is below `ttl`; 0 turns the check off.
    /// RFC 5082 §3: a peer `hops` away sends with TTL 255, so accept ≥ 255 - (hops - 1).
    public func setMinimumTimeToLive(_ ttl: UInt8) throws(SystemCallError) {
        let o = minimumTTLOption
        try setOption(level: o.level, name: o.name, Int32(ttl), "setsockopt(\(o.text))")
    }

    public func minimumTimeToLive() throws(SystemCallError) -> Int {
        let o = minimumTTLOption
        return Int(try option(level: o.level, name: o.name, "getsockopt(\(o.text))"))
    }
}
