/// Why a template could not be rendered or its output not written: each case names the file
/// (template, destination, secret) and the reason, so the operator can act on the message alone.

public enum RenderError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The template file cannot be read.
    case templateUnreadable(path: String, reason: String)
    /// The template is not valid Mustache (`line`/`column` are 1-based).
    case templateSyntax(path: String, line: Int, column: Int, reason: String)
    /// A tag names something the context does not have (a typo would otherwise render as nothing).
    case unknownName(path: String, line: Int, name: String, suggestion: String?)
    /// A Mustache feature Render does not support (partials, set-delimiter, inheritance).
    case unsupportedTag(path: String, line: Int, tag: String, reason: String)
    /// A peer's password key file cannot be used.
    case secret(peer: String, path: String, reason: String)
    /// A file system operation on the destination (or its staged copy) failed.
    case io(path: String, operation: String, reason: String)
    /// The check command refused the staged file; the destination was left untouched.
    case checkFailed(destination: String, command: String, status: Int32, output: String)
    /// The destination was replaced, but the reload command failed.
    case reloadFailed(destination: String, command: String, status: Int32, output: String)
    /// A command could not be started at all.
    case commandNotStarted(command: String, reason: String)
    /// A bad option value (e.g. a check command that does not name the staged file).
    case invalidOption(String)
    /// The node's configuration cannot be computed (e.g. no Node of that name).
    case nodeConfiguration(node: String, reason: String)

    public var description: String {
        switch self {
        case .templateUnreadable(let path, let reason):
            "template \(path): cannot read: \(reason)"
        case .templateSyntax(let path, let line, let column, let reason):
            "template \(path):\(line):\(column): \(reason)"
        case .unknownName(let path, let line, let name, let suggestion):
            "template \(path):\(line): unknown name \"\(name)\" (not a field of the render context; see docs/render.md)"
                + (suggestion.map { "; did you mean \"\($0)\"?" } ?? "")
        case .unsupportedTag(let path, let line, let tag, let reason):
            "template \(path):\(line): \(tag): \(reason)"
        case .secret(let peer, let path, let reason):
            "peer \(peer): password file \(path): \(reason)"
        case .io(let path, let operation, let reason):
            "\(path): \(operation): \(reason)"
        case .checkFailed(let destination, let command, let status, let output):
            "\(destination): check command failed (\(Self.status(status))), destination left unchanged: \(command)"
                + Self.indented(output)
        case .reloadFailed(let destination, let command, let status, let output):
            "\(destination): written, but the reload command failed (\(Self.status(status))): \(command)"
                + Self.indented(output)
        case .commandNotStarted(let command, let reason):
            "cannot run \(command): \(reason)"
        case .invalidOption(let message):
            message
        case .nodeConfiguration(let node, let reason):
            "node \(node): \(reason)"
        }
    }

    /// A negative status is a signal number (the command was killed).
    private static func status(_ s: Int32) -> String { s < 0 ? "killed by signal \(-s)" : "exit status \(s)" }

    private static func indented(_ output: String) -> String {
        let lines = output.split(separator: "\n", omittingEmptySubsequences: true)
        return lines.isEmpty ? "" : "\n" + lines.map { "  | \($0)" }.joined(separator: "\n")
    }
}
