/// The speaker's side of Adj-RIB-Out: pulling UPDATEs for a peer when its socket can take
/// them, and route refresh (RFC 2918 §4; RFC 7313 §4 BoRR / EoRR when enhanced route refresh
/// was negotiated).
import BGPWire
import NetCore

extension RoutingInformationBase {
    /// The next messages for `peer`, at most `maxBytes` encoded bytes in total (at least one
    /// message when anything is pending, so a small budget still makes progress). Each UPDATE
    /// fits the negotiated message size; encode them with the session's `encodeContext`.
    /// Order per family: BoRR, withdrawals, announcements, then EoRR and End-of-RIB once the
    /// family has nothing left pending. IPv4 unicast before IPv6 unicast.
    public mutating func nextMessages(for peer: PeerID, maxBytes: Int) -> [BGPMessage] {
        guard let target = exportTarget(peer) else { return [] }
        var budget = MessageBudget(remaining: maxBytes, messageLimit: target.session.maxMessageLength)
        var out: [BGPMessage] = []
        ipv4.adjRIBOut[peer.index].pull(budget: &budget, session: target.session, table: &context.attributes, into: &out)
        ipv6.adjRIBOut[peer.index].pull(budget: &budget, session: target.session, table: &context.attributes, into: &out)
        return out
    }

    /// True when `peer` has messages waiting (the speaker arms its write source on this).
    public func hasPendingMessages(for peer: PeerID) -> Bool {
        guard peer != .local, peer.index < ipv4.adjRIBOut.count else { return false }
        return ipv4.adjRIBOut[peer.index].hasPendingMessages || ipv6.adjRIBOut[peer.index].hasPendingMessages
    }

    /// The peer asked for `family` again (ROUTE-REFRESH, RFC 2918 §4): the whole Adj-RIB-Out
    /// of the family is sent again, framed by BoRR / EoRR with enhanced route refresh (RFC 7313 §4).
    public mutating func routeRefreshRequested(by peer: PeerID, family: AddressFamily) {
        guard let target = exportTarget(peer), target.session.families.contains(family) else { return }
        let enhanced = target.session.enhancedRouteRefresh
        switch family {
        case .ipv4Unicast:
            ipv4.adjRIBOut[peer.index].stageResendAll(table: &context.attributes)
            if enhanced { ipv4.adjRIBOut[peer.index].refresh = .beginning }
        case .ipv6Unicast:
            ipv6.adjRIBOut[peer.index].stageResendAll(table: &context.attributes)
            if enhanced { ipv6.adjRIBOut[peer.index].refresh = .beginning }
        default:
            break
        }
    }
}
