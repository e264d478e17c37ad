/// `YAMLValue`: a small YAML tree and its block-style text, for writing resources. Every string
/// is double-quoted (JSON-compatible escapes), so no value is ever re-typed by a YAML 1.1 reader.

indirect enum YAMLValue: Sendable {
    case string(String)
    /// A number or boolean written as it is.
    case plain(String)
    case map([(String, YAMLValue)])
    case list([YAMLValue])

    static func bool(_ b: Bool) -> YAMLValue { .plain(b ? "true" : "false") }
    static func number<T: BinaryInteger>(_ n: T) -> YAMLValue { .plain(String(n)) }

    /// The document text of a top-level map (ends with a newline).
    var text: String {
        guard case .map(let pairs) = self else { return inline + "\n" }
        return YAMLValue.lines(pairs, indent: 0).joined(separator: "\n") + "\n"
    }

    private var inline: String {
        switch self {
        case .string(let s): YAMLValue.quoted(s)
        case .plain(let p): p
        case .map: "{}"
        case .list: "[]"
        }
    }

    private static func lines(_ pairs: [(String, YAMLValue)], indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        return pairs.flatMap { key, value -> [String] in
            let k = pad + quotedKey(key) + ":"
            switch value {
            case .map(let inner) where !inner.isEmpty: return [k] + lines(inner, indent: indent + 2)
            case .list(let items) where !items.isEmpty: return [k] + listLines(items, indent: indent + 2)
            default: return [k + " " + value.inline]
            }
        }
    }

    private static func listLines(_ items: [YAMLValue], indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        return items.flatMap { item -> [String] in
            switch item {
            case .map(let pairs) where !pairs.isEmpty:
                // "- first: x" then the other keys aligned under it.
                let inner = lines(pairs, indent: indent + 2)
                return [pad + "- " + inner[0].dropFirst(indent + 2)] + inner.dropFirst()
            case .list(let nested) where !nested.isEmpty:
                return [pad + "-"] + listLines(nested, indent: indent + 2)
            default:
                return [pad + "- " + item.inline]
            }
        }
    }

    /// Plain keys when they are simple identifiers, quoted otherwise (label keys with `/`).
    private static func quotedKey(_ key: String) -> String {
        let simple = !key.isEmpty && key.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
        }
        return simple ? key : quoted(key)
    }

    /// A YAML double-quoted scalar (other control characters as `\xNN`).
    static func quoted(_ s: String) -> String { quoted(s, controlPrefix: "\\x", digits: 2) }

    /// `s` in double quotes with `"` `\` and the usual control characters escaped; any other
    /// control character as `controlPrefix` + `digits` hex digits (YAML `\xNN`, JSON `\uNNNN`).
    static func quoted(_ s: String, controlPrefix: String, digits: Int) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if u.value < 0x20 || u.value == 0x7f {
                    let hex = String(u.value, radix: 16)
                    out += controlPrefix + String(repeating: "0", count: digits - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
