/// `SpeakerConfiguration`: everything the speaker runs with — identity (router ID, AS, RFC 4456
/// cluster ID), listening sockets, peers, locally originated prefixes with their communities,
/// and the Calico export/import policy inputs (pools, BGPFilters).
import CalicoModel
import NetCore

public struct SpeakerConfiguration: Hashable, Sendable {
    /// A prefix this node originates (a pod block or a prefixAdvertisement) with its
    /// communities (RFC 1997 standard and RFC 8092 large, as Calico writes them).
    public struct OriginatedPrefix: Hashable, Sendable {
        public var prefix: IPPrefix
        public var communities: [BGPCommunity]
        public init(_ prefix: IPPrefix, communities: [BGPCommunity] = []) {
            self.prefix = prefix; self.communities = communities
        }
    }

    public var routerID: RouterID
    public var localAS: ASN
    /// Set on a route reflector (RFC 4456 §7).
    public var clusterID: IPv4Address?
    /// Addresses to listen on; empty means 0.0.0.0 and ::.
    public var listenAddresses: [IPAddress]
    /// The BGP port (179); 0 picks an ephemeral port (tests: read it from `status().listenPort`).
    public var listenPort: UInt16
    /// Our IPv4 address for next hop self when the session itself is not IPv4.
    public var localIPv4: IPv4Address?
    /// Our IPv6 address for next hop self when the session itself is not IPv6 (RFC 2545 §3).
    public var localIPv6: IPv6Address?
    /// Hold time offered when a peer sets none (RFC 4271 §10 suggests 90 s).
    public var holdTime: UInt16
    public var peers: [PeerSettings]
    public var originated: [OriginatedPrefix]
    /// Routes inside one of these may be exported (enabled pools without disableBGPExport, and
    /// prefixAdvertisements); routes outside every one are never exported (Calico).
    public var exportAllowed: [IPPrefix]
    /// Routes inside one of these are never exported (pools with disableBGPExport), checked first.
    public var exportDenied: [IPPrefix]
    /// When set, only routes inside one of these are imported; nil imports everything (Calico's
    /// `import all` plus the BGPFilter import rules).
    public var importAllowed: [IPPrefix]?
    /// BGPFilters by name, referenced by `PeerSettings.filters`.
    public var filters: [String: BGPFilter]
    /// ConnectRetryTime (RFC 4271 §10: 120 s).
    public var connectRetryTime: Duration
    /// Delay before an automatic restart after an error (RFC 4271 §8.1.1 IdleHoldTime).
    public var idleHoldTime: Duration
    /// Give up an active connect after this long (with MD5, a timeout hints at a key mismatch).
    public var connectTimeout: Duration

    public init(routerID: RouterID, localAS: ASN, clusterID: IPv4Address? = nil, listenAddresses: [IPAddress] = [],
                listenPort: UInt16 = 179, localIPv4: IPv4Address? = nil, localIPv6: IPv6Address? = nil,
                holdTime: UInt16 = 90, peers: [PeerSettings] = [], originated: [OriginatedPrefix] = [],
                exportAllowed: [IPPrefix] = [], exportDenied: [IPPrefix] = [], importAllowed: [IPPrefix]? = nil,
                filters: [String: BGPFilter] = [:], connectRetryTime: Duration = .seconds(120),
                idleHoldTime: Duration = .seconds(5), connectTimeout: Duration = .seconds(30)) {
        self.routerID = routerID; self.localAS = localAS; self.clusterID = clusterID
        self.listenAddresses = listenAddresses; self.listenPort = listenPort
        self.localIPv4 = localIPv4; self.localIPv6 = localIPv6; self.holdTime = holdTime
        self.peers = peers; self.originated = originated; self.exportAllowed = exportAllowed
        self.exportDenied = exportDenied; self.importAllowed = importAllowed; self.filters = filters
        self.connectRetryTime = connectRetryTime; self.idleHoldTime = idleHoldTime
        self.connectTimeout = connectTimeout
    }

    /// True when `self` and `new` need a new RIB (every session reset): identity or listening changed.
    func needsRestart(toBecome new: SpeakerConfiguration) -> Bool {
        routerID != new.routerID || localAS != new.localAS || clusterID != new.clusterID
            || listenAddresses != new.listenAddresses || listenPort != new.listenPort
    }
}
