/// The speaker's snapshot and report values for the daemon and its control socket
/// (`swiftletctl status / peers / routes`): plain Codable, Sendable structs, text for addresses
/// and prefixes so their JSON is what an operator reads. The `Speaker` class is in Speaker.swift;
/// its configuration in SpeakerConfiguration.swift and PeerSettings.swift.
import Foundation
import NetCore

/// `Speaker.status()`: the node's BGP identity and counters.
public struct SpeakerStatus: Hashable, Sendable, Codable {
    public var routerID: String
    public var localAS: UInt32
    public var clusterID: String?
    /// The bound port (the real one when the configuration asked for 0).
    public var listenPort: UInt16
    public var listenAddresses: [String]
    /// Seconds since `start()`.
    public var uptime: Double
    public var peersByState: [String: Int]
    public var establishedPeers: Int
    public var totalPeers: Int
    /// Connections refused because their source is not a configured peer.
    public var refusedConnections: Int
    public var refusedByAddress: [String: Int]
    public var ipv4Prefixes: Int
    public var ipv6Prefixes: Int
    /// The most recent errors, oldest first, each "peer: text" (at most 20).
    public var lastErrors: [String]
}

/// `Speaker.peers()`: one row per configured peer (what `birdc show protocols` shows).
public struct PeerStatus: Hashable, Sendable, Codable {
    public var name: String
    public var address: String
    public var port: UInt16
    public var kind: PeerSettings.Kind
    public var remoteAS: UInt32
    public var localAS: UInt32
    public var passive: Bool
    /// RFC 4271 §8.2.2 state name (`Idle` … `Established`).
    public var state: String
    /// When the state was entered.
    public var since: Date
    /// Seconds in the current state.
    public var secondsInState: Double
    public var peerRouterID: String?
    public var prefixesReceived: Int
    public var prefixesAccepted: Int
    public var prefixesAdvertised: Int
    /// Why the session last went down (the NOTIFICATION with its RFC 8203 text, the socket
    /// error…), nil when it never did.
    public var lastError: String?
    public var negotiatedHoldTime: UInt16?
    public var negotiatedKeepaliveTime: UInt16?
    /// Negotiated capabilities (`ipv4-unicast`, `route-refresh`, `4-octet-as`…).
    public var capabilities: [String]
    /// Process-unique id of the session's TCP connection (changes on every reconnect).
    public var connectionID: UInt64?
    /// Times the session reached Established.
    public var establishedCount: Int
    /// Families (`ipv4-unicast`, `ipv6-unicast`) whose End-of-RIB (RFC 4724 §2) arrived in the
    /// current session (nil in replies that predate it).
    public var endOfRIBReceived: [String]? = nil
}

/// `Speaker.routes(prefix:)`: one path of one prefix.
public struct RouteStatus: Hashable, Sendable, Codable {
    public var prefix: String
    /// The best path (RFC 4271 §9.1.2).
    public var best: Bool
    /// Part of the multipath set the kernel writer installs.
    public var multipath: Bool
    public var nextHop: String?
    /// Space-separated AS numbers, `{…}` for an AS_SET.
    public var asPath: String
    public var origin: String
    public var localPref: UInt32?
    public var med: UInt32?
    public var communities: [String]
    public var largeCommunities: [String]
    public var originatorID: String?
    public var clusterList: [String]
    /// The peer's address, or "local" for a route this node originates.
    public var fromPeer: String
    /// The peer's display name, or "local".
    public var fromPeerName: String
}

/// What `Speaker.apply(_:)` did, by peer name.
public struct ApplyReport: Hashable, Sendable, Codable {
    public var added: [String] = []
    public var removed: [String] = []
    /// Sessions torn down and started again (transport or AS changed).
    public var reset: [String] = []
    /// Changed without a reset (timers from the next OPEN, routing policy re-exported now).
    public var updatedLive: [String] = []
    public var unchanged: [String] = []
    /// Originated prefixes added and withdrawn.
    public var originatedAdded: [String] = []
    public var originatedWithdrawn: [String] = []
    /// Export/import policy changed: every established peer's Adj-RIB-Out was recomputed.
    public var policyChanged = false
    /// Identity or listening changed: everything was restarted.
    public var restarted = false
    public init() {}
}

/// A Loc-RIB change for the kernel writer: the prefix's current multipath next hops (best
/// first), empty when it has no route any more; `local` for our own originated prefixes.
public struct RouteChange: Hashable, Sendable {
    public var prefix: IPPrefix
    public var nextHops: [IPAddress]
    public var isLocal: Bool
    public init(prefix: IPPrefix, nextHops: [IPAddress], isLocal: Bool) {
        self.prefix = prefix; self.nextHops = nextHops; self.isLocal = isLocal
    }
}
