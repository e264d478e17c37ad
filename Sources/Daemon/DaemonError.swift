/// `DaemonError`: why swiftletd cannot start or cannot do what it was asked, with the text an
/// operator reads.

public enum DaemonError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A command-line option is wrong.
    case invalidOption(String)
    /// The configuration cannot be used; one line per problem (file, document, field, value, reason).
    case invalidConfiguration([String])
    /// Another process holds the pidfile.
    case alreadyRunning(path: String, pid: Int32?)
    /// A system call failed (pidfile, control socket).
    case system(String)
    /// The speaker refused to start.
    case speaker(String)

    public var description: String {
        switch self {
        case .invalidOption(let text): text
        case .invalidConfiguration(let lines):
            "invalid configuration (\(lines.count) error(s)):\n" + lines.map { "  \($0)" }.joined(separator: "\n")
        case .alreadyRunning(let path, let pid):
            "another swiftletd holds \(path)" + (pid.map { " (pid \($0))" } ?? "")
        case .system(let text): text
        case .speaker(let text): "speaker: \(text)"
        }
    }
}
