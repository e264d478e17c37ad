/// The syntax tree of a Calico label selector and its evaluation over a label map.

public indirect enum SelectorExpression: Hashable, Sendable, CustomStringConvertible {
    case all
    case global
    case has(String)
    case equal(String, String)
    case notEqual(String, String)
    case isIn(String, [String])
    case notIn(String, [String])
    case contains(String, String)
    case startsWith(String, String)
    case endsWith(String, String)
    case not(SelectorExpression)
    case and(SelectorExpression, SelectorExpression)
    case or(SelectorExpression, SelectorExpression)

    /// Calico's semantics: a missing label fails `==`, `in`, `contains`…, and passes `!=`
    /// and `not in`. `global()` matches every non-namespaced resource (all Nodes).
    public func matches(_ labels: [String: String]) -> Bool {
        switch self {
        case .all, .global: true
        case .has(let k): labels[k] != nil
        case .equal(let k, let v): labels[k] == v
        case .notEqual(let k, let v): labels[k] != v
        case .isIn(let k, let vs): labels[k].map(vs.contains) ?? false
        case .notIn(let k, let vs): !(labels[k].map(vs.contains) ?? false)
        case .contains(let k, let v): labels[k]?.contains(v) ?? false
        case .startsWith(let k, let v): labels[k]?.hasPrefix(v) ?? false
        case .endsWith(let k, let v): labels[k]?.hasSuffix(v) ?? false
        case .not(let e): !e.matches(labels)
        case .and(let a, let b): a.matches(labels) && b.matches(labels)
        case .or(let a, let b): a.matches(labels) || b.matches(labels)
        }
    }

    /// Canonical text: double-quoted values, sets sorted, parentheses around every binary term.
    public var description: String {
        switch self {
        case .all: "all()"
        case .global: "global()"
        case .has(let k): "has(\(k))"
        case .equal(let k, let v): "\(k) == \(quote(v))"
        case .notEqual(let k, let v): "\(k) != \(quote(v))"
        case .isIn(let k, let vs): "\(k) in {\(vs.map(quote).joined(separator: ", "))}"
        case .notIn(let k, let vs): "\(k) not in {\(vs.map(quote).joined(separator: ", "))}"
        case .contains(let k, let v): "\(k) contains \(quote(v))"
        case .startsWith(let k, let v): "\(k) starts with \(quote(v))"
        case .endsWith(let k, let v): "\(k) ends with \(quote(v))"
        case .not(let e): "!\(e.isAtom ? e.description : "(\(e))")"
        case .and(let a, let b): "(\(a) && \(b))"
        case .or(let a, let b): "(\(a) || \(b))"
        }
    }

    private var isAtom: Bool {
        switch self {
        case .and, .or: false
        default: true
        }
    }
}

/// Double quotes unless the value contains one.
private func quote(_ v: String) -> String { v.contains("\"") ? "'\(v)'" : "\"\(v)\"" }
