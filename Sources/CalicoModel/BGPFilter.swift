/// The BGPFilter resource: ordered import/export rules per address family.

import NetCore

public struct BGPFilter: Hashable, Sendable {
    public struct Rule: Hashable, Sendable {
        public enum Action: String, Hashable, Sendable, CaseIterable { case accept = "Accept", reject = "Reject" }
        public enum MatchOperator: String, Hashable, Sendable, CaseIterable {
            case equal = "Equal", notEqual = "NotEqual", isIn = "In", notIn = "NotIn"
        }
        public enum Source: String, Hashable, Sendable, CaseIterable { case remotePeers = "RemotePeers" }

        public var action: Action
        public var matchOperator: MatchOperator?
        public var cidr: IPPrefix?
        public var prefixLength: ClosedRange<UInt8>?
        public var source: Source?
        /// Interface name glob (`eth*`, `*.calico`).
        public var interface: String?

        public init(action: Action) { self.action = action }

        /// Whether a route for `prefix` (learned from a remote peer or not, on `interface`)
        /// matches every condition of this rule.
        public func matches(_ prefix: IPPrefix, fromRemotePeer: Bool, interface ifname: String?) -> Bool {
            if let cidr, let op = matchOperator, !BGPFilter.match(prefix, op, cidr, prefixLength) { return false }
            if source == .remotePeers, !fromRemotePeer { return false }
            if let interface, !(ifname.map { Glob.matches(interface, $0) } ?? false) { return false }
            return true
        }

        /// `matches` is true for every prefix and source when the route has no interface: no
        /// CIDR condition (a CIDR counts only with an operator), no source, no interface
        /// condition. Lets a policy decide without evaluating per prefix.
        public var matchesEveryRoute: Bool {
            (cidr == nil || matchOperator == nil) && source == nil && interface == nil
        }
    }

    public var metadata: ObjectMeta
    public var exportV4: [Rule] = []
    public var importV4: [Rule] = []
    public var exportV6: [Rule] = []
    public var importV6: [Rule] = []

    public init(metadata: ObjectMeta) { self.metadata = metadata }

    /// Calico's operators: Equal/NotEqual compare the prefix itself; In/NotIn test containment
    /// (with an optional prefix-length window when given).
    static func match(_ p: IPPrefix, _ op: Rule.MatchOperator, _ cidr: IPPrefix,
                      _ lengths: ClosedRange<UInt8>?) -> Bool {
        let inside = PrefixMath.contains(cidr, p) && (lengths?.contains(p.length) ?? true)
        switch op {
        case .equal: return p == cidr
        case .notEqual: return p != cidr
        case .isIn: return inside
        case .notIn: return !inside
        }
    }

    /// The first matching rule's action, or nil when no rule matches (the caller's default applies).
    public static func evaluate(_ rules: [Rule], prefix: IPPrefix, fromRemotePeer: Bool,
                                interface: String?) -> Rule.Action? {
        rules.first { $0.matches(prefix, fromRemotePeer: fromRemotePeer, interface: interface) }?.action
    }
}
