/// `ControlClient`: swiftletctl's end of the control socket — send one request, read the JSON
/// reply, decode it. Says plainly when the daemon is not there.
import Foundation
import Glibc

public struct ControlClient: Sendable {
    public var path: String
    /// How long to wait for the reply (a reload of a large directory takes a moment).
    public var timeoutSeconds: Int

    public init(path: String = ControlProtocol.defaultSocketPath, timeoutSeconds: Int = 30) {
        self.path = path
        self.timeoutSeconds = timeoutSeconds
    }

    /// Sends `request` and returns the raw reply (one JSON object, newline removed).
    public func send(_ request: ControlRequest) throws(ControlClientError) -> [UInt8] {
        let fd: Int32
        do { fd = try UnixSocket.make(path: path) } catch { throw .unreachable(error.description) }
        defer { Glibc.close(fd) }
        UnixSocket.setTimeouts(fd, seconds: timeoutSeconds)
        do {
            try UnixSocket.connect(fd, path: path)
        } catch {
            switch error.errno {
            case ENOENT: throw .unreachable("is swiftletd running? socket \(path) not found")
            case ECONNREFUSED: throw .unreachable("is swiftletd running? nothing listens on \(path) (stale socket)")
            case EACCES: throw .unreachable("permission denied on \(path) (the socket is mode 0660: run as root or its group)")
            default: throw .unreachable("cannot connect to \(path): \(String(cString: strerror(error.errno)))")
            }
        }
        guard UnixSocket.writeAll(fd, Array(request.line.utf8)) else {
            throw .unreachable("swiftletd closed \(path) before the request was sent")
        }
        _ = shutdown(fd, Int32(SHUT_WR))
        guard var reply = UnixSocket.read(fd, limit: 1 << 30, untilNewline: false) else {
            throw .unreachable("no reply from swiftletd on \(path) within \(timeoutSeconds) s")
        }
        while reply.last == UInt8(ascii: "\n") { reply.removeLast() }
        guard !reply.isEmpty else { throw .unreachable("swiftletd closed \(path) without a reply") }
        return reply
    }

    /// Sends `request` and decodes the reply's result; a reply with `ok: false` throws its error.
    public func call<Result: Codable & Sendable>(_ request: ControlRequest, as: Result.Type) throws(ControlClientError) -> Result {
        let raw = try send(request)
        return try ControlClient.decode(raw, as: Result.self)
    }

    /// Decodes a reply (public for tests).
    public static func decode<Result: Codable & Sendable>(_ raw: [UInt8], as: Result.Type) throws(ControlClientError) -> Result {
        let reply: ControlReply<Result>
        do {
            reply = try ControlCoding.decode(raw, as: Result.self)
        } catch {
            throw .protocolError(.badReply("\(error): \(String(decoding: raw.prefix(200), as: UTF8.self))"))
        }
        guard reply.ok, let result = reply.result else { throw .protocolError(.failed(reply.error ?? "request failed")) }
        return result
    }
}

/// Why a control request did not get an answer.
public enum ControlClientError: Error, Hashable, Sendable, CustomStringConvertible {
    case unreachable(String)
    case protocolError(ControlProtocolError)

    public var description: String {
        switch self {
        case .unreachable(let text): text
        case .protocolError(let e): e.description
        }
    }
}
