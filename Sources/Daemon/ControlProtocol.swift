/// The control protocol between swiftletctl and swiftletd: over a Unix stream socket, the
/// client sends one request line (`status`, `peers`, `routes [PREFIX]`, `kernel-routes`, `reload`), the daemon
/// answers with one JSON object (`ControlReply`) and closes. Both executables use these types.
import Foundation
import NetCore

public enum ControlProtocol {
    /// The default socket path of both executables.
    public static let defaultSocketPath = "/run/swiftlet/swiftlet.sock"
    /// Longest request line the daemon reads.
    public static let maximumRequestLength = 1024
}

/// One request line.
public enum ControlRequest: Hashable, Sendable, CustomStringConvertible {
    case status
    case peers
    /// All routes, or those of one prefix.
    case routes(IPPrefix?)
    /// Re-read and validate the datastore (same as SIGHUP).
    case reload
    /// The routes programmed into the kernel and those that failed.
    case kernelRoutes

    /// Parses a request line (surrounding white space and the newline ignored).
    public init(line: String) throws(ControlProtocolError) {
        let words = line.split(whereSeparator: \.isWhitespace).map(String.init)
        switch (words.first, words.count) {
        case ("status", 1): self = .status
        case ("peers", 1): self = .peers
        case ("reload", 1): self = .reload
        case ("kernel-routes", 1): self = .kernelRoutes
        case ("routes", 1): self = .routes(nil)
        case ("routes", 2):
            guard let prefix = IPPrefix(words[1]) else { throw .badRequest("routes: \"\(words[1])\" is not a prefix") }
            self = .routes(prefix)
        case (nil, _): throw .badRequest("empty request")
        default: throw .badRequest("unknown request \"\(line.trimmingCharacters(in: .whitespacesAndNewlines))\"; expected status, peers, routes [PREFIX], kernel-routes or reload")
        }
    }

    /// The line sent on the wire (with its newline).
    public var line: String { description + "\n" }

    public var description: String {
        switch self {
        case .status: "status"
        case .peers: "peers"
        case .reload: "reload"
        case .kernelRoutes: "kernel-routes"
        case .routes(let prefix): prefix.map { "routes \($0)" } ?? "routes"
        }
    }
}

/// What can go wrong between the two ends.
public enum ControlProtocolError: Error, Hashable, Sendable, CustomStringConvertible {
    case badRequest(String)
    /// The daemon answered with an error.
    case failed(String)
    /// The reply is not the JSON expected.
    case badReply(String)

    public var description: String {
        switch self {
        case .badRequest(let text): "bad request: \(text)"
        case .failed(let text): text
        case .badReply(let text): "unexpected reply from swiftletd: \(text)"
        }
    }
}

/// The one JSON object of a reply: `{"ok":true,"result":…}` or `{"ok":false,"error":"…"}`.
public struct ControlReply<Result: Codable & Sendable>: Codable, Sendable {
    public var ok: Bool
    public var error: String?
    public var result: Result?

    public init(result: Result) { ok = true; self.result = result; error = nil }
    public init(error: String) { ok = false; self.error = error; result = nil }
}

/// The result of `reload`: whether the new configuration was applied, the validation errors
/// when it was not (the running configuration is kept), and what changed when it was.
public struct ReloadResult: Codable, Hashable, Sendable {
    public var applied: Bool
    public var errors: [String]
    /// What the speaker did (peers added, removed, reset, updated live; prefixes).
    public var changes: [String]
    /// The change plan (Templater's `ChangePlan.lines`): every field that changed and whether it
    /// needed a reset; empty when nothing changed. Optional in the JSON for older replies.
    public var plan: [String]?

    public init(applied: Bool, errors: [String] = [], changes: [String] = [], plan: [String]? = nil) {
        self.applied = applied; self.errors = errors; self.changes = changes; self.plan = plan
    }
}

/// The JSON coding of replies on both ends: sorted keys, ISO 8601 dates.
public enum ControlCoding {
    public static func encode<Result: Codable & Sendable>(_ reply: ControlReply<Result>) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        do {
            return Array(try encoder.encode(reply))
        } catch {
            return Array("{\"ok\":false,\"error\":\"cannot encode the reply: \(error)\"}".utf8)
        }
    }

    public static func decode<Result: Codable & Sendable>(_ raw: [UInt8], as: Result.Type) throws -> ControlReply<Result> {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(ControlReply<Result>.self, from: Data(raw))
    }
}
