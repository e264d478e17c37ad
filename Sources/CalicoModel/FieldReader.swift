/// Strict reading of one YAML mapping: typed accessors that record errors with the field path,
/// and `finish()` that reports every key nobody asked for.

import Yams

final class FieldReader {
    let path: String
    let context: DocumentContext
    private let entries: [(key: String, value: Node)]
    private var consumed: Set<String> = []

    /// nil (with an error recorded) when `node` is not a mapping; a YAML null reads as empty.
    init?(_ node: Node?, path: String, context: DocumentContext) {
        self.path = path
        self.context = context
        guard let node, !node.isNull else { entries = []; return }
        guard case .mapping(let m) = node else {
            context.fail(path, node.shortText, "expected a mapping", at: node)
            return nil
        }
        entries = m.map { (key: $0.key.shortText, value: $0.value) }
        for (i, e) in entries.enumerated() where entries[..<i].contains(where: { $0.key == e.key }) {
            context.fail(field(e.key), "", "duplicate key", at: e.value)
        }
    }

    func field(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    var keys: [String] { entries.map(\.key) }

    /// The raw node for `key` (marking it read); nil when absent or null.
    func node(_ key: String) -> Node? {
        consumed.insert(key)
        guard let v = entries.first(where: { $0.key == key })?.value, !v.isNull else { return nil }
        return v
    }

    func fail(_ key: String, _ node: Node?, _ reason: String) {
        context.fail(field(key), node?.shortText ?? "", reason, at: node)
    }

    func string(_ key: String) -> String? {
        guard let v = node(key) else { return nil }
        guard case .scalar(let s) = v else { fail(key, v, "expected a string"); return nil }
        return s.string
    }

    /// A required, non-empty string; records why when it is missing.
    func requiredString(_ key: String) -> String? {
        let present = node(key) != nil
        guard let s = string(key) else {
            if !present { fail(key, nil, "required field is missing") }
            return nil
        }
        guard !s.isEmpty else { fail(key, nil, "must not be empty"); return nil }
        return s
    }

    func bool(_ key: String) -> Bool? {
        guard let v = node(key) else { return nil }
        guard v.isPlainScalar, case .scalar(let s) = v else { fail(key, v, "expected true or false"); return nil }
        switch s.string {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: fail(key, v, "expected true or false"); return nil
        }
    }

    /// An unquoted integer within `range`.
    func integer<T: FixedWidthInteger>(_ key: String, _ range: ClosedRange<T>) -> T? {
        guard let v = node(key) else { return nil }
        guard v.isPlainScalar, case .scalar(let s) = v, let n = T(s.string) else {
            fail(key, v, "expected an integer"); return nil
        }
        guard range.contains(n) else { fail(key, v, "out of range \(range.lowerBound)…\(range.upperBound)"); return nil }
        return n
    }

    /// A scalar converted by `convert`; `expected` names the form in the error message.
    func parse<T>(_ key: String, expected: String, _ convert: (String) -> T?) -> T? {
        guard let v = node(key) else { return nil }
        guard case .scalar(let s) = v else { fail(key, v, "expected \(expected)"); return nil }
        guard let value = convert(s.string) else { fail(key, v, "not \(expected)"); return nil }
        return value
    }

    func object(_ key: String) -> FieldReader? {
        let v = node(key)
        guard v != nil else { return nil }
        return FieldReader(v, path: field(key), context: context)
    }

    /// The elements of a sequence with their paths (`key[i]`); empty when absent.
    func list(_ key: String) -> [(node: Node, path: String)] {
        guard let v = node(key) else { return [] }
        guard case .sequence(let seq) = v else { fail(key, v, "expected a list"); return [] }
        return seq.enumerated().map { (node: $0.element, path: "\(field(key))[\($0.offset)]") }
    }

    func stringList(_ key: String) -> [String] {
        list(key).compactMap { item in
            guard case .scalar(let s) = item.node else {
                context.fail(item.path, item.node.shortText, "expected a string", at: item.node)
                return nil
            }
            return s.string
        }
    }

    /// A map of strings (labels, annotations); plain scalars such as `true` read as their text.
    func stringMap(_ key: String) -> [String: String] {
        guard let reader = object(key) else { return [:] }
        var out: [String: String] = [:]
        for k in reader.keys {
            let plain = reader.node(k)?.isPlainScalar ?? false
            let text = reader.string(k) ?? ""
            out[k] = plain ? FieldReader.yaml11Boolean(text) ?? text : text
        }
        return out
    }

    /// Go's YAML (1.1) reads unquoted yes/no/on/off as booleans, so Calico sees a label
    /// `route-reflector: yes` as "true"; do the same so selectors match as they do in Calico.
    static func yaml11Boolean(_ text: String) -> String? {
        switch text {
        case "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON": "true"
        case "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF": "false"
        default: nil
        }
    }

    /// Marks keys as accepted and deliberately ignored.
    func ignore(_ keys: String...) { consumed.formUnion(keys) }

    /// Reports every key not read: known Calico fields Swiftlet does not handle yet get that
    /// message, anything else is an unknown field.
    func finish(notSupportedYet: Set<String> = []) {
        for e in entries where !consumed.contains(e.key) {
            if notSupportedYet.contains(e.key) {
                context.fail(field(e.key), e.value.shortText, "field not supported yet by Swiftlet", at: e.value)
            } else {
                context.fail(field(e.key), e.value.shortText, "unknown field", at: e.value)
            }
        }
    }
}
