/// Strict decoding of a BGPFilter's rules, checking each rule's family and operator pairing.

import NetCore
import Yams

extension BGPFilter {
    /// Rule fields of newer Calico releases that Swiftlet does not apply yet.
    static let ruleFieldsNotSupportedYet: Set<String> = ["peerType", "priority", "communities",
                                                         "asPathPrefix", "operations"]

    static func decode(_ meta: ObjectMeta, _ spec: FieldReader) -> BGPFilter {
        var f = BGPFilter(metadata: meta)
        f.exportV4 = rules(spec, "exportV4", .ipv4)
        f.importV4 = rules(spec, "importV4", .ipv4)
        f.exportV6 = rules(spec, "exportV6", .ipv6)
        f.importV6 = rules(spec, "importV6", .ipv6)
        spec.finish()
        return f
    }

    private static func rules(_ spec: FieldReader, _ key: String, _ afi: AFI) -> [Rule] {
        spec.list(key).compactMap { item in
            FieldReader(item.node, path: item.path, context: spec.context).flatMap { rule($0, afi) }
        }
    }

    private static func rule(_ r: FieldReader, _ afi: AFI) -> Rule? {
        let action = r.enumValue("action", Rule.Action.self)
        if action == nil, r.node("action") == nil { r.fail("action", nil, "required field is missing") }
        let op = r.enumValue("matchOperator", Rule.MatchOperator.self)
        let cidr = r.prefix("cidr")
        let lengths = prefixLength(r, afi)
        let source = r.enumValue("source", Rule.Source.self)
        let interface = r.string("interface")
        r.finish(notSupportedYet: ruleFieldsNotSupportedYet)
        if let cidr, cidr.afi != afi { r.fail("cidr", r.node("cidr"), "an \(cidr.afi) CIDR in a \(afi) rule list") }
        if (cidr == nil) != (op == nil), r.node("cidr") != nil || r.node("matchOperator") != nil {
            r.fail(cidr == nil ? "cidr" : "matchOperator", nil, "cidr and matchOperator must be set together")
        }
        guard let action else { return nil }
        var rule = Rule(action: action)
        rule.matchOperator = op
        rule.cidr = cidr
        rule.prefixLength = lengths
        rule.source = source
        rule.interface = interface
        return rule
    }

    private static func prefixLength(_ r: FieldReader, _ afi: AFI) -> ClosedRange<UInt8>? {
        guard let pl = r.object("prefixLength") else { return nil }
        let maxLength: UInt8 = afi == .ipv4 ? 32 : 128
        let lo = pl.integer("min", UInt8(0)...maxLength)
        let hi = pl.integer("max", UInt8(0)...maxLength)
        pl.finish()
        let low = lo ?? 0, high = hi ?? maxLength
        guard low <= high else { pl.fail("min", pl.node("min"), "min is greater than max"); return nil }
        return low...high
    }
}
