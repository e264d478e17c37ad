/// `ConfigWriter`: confd's write discipline for one destination file.
///
/// 1. Compare the new content with the destination; identical means nothing more happens (no
///    staged file, no check, no rename, no reload) and the outcome says so.
/// 2. Stage: write the content to a dot-named temporary file in the destination's directory
///    (same file system, so the rename is atomic; a dotfile so `include "*.conf"` globs skip it),
///    with the destination's mode and owner (0644 and ours for a new file), and fsync it.
/// 3. Check: run the check command with `{{src}}` replaced by the staged file's path (confd's
///    `check_cmd`, e.g. `bird -p -c {{src}}`). A failure removes the staged file, leaves the
///    destination untouched and reports the command's output.
/// 4. rename(2) the staged file over the destination (atomic: readers see the old or the new
///    file, never a mix), and fsync the directory so the rename survives a crash.
/// 5. Reload: run the reload command once (confd's `reload_cmd`, e.g. `birdc configure`).
import Foundation
import Glibc

public struct ConfigWriter: Sendable {
    public let destination: String
    public let checkCommand: String?
    public let reloadCommand: String?

    /// What a write did.
    public enum Outcome: Hashable, Sendable, CustomStringConvertible {
        /// The destination already held exactly this content: nothing was done.
        case unchanged(path: String)
        /// The destination was created or replaced; `checked`/`reloaded` say which commands ran.
        case written(path: String, created: Bool, checked: Bool, reloaded: Bool)

        public var description: String {
            switch self {
            case .unchanged(let path):
                "\(path): unchanged (identical content; not rewritten, no reload)"
            case .written(let path, let created, let checked, let reloaded):
                "\(path): \(created ? "created" : "replaced")"
                    + (checked ? ", check passed" : "") + (reloaded ? ", reloaded" : "")
            }
        }
    }

    /// The tokens a check command may use for the staged file (confd writes `{{.src}}`).
    static let sourceTokens = ["{{src}}", "{{.src}}"]

    /// A check command must name the staged file, or it would check something else.
    public init(destination: String, checkCommand: String? = nil, reloadCommand: String? = nil) throws(RenderError) {
        guard !destination.isEmpty, !destination.hasSuffix("/") else {
            throw .invalidOption("--out \"\(destination)\": not a file path")
        }
        if let checkCommand, !Self.sourceTokens.contains(where: checkCommand.contains) {
            throw .invalidOption("--check-command \"\(checkCommand)\": it must name the staged file with {{src}} (e.g. 'bird -p -c {{src}}')")
        }
        self.destination = destination
        self.checkCommand = checkCommand
        self.reloadCommand = reloadCommand
    }

    /// Writes `content` by the discipline above.
    @discardableResult
    public func write(_ content: String) throws(RenderError) -> Outcome {
        let bytes = Array(content.utf8)
        let existing = try StagedFile.existing(destination)
        if let existing, existing.bytes == bytes { return .unchanged(path: destination) }

        let staged = try StagedFile.create(nextTo: destination, bytes: bytes,
                                           mode: existing?.mode ?? 0o644, owner: existing?.owner)
        var renamed = false
        defer { if !renamed { staged.remove() } }

        if let checkCommand {
            let quoted = ShellCommand.quote(staged.path)
            let command = Self.sourceTokens.reduce(checkCommand) { $0.replacingOccurrences(of: $1, with: quoted) }
            let result = try ShellCommand(command: command).run()
            guard result.succeeded else {
                throw .checkFailed(destination: destination, command: command, status: result.status, output: result.output)
            }
        }
        try staged.rename(to: destination)
        renamed = true

        if let reloadCommand {
            let result = try ShellCommand(command: reloadCommand).run()
            guard result.succeeded else {
                throw .reloadFailed(destination: destination, command: reloadCommand, status: result.status, output: result.output)
            }
        }
        return .written(path: destination, created: existing == nil, checked: checkCommand != nil, reloaded: reloadCommand != nil)
    }
}
