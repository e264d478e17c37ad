/// `Socket`: one TCP socket file descriptor, owned, closed exactly once (by `close()` or when
/// the last reference goes away), with the calls a BGP speaker makes on it.
import CPlatform
import Glibc
import Synchronization

/// A non-blocking, close-on-exec TCP socket. `close()` may be called any number of times from
/// any thread; the descriptor is closed once. Operations on a closed socket fail with EBADF.
public final class Socket: Sendable {
    private let descriptor: Atomic<Int32>
    public let family: SocketFamily

    /// socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP).
    public init(family: SocketFamily) throws(SystemCallError) {
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let fd = try SystemCall.run("socket(\(family))") { Glibc.socket(family.rawValue, type, Int32(IPPROTO_TCP)) }
        descriptor = Atomic(fd)
        self.family = family
    }

    /// Takes ownership of `fd` (from accept).
    init(adopting fd: Int32, family: SocketFamily) {
        descriptor = Atomic(fd)
        self.family = family
    }

    deinit { close() }

    /// The descriptor, or -1 once closed. For Dispatch sources and diagnostics only.
    public var fileDescriptor: Int32 { descriptor.load(ordering: .acquiring) }

    public var isClosed: Bool { fileDescriptor < 0 }

    /// Closes the descriptor the first time it is called; later calls do nothing. EINTR from
    /// close(2) is not retried: on Linux the descriptor is released anyway.
    public func close() {
        let fd = descriptor.exchange(-1, ordering: .acquiringAndReleasing)
        if fd >= 0 { _ = Glibc.close(fd) }
    }

    // MARK: Connection set-up

    public func bind(to address: SocketAddress) throws(SystemCallError) {
        let fd = fileDescriptor
        try address.withSockaddr { (sa, length) throws(SystemCallError) in
            _ = try SystemCall.run("bind") { Glibc.bind(fd, sa, length) }
        }
    }

    public func listen(backlog: Int32) throws(SystemCallError) {
        let fd = fileDescriptor
        _ = try SystemCall.run("listen") { Glibc.listen(fd, backlog) }
    }

    /// The outcome of a non-blocking connect.
    public enum ConnectProgress: Hashable, Sendable {
        case connected
        /// EINPROGRESS: wait for writability, then read `pendingError()`.
        case inProgress
    }

    /// Non-blocking connect(2). EINTR means the attempt goes on in the background (POSIX), so
    /// it is reported as `.inProgress`, not retried.
    public func connect(to address: SocketAddress) throws(SystemCallError) -> ConnectProgress {
        let fd = fileDescriptor
        return try address.withSockaddr { (sa, length) throws(SystemCallError) -> ConnectProgress in
            if Glibc.connect(fd, sa, length) == 0 { return .connected }
            let code = Errno.current
            if code == .inProgress || code == .interrupted { return .inProgress }
            throw SystemCallError("connect", code, context: address.description)
        }
    }

    /// SO_ERROR: the result of a non-blocking connect (nil when it succeeded), cleared by reading.
    public func pendingError() throws(SystemCallError) -> Errno? {
        let value = try option(level: SOL_SOCKET, name: SO_ERROR, "getsockopt(SO_ERROR)")
        return value == 0 ? nil : Errno(rawValue: value)
    }

    /// accept4(SOCK_NONBLOCK | SOCK_CLOEXEC). Nil when no connection is waiting (EAGAIN);
    /// ECONNABORTED (the peer gave up while queued) is also reported as nil.
    public func accept() throws(SystemCallError) -> (socket: Socket, remote: SocketAddress?)? {
        let fd = fileDescriptor
        var accepted: Int32 = -1
        let remote: SocketAddress?
        do {
            remote = try SocketAddress.receiving { (sa, length) throws(SystemCallError) in
                accepted = try SystemCall.run("accept4") { cplatform_accept_nonblocking(fd, sa, length) }
            }
        } catch where error.errno.isWouldBlock || error.errno == .connectionAborted {
            return nil
        }
        return (Socket(adopting: accepted, family: family), remote)
    }

    // MARK: Data

    /// The outcome of one read.
    public enum ReadResult: Hashable, Sendable {
        case bytes(Int)
        case wouldBlock
        case endOfFile
    }

    /// read(2) into `buffer`.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(SystemCallError) -> ReadResult {
        let fd = fileDescriptor
        do {
            let n = try SystemCall.run("read") { Glibc.read(fd, buffer.baseAddress, buffer.count) }
            return n == 0 ? .endOfFile : .bytes(n)
        } catch where error.errno.isWouldBlock {
            return .wouldBlock
        }
    }

    /// send(2) with MSG_NOSIGNAL (a peer that closed gives EPIPE, never SIGPIPE). Returns the
    /// number of bytes the kernel took, 0 when its buffer is full (EAGAIN).
    public func write(_ bytes: UnsafeRawBufferPointer) throws(SystemCallError) -> Int {
        let fd = fileDescriptor
        do {
            return try SystemCall.run("send") { Glibc.send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL)) }
        } catch where error.errno.isWouldBlock {
            return 0
        }
    }

    /// shutdown(SHUT_WR): send FIN after the queued bytes, keep reading.
    public func shutdownWrite() throws(SystemCallError) {
        let fd = fileDescriptor
        _ = try SystemCall.run("shutdown") { Glibc.shutdown(fd, Int32(SHUT_WR)) }
    }

    // MARK: Addresses

    /// getsockname(2): the local address and port (e.g. the ephemeral port after bind to 0).
    public func localAddress() throws(SystemCallError) -> SocketAddress? {
        let fd = fileDescriptor
        return try SocketAddress.receiving { (sa, length) throws(SystemCallError) in
            _ = try SystemCall.run("getsockname") { Glibc.getsockname(fd, sa, length) }
        }
    }

    /// getpeername(2).
    public func peerAddress() throws(SystemCallError) -> SocketAddress? {
        let fd = fileDescriptor
        return try SocketAddress.receiving { (sa, length) throws(SystemCallError) in
            _ = try SystemCall.run("getpeername") { Glibc.getpeername(fd, sa, length) }
        }
    }
}
