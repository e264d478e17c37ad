import NetCore

/// One reachability entry: a prefix and, with ADD-PATH (RFC 7911), its path identifier.
public struct NLRI: Hashable, Sendable {
    public var prefix: IPPrefix
    public var pathID: UInt32?
    public init(prefix: IPPrefix, pathID: UInt32? = nil) { self.prefix = prefix; self.pathID = pathID }
}

/// MP_REACH_NLRI (RFC 4760 §3). For IPv4/IPv6 unicast and multicast the NLRI are parsed as
/// prefixes; other SAFIs (labeled, VPN, …) keep their NLRI bytes opaque.
public struct MPReachNLRI: Hashable, Sendable {
    public var family: AddressFamily
    /// The next-hop field as sent (4, 16 or 32 bytes for the families Swiftlet routes; RFC 8950
    /// allows a 16/32-byte IPv6 next hop for IPv4 NLRI).
    public var nextHop: [UInt8]
    public var nlri: MPNLRI
    public init(family: AddressFamily, nextHop: [UInt8], nlri: MPNLRI) {
        self.family = family; self.nextHop = nextHop; self.nlri = nlri
    }
}

/// MP_UNREACH_NLRI (RFC 4760 §4).
public struct MPUnreachNLRI: Hashable, Sendable {
    public var family: AddressFamily
    public var withdrawn: MPNLRI
    public init(family: AddressFamily, withdrawn: MPNLRI) { self.family = family; self.withdrawn = withdrawn }
}

public enum MPNLRI: Hashable, Sendable {
    case prefixes(NLRIList)
    /// NLRI of a family whose encoding is not prefix-shaped; kept as bytes.
    case opaque([UInt8])
}
