/// Strict decoding of a BlockAffinity's spec (`deleted` is a string in Calico's CRD; both forms accepted).

import NetCore

extension BlockAffinity {
    static func decode(_ meta: ObjectMeta, _ spec: FieldReader) -> BlockAffinity? {
        let node = spec.requiredString("node")
        let cidr = spec.prefix("cidr")
        if cidr == nil, spec.node("cidr") == nil { spec.fail("cidr", nil, "required field is missing") }
        let state = spec.enumValue("state", State.self)
        let deleted = spec.parse("deleted", expected: "true or false") { ["true": true, "false": false][$0] }
        let type = spec.string("type")
        spec.finish()
        guard let node, let cidr else { return nil }
        var b = BlockAffinity(metadata: meta, node: node, cidr: cidr)
        b.state = state ?? .confirmed
        b.deleted = deleted ?? false
        b.type = type
        return b
    }
}
