/// `Errno`: an errno value as a type, with the names Platform's callers test for.
import Glibc

/// One errno value (see errno(3)). Unknown values are kept as they are.
public struct Errno: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// The thread's current errno.
    public static var current: Errno { Errno(rawValue: errno) }

    public static let interrupted = Errno(rawValue: EINTR)
    public static let wouldBlock = Errno(rawValue: EAGAIN)
    public static let inProgress = Errno(rawValue: EINPROGRESS)
    public static let connectionRefused = Errno(rawValue: ECONNREFUSED)
    public static let connectionReset = Errno(rawValue: ECONNRESET)
    public static let timedOut = Errno(rawValue: ETIMEDOUT)
    public static let brokenPipe = Errno(rawValue: EPIPE)
    public static let noEntry = Errno(rawValue: ENOENT)
    public static let invalidArgument = Errno(rawValue: EINVAL)
    public static let addressInUse = Errno(rawValue: EADDRINUSE)
    public static let addressNotAvailable = Errno(rawValue: EADDRNOTAVAIL)
    public static let hostUnreachable = Errno(rawValue: EHOSTUNREACH)
    public static let networkUnreachable = Errno(rawValue: ENETUNREACH)
    public static let protocolOptionUnavailable = Errno(rawValue: ENOPROTOOPT)
    public static let connectionAborted = Errno(rawValue: ECONNABORTED)
    public static let tooManyOpenFiles = Errno(rawValue: EMFILE)

    /// EAGAIN or EWOULDBLOCK (the same value on Linux, compared both ways for clarity).
    public var isWouldBlock: Bool { rawValue == EAGAIN || rawValue == EWOULDBLOCK }

    /// strerror(3) text, e.g. "Connection refused" (glibc returns static or thread-local text).
    public var description: String { String(cString: strerror(rawValue)) }
}
