/// One input file handed to the parser: its path (for messages) and its text. Reading files is
/// the caller's job; this module never touches the file system.

public struct SourceFile: Hashable, Sendable {
    public var path: String
    public var contents: String

    public init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }
}
