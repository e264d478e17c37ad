/// The capabilities in force on a session, derived in one place from announced + received.
import BGPWire
import NetCore

/// What both sides agreed to (RFC 5492 §3: a capability is in use only when both advertised it,
/// except where the extension's RFC says otherwise, as ADD-PATH's direction does).
public struct NegotiatedCapabilities: Hashable, Sendable {
    /// Our role and the peer's (RFC 9234), when both sent one.
    public struct RolePair: Hashable, Sendable {
        public var local: BGPRole
        public var remote: BGPRole
        public init(local: BGPRole, remote: BGPRole) { self.local = local; self.remote = remote }
    }

    /// Address families both support (RFC 4760 §8, IPv4 unicast implied for a side sending none).
    public var families: Set<AddressFamily> = []
    /// Both sent the 4-octet AS capability (RFC 6793 §4).
    public var fourOctetAS = false
    public var routeRefresh = false
    public var enhancedRouteRefresh = false
    /// RFC 8654: both sent Extended Message, so messages may be up to 65535 bytes.
    public var extendedMessage = false
    /// Families whose received NLRI carry path identifiers (we receive, they send; RFC 7911 §4).
    public var addPathReceive: Set<AddressFamily> = []
    /// Families whose sent NLRI carry path identifiers (we send, they receive).
    public var addPathSend: Set<AddressFamily> = []
    /// RFC 8950 entries both sent.
    public var extendedNextHop: Set<ExtendedNextHopEntry> = []
    /// The peer's Graceful Restart (restart time, flags, its negotiated families), when both sent it.
    public var gracefulRestart: GracefulRestart?
    /// The peer's Long-Lived Graceful Restart families (negotiated ones), when both sent it.
    public var longLivedGracefulRestart: LongLivedGracefulRestart?
    public var roles: RolePair?
    /// The peer's FQDN, informational only.
    public var peerFQDN: CapabilitySet.FQDN?

    public init() {}

    /// The one derivation of the negotiated set (as OpenBGPD's `capa_neg_calc`).
    public static func negotiate(announced: CapabilitySet, received: CapabilitySet) -> NegotiatedCapabilities {
        var n = NegotiatedCapabilities()
        n.families = announced.supportedFamilies.intersection(received.supportedFamilies)
        n.fourOctetAS = announced.fourOctetAS != nil && received.fourOctetAS != nil
        n.routeRefresh = announced.routeRefresh && received.routeRefresh
        n.enhancedRouteRefresh = announced.enhancedRouteRefresh && received.enhancedRouteRefresh
        n.extendedMessage = announced.extendedMessage && received.extendedMessage
        n.addPathReceive = addPath(n.families, we: announced, mode: .receive, they: received, mode: .send)
        n.addPathSend = addPath(n.families, we: announced, mode: .send, they: received, mode: .receive)
        n.extendedNextHop = announced.extendedNextHop.intersection(received.extendedNextHop)
        n.gracefulRestart = peerGracefulRestart(n.families, announced, received)
        n.longLivedGracefulRestart = peerLongLivedGracefulRestart(n.families, announced, received)
        if let local = announced.role, let remote = received.role { n.roles = RolePair(local: local, remote: remote) }
        n.peerFQDN = received.fqdn
        return n
    }

    /// Families where we announced `ours` and the peer announced `theirs` (RFC 7911 §4).
    private static func addPath(_ families: Set<AddressFamily>, we announced: CapabilitySet, mode ours: AddPathMode,
                                they received: CapabilitySet, mode theirs: AddPathMode) -> Set<AddressFamily> {
        families.filter { family in
            (announced.addPath[family] ?? []).contains(ours) && (received.addPath[family] ?? []).contains(theirs)
        }
    }

    /// RFC 4724 §4: in use when both sent it; the peer's families limited to negotiated ones.
    private static func peerGracefulRestart(_ families: Set<AddressFamily>, _ announced: CapabilitySet,
                                            _ received: CapabilitySet) -> GracefulRestart? {
        guard announced.gracefulRestart != nil, var peer = received.gracefulRestart else { return nil }
        peer.families = peer.families.filter { families.contains($0.family) }
        return peer
    }

    /// RFC 9494 §4.1: as for Graceful Restart.
    private static func peerLongLivedGracefulRestart(_ families: Set<AddressFamily>, _ announced: CapabilitySet,
                                                     _ received: CapabilitySet) -> LongLivedGracefulRestart? {
        guard announced.longLivedGracefulRestart != nil,
              var peer = received.longLivedGracefulRestart else { return nil }
        peer.families = peer.families.filter { families.contains($0.family) }
        return peer
    }

    /// How the wire layer must read this peer's messages.
    public var decodeContext: DecodeContext {
        DecodeContext(fourOctetAS: fourOctetAS, addPathReceive: addPathReceive, extendedMessage: extendedMessage)
    }

    /// How the wire layer must write messages to this peer (ADD-PATH in the send direction).
    public var encodeContext: EncodeContext {
        EncodeContext(fourOctetAS: fourOctetAS, addPathReceive: addPathSend, extendedMessage: extendedMessage)
    }
}
