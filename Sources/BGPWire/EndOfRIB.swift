/// End-of-RIB markers (RFC 4724 §2): for IPv4 unicast an UPDATE with no withdrawn routes, no
/// attributes and no NLRI; for any other family an UPDATE whose only attribute is an
/// MP_UNREACH_NLRI of that family with no withdrawn routes.
import NetCore

extension UpdateMessage {
    /// The End-of-RIB marker for `family`.
    public static func endOfRIB(_ family: AddressFamily) -> UpdateMessage {
        if family == .ipv4Unicast { return UpdateMessage() }
        let empty: MPNLRI = family.hasPrefixNLRI
            ? .prefixes(NLRIList([], afi: family.afi, addPath: false)) : .opaque([])
        return UpdateMessage(attributes: [.mpUnreachNLRI(MPUnreachNLRI(family: family, withdrawn: empty))])
    }

    /// The family this UPDATE marks the end of the RIB for, or nil when it is not a marker.
    public var endOfRIBFamily: AddressFamily? {
        guard withdrawn.isEmpty, nlri.isEmpty else { return nil }
        if attributes.isEmpty { return .ipv4Unicast }
        guard attributes.count == 1, case .mpUnreachNLRI(let m) = attributes[0], m.withdrawn.isEmpty else { return nil }
        return m.family
    }
}
