/// Applying a received UPDATE (RFC 4271 §9): withdrawals (IPv4 field and MP_UNREACH_NLRI,
/// RFC 4760 §4), announcements (IPv4 NLRI with NEXT_HOP, MP_REACH_NLRI with its next hop),
/// RFC 7606 §2 treat-as-withdraw, End-of-RIB (RFC 4724 §2), the import checks and policy, and
/// the maximum-prefix count (RFC 4486 §4).
import BGPWire
import NetCore

/// NLRI announced by one UPDATE with the next hop that goes with them.
struct Reachable {
    var list: NLRIList
    var nextHop: IPAddress?
    var linkLocal: IPv6Address?
}

extension RoutingInformationBase {
    /// Applies `update` received from `peer`; ignored when the peer has no session.
    public mutating func apply(_ update: UpdateMessage, from peer: PeerID) -> UpdateOutcome {
        var outcome = UpdateOutcome()
        guard peer != .local, let record = context.peers[safe: peer.index] ?? nil,
              let session = record.session else { return outcome }
        if let family = update.endOfRIBFamily {
            outcome.endOfRIB = family
            return outcome
        }
        withdraw(update.withdrawn, from: peer)
        if let unreach = update.mpUnreach, unreach.family.safi == .unicast, case .prefixes(let list) = unreach.withdrawn {
            withdraw(list, from: peer)
        }
        let reachable = reachableNLRI(update)
        if update.treatAsWithdraw {
            outcome.treatedAsWithdraw = true
            for r in reachable { withdraw(r.list, from: peer) }
        } else if !reachable.isEmpty {
            announce(reachable, update: update, peer: peer, record: record, session: session, outcome: &outcome)
        }
        outcome.changed = context.finishOperation()
        outcome.maximumPrefixesExceeded = maximumPrefixCheck(peer, configuration: record.configuration)
        return outcome
    }

    /// The announced NLRI of `update`, per family, with their next hops.
    func reachableNLRI(_ update: UpdateMessage) -> [Reachable] {
        var out: [Reachable] = []
        if !update.nlri.isEmpty { out.append(Reachable(list: update.nlri, nextHop: update.nextHop.map { .v4($0) })) }
        if let reach = update.mpReach, reach.family.safi == .unicast, case .prefixes(let list) = reach.nlri, !list.isEmpty {
            let hop = reach.nextHopAddresses
            out.append(Reachable(list: list, nextHop: hop?.global, linkLocal: hop?.linkLocal))
        }
        return out
    }

    mutating func withdraw(_ list: NLRIList, from peer: PeerID) {
        for e in list { setPath(e.prefix, pathID: e.pathID ?? 0, peer: peer, attributes: nil) }
    }

    /// Import checks (`ImportRules`), then the import policy per prefix, then the Adj-RIB-In.
    /// A route that fails is treated as a withdrawal of the same path (RFC 4271 §9.1.2: an
    /// unusable route replaces the previous one).
    private mutating func announce(_ reachable: [Reachable], update: UpdateMessage, peer: PeerID, record: PeerRecord,
                                   session: PeerSession, outcome: inout UpdateOutcome) {
        let checked = ImportRules.check(AttributeSet(received: update), peer: record.configuration, session: session,
                                        configuration: context.configuration)
        for r in reachable {
            guard case .success(var attributes) = checked, r.nextHop != nil else {
                if case .failure(let reason) = checked { outcome.rejected[reason, default: 0] += r.list.count }
                withdraw(r.list, from: peer)
                continue
            }
            attributes.nextHop = r.nextHop
            attributes.linkLocalNextHop = r.linkLocal
            insert(r.list, attributes: attributes, peer: peer, policy: record.configuration.importPolicy, outcome: &outcome)
        }
    }

    /// Stores every NLRI of `list` with `attributes` (interned once) or the policy's verdict.
    private mutating func insert(_ list: NLRIList, attributes: AttributeSet, peer: PeerID, policy: RoutePolicy?,
                                 outcome: inout UpdateOutcome) {
        let shared = context.attributes.intern(attributes)
        for e in list {
            let pathID = e.pathID ?? 0
            switch policy?(e.prefix, attributes) ?? .accept {
            case .accept:
                context.attributes.retain(shared)
                setPath(e.prefix, pathID: pathID, peer: peer, attributes: shared)
            case .reject:
                outcome.rejected[.policy, default: 0] += 1
                setPath(e.prefix, pathID: pathID, peer: peer, attributes: nil)
            case .modify(let modified):
                setPath(e.prefix, pathID: pathID, peer: peer, attributes: context.attributes.intern(modified))
            }
        }
        context.attributes.release(shared)
    }

    /// RFC 4486 §4: the first family over the peer's limit, if any.
    func maximumPrefixCheck(_ peer: PeerID, configuration: PeerConfiguration) -> MaximumPrefixesExceeded? {
        guard let limit = configuration.maximumPrefixes else { return nil }
        let v4 = ipv4.adjRIBIn[peer.index].pathCount
        if v4 > limit { return MaximumPrefixesExceeded(family: .ipv4Unicast, limit: limit, count: v4) }
        let v6 = ipv6.adjRIBIn[peer.index].pathCount
        if v6 > limit { return MaximumPrefixesExceeded(family: .ipv6Unicast, limit: limit, count: v6) }
        return nil
    }
}
