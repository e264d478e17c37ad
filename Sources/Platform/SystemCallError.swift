/// `SystemCallError`: a failed system call, named, with its errno and optional context.

/// A failure of one system call: which call (e.g. "connect", "setsockopt(TCP_MD5SIG)"), the
/// errno it returned, and what it was about (an address, a peer).
public struct SystemCallError: Error, Hashable, Sendable, CustomStringConvertible {
    public var call: String
    public var errno: Errno
    public var context: String?

    public init(_ call: String, _ errno: Errno, context: String? = nil) {
        self.call = call; self.errno = errno; self.context = context
    }

    /// "connect 127.0.0.1:179: Connection refused (errno 111)".
    public var description: String {
        let what = context.map { "\(call) \($0)" } ?? call
        return "\(what): \(errno) (errno \(errno.rawValue))"
    }

    /// The same error with context attached (keeps an existing context as a prefix).
    public func with(context more: String) -> SystemCallError {
        var copy = self
        copy.context = context.map { "\($0) \(more)" } ?? more
        return copy
    }
}
