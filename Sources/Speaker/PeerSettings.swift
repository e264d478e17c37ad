/// `PeerSettings`: one BGP neighbour as the speaker runs it — transport (address, port, source
/// address, TCP MD5 key of RFC 2385, TTL or GTSM of RFC 5082), session (ASes, timers of
/// RFC 4271 §10, passive) and routing (RFC 4456 client, next hop, AS-loop allowance, limits).
import NetCore

public struct PeerSettings: Hashable, Sendable {
    /// Where the peering comes from (what `swiftletctl peers` shows as the type).
    public enum Kind: String, Hashable, Sendable, Codable {
        case mesh, global, node, rrClient = "rr-client"
    }

    /// What happens to NEXT_HOP on routes sent to this peer (Calico `nextHopMode`).
    public enum NextHopMode: String, Hashable, Sendable, Codable {
        /// eBGP: self; iBGP: keep learned next hops (RFC 4271 §5.1.3), self for our own routes.
        case auto
        /// Always next hop self.
        case `self`
        /// Keep the learned next hop (same as `auto` for the RIB today).
        case keep
    }

    /// Calico's protocol name (`Mesh_10_0_0_2`, `Global_192_0_2_1`) or any display name.
    public var name: String
    public var kind: Kind
    /// The peer's address: the key of a peer (two peers never share an address).
    public var address: IPAddress
    /// The peer's BGP port (RFC 4271 §8.2.1: 179).
    public var port: UInt16
    public var remoteAS: ASN
    /// The AS we present to this peer; nil means the node's AS (Calico localASNumber).
    public var localAS: ASN?
    /// Never connect; wait for the peer (Calico's mesh rule: the smaller IP is passive).
    public var passive: Bool
    /// Keepalive interval in seconds; nil means a third of the negotiated hold time.
    public var keepaliveTime: UInt16?
    /// Hold time in seconds we offer in our OPEN; nil means the speaker's default.
    public var holdTime: UInt16?
    /// The TCP MD5 key itself (already read from the secret file), nil for none.
    public var password: String?
    /// GTSM hop count (RFC 5082); nil means TTL security off.
    public var ttlSecurity: UInt8?
    /// TTL of outgoing packets when GTSM is off; nil means the system default (multihop).
    public var multihopTTL: UInt8?
    /// Local address to connect from.
    public var sourceAddress: IPAddress?
    /// RFC 4456 §2: this internal peer is one of our route-reflector clients.
    public var routeReflectorClient: Bool
    public var nextHopMode: NextHopMode
    /// Times our own AS may appear in a received AS_PATH (Calico numAllowedLocalASNumbers).
    public var numAllowedLocalAS: Int
    /// Accepted prefixes per family above which the session is stopped (RFC 4486 Cease 6/1).
    public var maxPrefixes: Int?
    /// BGPFilter names, in order (looked up in `SpeakerConfiguration.filters`).
    public var filters: [String]

    public init(name: String? = nil, kind: Kind = .global, address: IPAddress, port: UInt16 = 179,
                remoteAS: ASN, localAS: ASN? = nil, passive: Bool = false, keepaliveTime: UInt16? = nil,
                holdTime: UInt16? = nil, password: String? = nil, ttlSecurity: UInt8? = nil,
                multihopTTL: UInt8? = nil, sourceAddress: IPAddress? = nil, routeReflectorClient: Bool = false,
                nextHopMode: NextHopMode = .auto, numAllowedLocalAS: Int = 0, maxPrefixes: Int? = nil,
                filters: [String] = []) {
        self.name = name ?? "\(kind.rawValue)_\(address)"
        self.kind = kind; self.address = address; self.port = port; self.remoteAS = remoteAS
        self.localAS = localAS; self.passive = passive; self.keepaliveTime = keepaliveTime
        self.holdTime = holdTime; self.password = password; self.ttlSecurity = ttlSecurity
        self.multihopTTL = multihopTTL; self.sourceAddress = sourceAddress
        self.routeReflectorClient = routeReflectorClient; self.nextHopMode = nextHopMode
        self.numAllowedLocalAS = numAllowedLocalAS; self.maxPrefixes = maxPrefixes; self.filters = filters
    }

    /// What the TCP connection itself carries changed: a new connection is unavoidable.
    public func needsNewConnection(toBecome new: PeerSettings) -> Bool {
        address != new.address || port != new.port || password != new.password || sourceAddress != new.sourceAddress
            || ttlSecurity != new.ttlSecurity || multihopTTL != new.multihopTTL
    }

    /// True when going from `self` to `new` needs the session torn down and started again:
    /// the TCP connection (address, port, source, MD5 key, TTL/GTSM, who connects) or the OPEN
    /// (our AS, the peer's AS) changes. Timers take effect at the next OPEN, routing settings live.
    public func needsReset(toBecome new: PeerSettings) -> Bool {
        address != new.address || port != new.port || remoteAS != new.remoteAS || localAS != new.localAS
            || password != new.password || sourceAddress != new.sourceAddress || ttlSecurity != new.ttlSecurity
            || multihopTTL != new.multihopTTL || passive != new.passive
    }
}
