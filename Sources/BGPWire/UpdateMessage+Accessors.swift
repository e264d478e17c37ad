/// Typed look-ups of the attributes of an UPDATE (the first of each kind; RFC 7606 §3 g leaves
/// only one after decoding), the RFC 7606 verdict, and the RFC 4271 §5 "pass on" form.
import NetCore

extension UpdateMessage {
    /// RFC 7606 §2: every NLRI of this UPDATE (NLRI field and MP_REACH_NLRI) must be treated as
    /// withdrawn, and the withdrawals (withdrawn routes, MP_UNREACH_NLRI) still apply.
    public var treatAsWithdraw: Bool {
        attributeErrors.contains { $0.action == .treatAsWithdraw }
    }

    public var origin: Origin? {
        for a in attributes { if case .origin(let v) = a { return v } }
        return nil
    }

    /// AS_PATH as received (with AS_TRANS from a 2-octet session); see `effectiveASPath`.
    public var asPath: ASPath? {
        for a in attributes { if case .asPath(let v) = a { return v } }
        return nil
    }

    public var as4Path: ASPath? {
        for a in attributes { if case .as4Path(let v) = a { return v } }
        return nil
    }

    public var nextHop: IPv4Address? {
        for a in attributes { if case .nextHop(let v) = a { return v } }
        return nil
    }

    public var med: UInt32? {
        for a in attributes { if case .multiExitDisc(let v) = a { return v } }
        return nil
    }

    public var localPref: UInt32? {
        for a in attributes { if case .localPref(let v) = a { return v } }
        return nil
    }

    /// True when ATOMIC_AGGREGATE is present.
    public var atomicAggregate: Bool {
        attributes.contains { if case .atomicAggregate = $0 { true } else { false } }
    }

    /// AGGREGATOR as received; see `effectiveAggregator`.
    public var aggregator: Aggregator? {
        for a in attributes { if case .aggregator(let v) = a { return v } }
        return nil
    }

    public var as4Aggregator: Aggregator? {
        for a in attributes { if case .as4Aggregator(let v) = a { return v } }
        return nil
    }

    public var communities: [Community]? {
        for a in attributes { if case .communities(let v) = a { return v } }
        return nil
    }

    public var extendedCommunities: [ExtendedCommunity]? {
        for a in attributes { if case .extendedCommunities(let v) = a { return v } }
        return nil
    }

    public var largeCommunities: [LargeCommunity]? {
        for a in attributes { if case .largeCommunities(let v) = a { return v } }
        return nil
    }

    public var originatorID: RouterID? {
        for a in attributes { if case .originatorID(let v) = a { return v } }
        return nil
    }

    public var clusterList: [UInt32]? {
        for a in attributes { if case .clusterList(let v) = a { return v } }
        return nil
    }

    public var mpReach: MPReachNLRI? {
        for a in attributes { if case .mpReachNLRI(let v) = a { return v } }
        return nil
    }

    public var mpUnreach: MPUnreachNLRI? {
        for a in attributes { if case .mpUnreachNLRI(let v) = a { return v } }
        return nil
    }

    /// OTC (RFC 9234 §5).
    public var onlyToCustomer: ASN? {
        for a in attributes { if case .onlyToCustomer(let v) = a { return v } }
        return nil
    }

    /// The first attribute with type `code`, if any.
    public func attribute(_ code: AttributeCode) -> PathAttribute? {
        attributes.first { $0.code == code }
    }

    /// This UPDATE's attributes as they may be advertised onward (RFC 4271 §5): unknown optional
    /// transitive attributes get the Partial bit, unknown optional non-transitive ones are
    /// dropped. Findings are cleared.
    public func passingOn() -> UpdateMessage {
        UpdateMessage(withdrawn: withdrawn, attributes: attributes.compactMap { $0.passingOn() }, nlri: nlri)
    }
}
