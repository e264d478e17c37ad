/// The `filters` objects of the render context: each referenced BGPFilter's four rule lists as
/// data, plus each rule's condition precomputed as a BIRD expression (`birdCondition`), because
/// composing `&&`-joined optional clauses is logic Mustache cannot do.
import CalicoModel
import NetCore

extension RenderContext {
    static func filter(_ name: String, _ f: BGPFilter) -> ContextObject {
        var o: ContextObject = ["name": name]
        for (key, rules, afi) in [("importV4", f.importV4, AFI.ipv4), ("exportV4", f.exportV4, .ipv4),
                                  ("importV6", f.importV6, .ipv6), ("exportV6", f.exportV6, .ipv6)] {
            o.list(key, rules.map { rule($0, afi) })
            let direction = key.hasPrefix("import") ? "import" : "export"
            o[key.hasPrefix("import") ? "importFunction\(key.suffix(2))" : "exportFunction\(key.suffix(2))"] =
                functionName(name, direction, String(key.suffix(2)))
        }
        o["hasV4"] = !(f.importV4.isEmpty && f.exportV4.isEmpty)
        o["hasV6"] = !(f.importV6.isEmpty && f.exportV6.isEmpty)
        return o
    }

    static func rule(_ r: BGPFilter.Rule, _ afi: AFI) -> ContextObject {
        var o: ContextObject = [:]
        o["action"] = r.action.rawValue
        o["accept"] = r.action == .accept
        o["reject"] = r.action == .reject
        o.optional("matchOperator", r.matchOperator?.rawValue)
        o["opEqual"] = r.matchOperator == .equal
        o["opNotEqual"] = r.matchOperator == .notEqual
        o["opIn"] = r.matchOperator == .isIn
        o["opNotIn"] = r.matchOperator == .notIn
        o.optional("cidr", r.cidr?.description, flag: "hasCIDR")
        o.optional("prefixLengthMin", r.prefixLength.map { Int($0.lowerBound) }, flag: "hasPrefixLength")
        o.optional("prefixLengthMax", r.prefixLength.map { Int($0.upperBound) }, flag: "hasPrefixLength")
        o["sourceRemotePeers"] = r.source == .remotePeers
        o.optional("interface", r.interface)
        let condition = birdCondition(r, afi)
        o.optional("birdCondition", condition, flag: "hasCondition")
        o["unconditional"] = condition == nil
        return o
    }

    /// The rule's match as a BIRD 2 filter expression, nil when the rule matches every route.
    /// Same meaning as `BGPFilter.Rule.matches`: Equal/NotEqual compare the prefix, In/NotIn test
    /// containment within the optional length window (never shorter than the CIDR itself);
    /// `source: RemotePeers` is a route learned over BGP; `interface` is a glob on the route's
    /// interface, false when the route has none.
    static func birdCondition(_ r: BGPFilter.Rule, _ afi: AFI) -> String? {
        var parts: [String] = []
        if let cidr = r.cidr, let op = r.matchOperator {
            var set = cidr.description
            if let window = r.prefixLength, op == .isIn || op == .notIn {
                // Prefixes inside the CIDR are at least as long as it: a window entirely shorter
                // matches nothing (In is false, NotIn always true).
                guard window.upperBound >= cidr.length else {
                    if op == .isIn { parts.append("false") }
                    return finish(parts, r)
                }
                set = "[ \(cidr){\(max(window.lowerBound, cidr.length)),\(window.upperBound)} ]"
            }
            switch op {
            case .equal: parts.append("net = \(cidr)")
            case .notEqual: parts.append("net != \(cidr)")
            case .isIn: parts.append("net ~ \(set)")
            case .notIn: parts.append("net !~ \(set)")
            }
        }
        return finish(parts, r)
    }

    /// Adds the source and interface clauses and joins everything with `&&`.
    private static func finish(_ match: [String], _ r: BGPFilter.Rule) -> String? {
        var parts = match
        if r.source == .remotePeers { parts.append("defined(source) && source = RTS_BGP") }
        if let glob = r.interface { parts.append("defined(ifname) && ifname ~ \"\(glob)\"") }
        return parts.isEmpty ? nil : parts.map { "(\($0))" }.joined(separator: " && ")
    }
}
