/// What the RIB knows about a peer: its static configuration (from the datastore) and the
/// facts of its current session (from the OPEN exchange, RFC 4271 §4.2, RFC 5492).
import BGPWire
import NetCore

/// A peer's slot in the RIB. `PeerID.local` is the source of locally originated routes.
public struct PeerID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// Locally originated routes (pod blocks, prefix advertisements).
    public static let local = PeerID(rawValue: 0)
    public static func < (l: PeerID, r: PeerID) -> Bool { l.rawValue < r.rawValue }
    public var description: String { rawValue == 0 ? "local" : "peer\(rawValue)" }
    var index: Int { Int(rawValue) }
}

/// Per-peer settings that do not depend on the session.
public struct PeerConfiguration: Sendable {
    /// The peer's address (RFC 4271 §9.1.2.2 g: lowest peer address breaks the last tie).
    public var address: IPAddress
    /// The AS we present to this peer, when it differs from the RIB's (Calico localASNumber).
    public var localAS: ASN?
    /// RFC 4456 §2: this internal peer is a route-reflector client.
    public var routeReflectorClient: Bool
    /// Our address on this session for IPv4 next hop self.
    public var localIPv4: IPv4Address?
    /// Our global IPv6 address for IPv6 next hop self (RFC 2545 §3).
    public var localIPv6: IPv6Address?
    /// Our link-local IPv6 address, sent as the second next hop when the peer is on-link.
    public var localIPv6LinkLocal: IPv6Address?
    /// Next hop self on iBGP for learned routes too (locally originated ones always get it).
    public var nextHopSelf: Bool
    /// Times our own AS may appear in a received AS_PATH (Calico numAllowedLocalASNumbers).
    public var allowedLocalASOccurrences: Int
    /// Accepted prefixes per family above which the peer is stopped (RFC 4486 Cease 6/1).
    public var maximumPrefixes: Int?
    public var importPolicy: RoutePolicy?
    public var exportPolicy: RoutePolicy?

    public init(address: IPAddress, localAS: ASN? = nil, routeReflectorClient: Bool = false,
                localIPv4: IPv4Address? = nil, localIPv6: IPv6Address? = nil,
                localIPv6LinkLocal: IPv6Address? = nil, nextHopSelf: Bool = false,
                allowedLocalASOccurrences: Int = 0, maximumPrefixes: Int? = nil,
                importPolicy: RoutePolicy? = nil, exportPolicy: RoutePolicy? = nil) {
        self.address = address; self.localAS = localAS; self.routeReflectorClient = routeReflectorClient
        self.localIPv4 = localIPv4; self.localIPv6 = localIPv6; self.localIPv6LinkLocal = localIPv6LinkLocal
        self.nextHopSelf = nextHopSelf; self.allowedLocalASOccurrences = allowedLocalASOccurrences
        self.maximumPrefixes = maximumPrefixes; self.importPolicy = importPolicy; self.exportPolicy = exportPolicy
    }
}

/// What the OPEN exchange decided (the speaker fills this from BGPSession's `NegotiatedSession`:
/// `peerAS`, `peerIdentifier`, `isInternal`, `capabilities.families`, `encodeContext`,
/// `capabilities.enhancedRouteRefresh`).
public struct PeerSession: Hashable, Sendable {
    public var peerAS: ASN
    /// The peer's BGP Identifier.
    public var routerID: RouterID
    /// RFC 4271 §8.2.2: the peer is in our AS.
    public var isInternal: Bool
    /// Families negotiated (RFC 4760 §8); only IPv4 and IPv6 unicast are routed.
    public var families: Set<AddressFamily>
    /// How to encode for this peer: 4-octet AS, ADD-PATH send families, message size (RFC 8654).
    public var encodeContext: EncodeContext
    /// RFC 7313 negotiated: a route refresh is framed by BoRR / EoRR.
    public var enhancedRouteRefresh: Bool

    public init(peerAS: ASN, routerID: RouterID, isInternal: Bool,
                families: Set<AddressFamily> = [.ipv4Unicast, .ipv6Unicast],
                encodeContext: EncodeContext = EncodeContext(), enhancedRouteRefresh: Bool = false) {
        self.peerAS = peerAS; self.routerID = routerID; self.isInternal = isInternal
        self.families = families; self.encodeContext = encodeContext; self.enhancedRouteRefresh = enhancedRouteRefresh
    }

    /// Largest message this peer accepts (4096, or 65535 with RFC 8654).
    public var maxMessageLength: Int { encodeContext.maxMessageLength }
}

/// A peer as the RIB holds it.
struct PeerRecord: Sendable {
    var configuration: PeerConfiguration
    var session: PeerSession?
}
