/// `PeerField`: the parameters of one peering that a change plan compares, and for each whether a
/// change needs the session torn down (the TCP connection or an OPEN field changes) or is applied
/// to the running session. The split is the Speaker's (`PeerSettings.needsReset`), field by field.
import CalicoModel

/// How a changed setting reaches a running session.
public enum ChangeEffect: String, Hashable, Sendable {
    /// The session is closed (Cease, RFC 4486 subcode 6 "Other Configuration Change") and
    /// started again with the new settings.
    case reset
    /// Applied to the running session: re-export or re-import through the RIB, or kept for the
    /// next OPEN.
    case live
}

/// A compared parameter of `PeerConfig`. The address is not one: it is the peer's key (the
/// Speaker keys its runners by address), so a new address is a removed peer and an added one.
public enum PeerField: String, Hashable, Sendable, CaseIterable {
    case port
    case remoteAS = "remote AS"
    case localAS = "local AS"
    case password
    case sourceAddress = "source address"
    case ttlSecurity = "TTL security"
    case passive
    case keepaliveTime = "keepalive time"
    case holdTime = "hold time"
    case gracefulRestartTime = "graceful restart time"
    case nextHop = "next hop"
    case routeReflectorClient = "route reflector client"
    case routeReflectorClusterID = "route reflector cluster ID"
    case numAllowedLocalAS = "allowed local AS"
    case filters
    case reachableBy = "reachable by"
    case kind
    case isCalicoNode = "cluster node"
    case resource = "BGPPeer"

    public var effect: ChangeEffect {
        switch self {
        case .port, .remoteAS, .localAS, .password, .sourceAddress, .ttlSecurity, .passive: .reset
        case .keepaliveTime, .holdTime, .gracefulRestartTime, .nextHop, .routeReflectorClient,
             .routeReflectorClusterID, .numAllowedLocalAS, .filters, .reachableBy, .kind, .isCalicoNode, .resource: .live
        }
    }

    /// Why the change has that effect (RFC sections where they decide it).
    public var reason: String {
        switch self {
        case .port: "the TCP connection goes to another port (RFC 4271 §8.2.1)"
        case .remoteAS: "the AS the peer must send in its OPEN changes (RFC 4271 §6.2 Bad Peer AS)"
        case .localAS: "the AS we send in our OPEN changes (RFC 4271 §4.2, RFC 6793)"
        case .password: "the TCP MD5 key signs every segment of the connection (RFC 2385); a new key needs a new connection"
        case .sourceAddress: "the TCP connection's local address is bound before connecting"
        case .ttlSecurity: "GTSM or multihop TTL is set on the connection's socket and checked by both sides (RFC 5082 §3)"
        case .passive: "who opens the TCP connection changes (RFC 4271 §8.1.1 PassiveTcpEstablishment); the Speaker resets"
        case .keepaliveTime: "a local timer, used from the next OPEN (RFC 4271 §4.2, §10)"
        case .holdTime: "negotiated in the OPEN, so used from the next session (RFC 4271 §4.2)"
        case .gracefulRestartTime: "carried in the next OPEN's Graceful Restart capability (RFC 4724 §3)"
        case .nextHop: "NEXT_HOP is set per UPDATE: routes are re-exported (RFC 4271 §5.1.3)"
        case .routeReflectorClient: "reflection is outbound policy: routes are re-exported, the OPEN is unchanged (RFC 4456 §6)"
        case .routeReflectorClusterID: "follows the node's cluster ID; a node cluster ID change restarts everything (RFC 4456 §7)"
        case .numAllowedLocalAS: "AS_PATH loop check on import: received routes are re-evaluated (RFC 4271 §9.1.2)"
        case .filters: "BGPFilters are import/export policy: routes are re-imported and re-exported (RFC 4271 §9.1)"
        case .reachableBy: "only the kernel route to the peer changes"
        case .kind: "how the peering is named and shown; nothing on the wire"
        case .isCalicoNode: "whether the peer is a node of this cluster; the Speaker does not use it"
        case .resource: "which BGPPeer produced the peering; nothing on the wire"
        }
    }
}

/// One changed parameter of a peer, with both values as text (a password shows as its file).
public struct PeerFieldChange: Hashable, Sendable {
    public var field: PeerField
    public var old: String
    public var new: String

    public init(field: PeerField, old: String, new: String) {
        self.field = field
        self.old = old
        self.new = new
    }
}

/// A peer present in both configurations whose parameters differ.
public struct PeerChange: Hashable, Sendable {
    public var old: PeerConfig
    public var new: PeerConfig
    /// In `PeerField` order; never empty.
    public var fields: [PeerFieldChange]

    public init(old: PeerConfig, new: PeerConfig, fields: [PeerFieldChange]) {
        self.old = old
        self.new = new
        self.fields = fields
    }

    /// Any changed field needs the session reset.
    public var needsReset: Bool { fields.contains { $0.field.effect == .reset } }
}

extension PeerField {
    /// The field's value in `p` as text; nil-valued settings read as "none" or the default named.
    func value(of p: PeerConfig) -> String {
        switch self {
        case .port: p.port.map(String.init) ?? "179"
        case .remoteAS: p.remoteAS.description
        case .localAS: p.localAS.description
        case .password: p.password.map { "file \($0.path)" } ?? "none"
        case .sourceAddress: p.sourceAddress?.description ?? "none"
        case .ttlSecurity: p.ttlSecurity.map { "\($0) hops" } ?? "off (multihop)"
        case .passive: p.passive ? "yes" : "no"
        case .keepaliveTime: p.keepaliveTime.map { "\($0) s" } ?? "default"
        case .holdTime: p.holdTime.map { "\($0) s" } ?? "node default"
        case .gracefulRestartTime: p.gracefulRestartTime.map { "\($0) s" } ?? "default"
        case .nextHop: p.nextHop.rawValue
        case .routeReflectorClient: p.routeReflectorClient ? "yes" : "no"
        case .routeReflectorClusterID: p.routeReflectorClusterID?.description ?? "none"
        case .numAllowedLocalAS: p.numAllowedLocalAS.map(String.init) ?? "0"
        case .filters: p.filters.isEmpty ? "none" : p.filters.joined(separator: ",")
        case .reachableBy: p.reachableBy?.description ?? "none"
        case .kind: p.kind.rawValue.lowercased()
        case .isCalicoNode: p.isCalicoNode ? "yes" : "no"
        case .resource: p.resource ?? "none"
        }
    }
}
