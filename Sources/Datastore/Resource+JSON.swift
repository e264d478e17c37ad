/// Writing a resource as JSON (the etcd store's values, as Calico stores them, and
/// `swiftletctl get -o json`), and the public text forms `swiftletctl get` prints.
import CalicoModel

/// The output formats of `Resource.text(_:)`.
public enum ResourceFormat: String, Sendable, CaseIterable {
    case yaml
    case json
}

extension Resource {
    /// One compact JSON object (no newline): what `EtcdStore` stores under the resource's key.
    var jsonText: String { yamlValue.json }

    /// The resource as a Calico v3 document: YAML (block style, ends with a newline) or JSON
    /// (indented by two spaces, ends with a newline). Both read back through `ResourceSet.load`.
    public func text(_ format: ResourceFormat) -> String {
        switch format {
        case .yaml: yamlText
        case .json: yamlValue.prettyJSON(indent: 0) + "\n"
        }
    }

    /// Several resources: YAML documents separated by `---`, or a JSON `<Kind>List` object
    /// (`kind: List` when the kinds differ), the shape `kubectl`/`calicoctl get -o json` prints.
    public static func text(_ resources: [Resource], _ format: ResourceFormat) -> String {
        switch format {
        case .yaml:
            return resources.map { $0.text(.yaml) }.joined(separator: "---\n")
        case .json:
            let kinds = Set(resources.map(\.kind))
            let listKind = kinds.count == 1 ? "\(kinds.first!.rawValue)List" : "List"
            let list = YAMLValue.map([("apiVersion", .string(CalicoModel.apiVersion)), ("kind", .string(listKind)),
                                      ("items", .list(resources.map(\.yamlValue)))])
            return list.prettyJSON(indent: 0) + "\n"
        }
    }
}

extension YAMLValue {
    /// Compact JSON. Every `.plain` value is a number or `true`/`false`, which JSON spells the same.
    var json: String {
        switch self {
        case .string(let s): YAMLValue.jsonQuoted(s)
        case .plain(let p): p
        case .map(let pairs): "{" + pairs.map { YAMLValue.jsonQuoted($0.0) + ":" + $0.1.json }.joined(separator: ",") + "}"
        case .list(let items): "[" + items.map(\.json).joined(separator: ",") + "]"
        }
    }

    /// JSON indented by two spaces per level (no trailing newline).
    func prettyJSON(indent: Int) -> String {
        let pad = String(repeating: " ", count: indent + 2), end = String(repeating: " ", count: indent)
        switch self {
        case .map(let pairs) where !pairs.isEmpty:
            let body = pairs.map { pad + YAMLValue.jsonQuoted($0.0) + ": " + $0.1.prettyJSON(indent: indent + 2) }
            return "{\n" + body.joined(separator: ",\n") + "\n" + end + "}"
        case .list(let items) where !items.isEmpty:
            return "[\n" + items.map { pad + $0.prettyJSON(indent: indent + 2) }.joined(separator: ",\n") + "\n" + end + "]"
        default:
            return json
        }
    }

    /// A JSON string literal (RFC 8259 section 7: `"` `\` and control characters escaped).
    static func jsonQuoted(_ s: String) -> String { quoted(s, controlPrefix: "\\u", digits: 4) }
}
