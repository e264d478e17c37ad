/// A selector that does not parse: where, what was expected and what was found.

public struct SelectorError: Error, Hashable, Sendable, CustomStringConvertible {
    public var source: String
    /// 0-based character offset into `source`.
    public var offset: Int
    public var expected: String
    public var found: String

    public var description: String {
        "at position \(offset + 1): expected \(expected), found \(found)"
    }
}
