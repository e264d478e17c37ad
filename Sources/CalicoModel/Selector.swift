/// A parsed Calico label selector (`nodeSelector`, `peerSelector`), kept with its source text.

public struct Selector: Hashable, Sendable, CustomStringConvertible {
    /// The text as written.
    public var source: String
    public var expression: SelectorExpression

    /// Parses `source`; an empty or blank selector is an error (callers treat absence themselves).
    public init(_ source: String) throws(SelectorError) {
        var parser = try SelectorParser(source)
        self.source = source
        expression = try parser.parse()
    }

    public static let all = Selector(source: "all()", expression: .all)

    private init(source: String, expression: SelectorExpression) {
        self.source = source
        self.expression = expression
    }

    public func matches(_ labels: [String: String]) -> Bool { expression.matches(labels) }

    /// Canonical form (see `SelectorExpression.description`).
    public var description: String { expression.description }
}
