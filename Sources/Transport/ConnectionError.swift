/// `ConnectionError`: why a connection ended or could not be made, worded for the operator.
import Platform

public enum ConnectionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Creating or configuring the socket failed before connecting (socket, TCP_MD5SIG, TTL,
    /// bind to the source address).
    case setupFailed(SystemCallError)
    /// The active connect was answered with an error (ECONNREFUSED, EHOSTUNREACH…).
    case connectFailed(SystemCallError)
    /// No answer within the connect timeout. `md5` says a TCP MD5 key was in use.
    case connectTimedOut(remote: SocketAddress, after: Duration, md5: Bool)
    /// The peer closed the connection (EOF); `unframedBytes` were left of a partial message.
    case peerClosed(unframedBytes: Int)
    /// A read or write failed (ECONNRESET, EPIPE, ETIMEDOUT…).
    case failed(SystemCallError)

    /// The errno behind the error, when there is one.
    public var errno: Errno? {
        switch self {
        case .setupFailed(let e), .connectFailed(let e), .failed(let e): e.errno
        case .connectTimedOut: .timedOut
        case .peerClosed: nil
        }
    }

    public var description: String {
        switch self {
        case .setupFailed(let e): "socket set-up failed: \(e)"
        case .connectFailed(let e): "\(e)"
        case let .connectTimedOut(remote, after, md5):
            md5 ? "connect to \(remote) timed out after \(after) with TCP MD5 configured: a key mismatch is "
                + "likely (RFC 2385: the peer's kernel silently drops SYNs with a wrong or missing "
                + "signature); check that both sides use the same password"
                : "connect to \(remote) timed out after \(after)"
        case .peerClosed(let n): n == 0 ? "peer closed the connection" : "peer closed the connection inside a message (\(n) bytes left)"
        case .failed(let e): "\(e)"
        }
    }
}
