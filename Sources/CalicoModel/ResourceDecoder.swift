/// Decodes one YAML document into resources: checks apiVersion and kind, unwraps `kind: List`
/// (and calicoctl's `<Kind>List`) items, and dispatches to the per-kind decoders.

import Yams

struct DecodedResource {
    var resource: Resource
    var origin: ResourceOrigin
}

enum ResourceDecoder {
    static func decode(_ node: Node, context: DocumentContext) -> [DecodedResource] {
        guard !node.isNull else { return [] }
        guard let top = FieldReader(node, path: "", context: context) else { return [] }
        let kind = top.string("kind")
        if let kind, kind == "List" || (kind.hasSuffix("List") && ResourceKind(rawValue: String(kind.dropLast(4))) != nil) {
            return decodeList(top, context: context)
        }
        return decodeResource(top, kind: kind, node: node, path: "", context: context).map { [$0] } ?? []
    }

    private static func decodeList(_ top: FieldReader, context: DocumentContext) -> [DecodedResource] {
        checkAPIVersion(top, allowV1: true)
        top.ignore("metadata")
        let items = top.list("items")
        top.finish()
        return items.compactMap { item in
            guard let r = FieldReader(item.node, path: item.path, context: context) else { return nil }
            return decodeResource(r, kind: r.string("kind"), node: item.node, path: item.path, context: context)
        }
    }

    private static func checkAPIVersion(_ r: FieldReader, allowV1: Bool = false) {
        guard let v = r.string("apiVersion") else {
            r.fail("apiVersion", nil, "required field is missing (expected \(CalicoModel.apiVersion))")
            return
        }
        if v != CalicoModel.apiVersion, !(allowV1 && v == "v1") {
            r.fail("apiVersion", r.node("apiVersion"), "unsupported apiVersion (expected \(CalicoModel.apiVersion))")
        }
    }

    private static func decodeResource(_ r: FieldReader, kind: String?, node: Node, path: String,
                                       context: DocumentContext) -> DecodedResource? {
        checkAPIVersion(r)
        guard let kindText = kind else { r.fail("kind", nil, "required field is missing"); return nil }
        guard let kind = ResourceKind(rawValue: kindText) else {
            let known = ResourceKind.allCases.map(\.rawValue).joined(separator: ", ")
            r.fail("kind", r.node("kind"), "unsupported kind (Swiftlet reads \(known))")
            return nil
        }
        let meta = MetadataDecoder.decode(r.object("metadata"))
        if meta == nil, r.node("metadata") == nil { r.fail("metadata", nil, "required field is missing") }
        context.resource = meta.map { "\(kind.rawValue)/\($0.name)" }
        defer { context.resource = nil }
        let spec = FieldReader(r.node("spec"), path: r.field("spec"), context: context)
        r.ignore("status")
        r.finish()
        guard let meta, let spec else { return nil }
        guard let resource = decodeSpec(kind, meta, spec) else { return nil }
        return DecodedResource(resource: resource,
                               origin: ResourceOrigin(file: context.file, document: context.document, line: node.mark?.line))
    }

    private static func decodeSpec(_ kind: ResourceKind, _ meta: ObjectMeta, _ spec: FieldReader) -> Resource? {
        let holdTime = HoldTimeAnnotation.read(meta, context: spec.context)
        switch kind {
        case .bgpConfiguration:
            var c = BGPConfiguration.decode(meta, spec)
            c.holdTime = holdTime
            return .bgpConfiguration(c)
        case .bgpPeer:
            var p = BGPPeer.decode(meta, spec)
            p.holdTime = holdTime
            return .bgpPeer(p)
        case .node: return .node(CalicoNode.decode(meta, spec))
        case .ipPool: return IPPool.decode(meta, spec).map(Resource.ipPool)
        case .blockAffinity: return BlockAffinity.decode(meta, spec).map(Resource.blockAffinity)
        case .bgpFilter: return .bgpFilter(BGPFilter.decode(meta, spec))
        }
    }
}
