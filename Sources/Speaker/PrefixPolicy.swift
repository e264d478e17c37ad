/// Calico's per-peer route filters as RIB `RoutePolicy` closures (RFC 4271 §9.1.1 import,
/// §9.1.3 export), mirroring what confd renders into bird.cfg:
///
/// - import: the peer's BGPFilter import rules in order (first match decides), else accept
///   (`import filter { 'bgp_<f>_importFilterV4'(); …; accept; }`); plus, always, a route whose
///   next hop is unusable (0.0.0.0, ::, multicast) is rejected, and an optional
///   `importAllowed` prefix list.
/// - export: the peer's BGPFilter export rules first (accept / reject decide), then
///   `calico_export_to_bgp_peers`: reject inside a disableBGPExport pool, accept inside an
///   exported pool or prefixAdvertisement, reject everything else.
import CalicoModel
import NetCore
import RIB

enum PrefixPolicy {
    /// `outer` contains `inner` (same family, `inner` at least as long).
    static func contains(_ outer: IPPrefix, _ inner: IPPrefix) -> Bool {
        switch (outer, inner) {
        case (.v4(let o), .v4(let i)): o.contains(i)
        case (.v6(let o), .v6(let i)): o.contains(i)
        default: false
        }
    }

    static func inside(_ prefix: IPPrefix, _ list: [IPPrefix]) -> Bool {
        list.contains { contains($0, prefix) }
    }

    /// A next hop packets can be forwarded to: not unspecified, not multicast, and of a family
    /// the kernel can route (FRR sends 0.0.0.0 for IPv4 routes over IPv6 sessions).
    static func isUsableNextHop(_ hop: IPAddress?) -> Bool {
        switch hop {
        case .v4(let a)?: a != .zero && a.rawValue >> 28 != 0xE && a.rawValue != 0xFFFF_FFFF
        case .v6(let a)?: a != .zero && a.high >> 56 != 0xFF
        case nil: false
        }
    }

    /// The BGPFilter rules of `names` for `prefix`'s family and direction, concatenated in order.
    static func rules(_ names: [String], _ filters: [String: BGPFilter], prefix: IPPrefix,
                      export: Bool) -> [BGPFilter.Rule] {
        rules(names, filters, ipv4: prefix.afi == .ipv4, export: export)
    }

    static func rules(_ names: [String], _ filters: [String: BGPFilter], ipv4: Bool,
                      export: Bool) -> [BGPFilter.Rule] {
        names.compactMap { filters[$0] }.flatMap { f -> [BGPFilter.Rule] in
            switch (ipv4, export) {
            case (true, false): f.importV4
            case (true, true): f.exportV4
            case (false, false): f.importV6
            case (false, true): f.exportV6
            }
        }
    }

    /// `rules` for each family, concatenated once when a policy is made (not per prefix).
    static func familyRules(_ names: [String], _ filters: [String: BGPFilter],
                            export: Bool) -> (v4: FamilyRules, v6: FamilyRules) {
        (FamilyRules(rules(names, filters, ipv4: true, export: export)),
         FamilyRules(rules(names, filters, ipv4: false, export: export)))
    }

    /// One family's rules as the policies evaluate them (never with an interface: these are
    /// BGP routes), reduced once when a policy is made: rules with an interface condition
    /// never match and are dropped, and nothing after a rule that matches every route is
    /// kept; when that rule comes first its action is the verdict for every prefix. The
    /// speaker benchmark's collector has one `Accept` rule: the policy then returns without
    /// copying a rule per prefix.
    struct FamilyRules: Sendable {
        let rules: [BGPFilter.Rule]
        /// The action of a leading rule that matches every route.
        let always: BGPFilter.Rule.Action?

        init(_ all: [BGPFilter.Rule]) {
            var kept: [BGPFilter.Rule] = []
            for rule in all where rule.interface == nil {
                kept.append(rule)
                if rule.matchesEveryRoute { break }
            }
            rules = kept
            always = kept.first.flatMap { $0.matchesEveryRoute ? $0.action : nil }
        }

        /// `BGPFilter.evaluate` of the rules for a route without an interface.
        func evaluate(_ prefix: IPPrefix, fromRemotePeer: Bool) -> BGPFilter.Rule.Action? {
            if let always { return always }
            if rules.isEmpty { return nil }
            return BGPFilter.evaluate(rules, prefix: prefix, fromRemotePeer: fromRemotePeer, interface: nil)
        }
    }

    /// The import policy for `peer`.
    static func importPolicy(_ peer: PeerSettings, _ config: SpeakerConfiguration) -> RoutePolicy {
        let allowed = config.importAllowed
        let byFamily = familyRules(peer.filters, config.filters, export: false)
        return { prefix, attributes in
            guard isUsableNextHop(attributes.nextHop) else { return .reject }
            let verdict = prefix.afi == .ipv4 ? byFamily.v4.evaluate(prefix, fromRemotePeer: true)
                : byFamily.v6.evaluate(prefix, fromRemotePeer: true)
            switch verdict {
            case .accept?: return .accept
            case .reject?: return .reject
            case nil: break
            }
            if let allowed, !inside(prefix, allowed) { return .reject }
            return .accept
        }
    }

    /// The export policy for `peer`.
    static func exportPolicy(_ peer: PeerSettings, _ config: SpeakerConfiguration) -> RoutePolicy {
        let allowed = config.exportAllowed, denied = config.exportDenied
        let byFamily = familyRules(peer.filters, config.filters, export: true)
        return { prefix, attributes in
            let fromRemote = attributes.nextHop != nil
            let verdict = prefix.afi == .ipv4 ? byFamily.v4.evaluate(prefix, fromRemotePeer: fromRemote)
                : byFamily.v6.evaluate(prefix, fromRemotePeer: fromRemote)
            switch verdict {
            case .accept?: return .accept
            case .reject?: return .reject
            case nil: break
            }
            if inside(prefix, denied) { return .reject }
            return inside(prefix, allowed) ? .accept : .reject
        }
    }
}
