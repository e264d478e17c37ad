/// A blocking TCP socket opened inside a lab namespace: the socket is created and connected on
/// a short-lived thread that first joined the namespace with setns(2) (a socket keeps the
/// namespace it was created in, so the test's own threads then use it from the root namespace
/// without ever changing it). Reads and writes wait with poll(2) and a timeout.
import Foundation
import Glibc

final class BlockingSocket {
    private(set) var fd: Int32

    init(fd: Int32) { self.fd = fd }
    deinit { close() }

    func close() {
        guard fd >= 0 else { return }
        Glibc.close(fd)
        fd = -1
    }

    var isOpen: Bool { fd >= 0 }

    /// Writes all of `bytes`, waiting up to `timeout` for buffer space.
    func send(_ bytes: [UInt8], timeout: Duration = .seconds(5)) throws {
        var offset = 0
        let deadline = ContinuousClock.now + timeout
        while offset < bytes.count {
            guard fd >= 0 else { throw LabError("send on a closed socket") }
            let n = bytes.withUnsafeBytes { raw in
                Glibc.send(fd, raw.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if n > 0 { offset += n; continue }
            if n < 0, errno == EINTR { continue }
            if n < 0, errno == EAGAIN || errno == EWOULDBLOCK {
                guard ContinuousClock.now < deadline, try wait(events: Int16(POLLOUT), until: deadline) else {
                    throw LabError("send timed out")
                }
                continue
            }
            throw LabError("send failed: \(String(cString: strerror(errno)))")
        }
    }

    /// What arrived within `timeout`: bytes, `[]` at end of stream, nil when nothing came.
    func receive(timeout: Duration) throws -> [UInt8]? {
        guard fd >= 0 else { return [] }
        guard try wait(events: Int16(POLLIN), until: ContinuousClock.now + timeout) else { return nil }
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.recv(fd, $0.baseAddress, $0.count, 0) }
            if n >= 0 { return Array(buffer[0..<n]) }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { return nil }
            if errno == ECONNRESET { return [] }
            throw LabError("recv failed: \(String(cString: strerror(errno)))")
        }
    }

    /// poll(2) for `events` until `deadline`; true when ready (or on error/hang-up, which the
    /// following read or write reports).
    private func wait(events: Int16, until deadline: ContinuousClock.Instant) throws -> Bool {
        while true {
            let left = deadline - ContinuousClock.now
            let ms = max(0, Int32(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000))
            var p = pollfd(fd: fd, events: events, revents: 0)
            let r = poll(&p, 1, ms)
            if r > 0 { return true }
            if r == 0 { return false }
            if errno != EINTR { throw LabError("poll failed: \(String(cString: strerror(errno)))") }
        }
    }
}

extension Namespace {
    /// Runs `body` on a new thread that has joined this namespace, and returns its result.
    /// The thread exits afterwards, so no other code ever runs in the namespace by accident.
    func withNetwork<T: Sendable>(_ body: @escaping @Sendable () throws -> T) throws -> T {
        let job = NamespaceJob(path: path, body: body)
        var thread = pthread_t()
        let context = Unmanaged.passRetained(job).toOpaque()
        let rc = pthread_create(&thread, nil, { raw in
            guard let raw else { return nil }
            Unmanaged<AnyNamespaceJob>.fromOpaque(raw).takeRetainedValue().run()
            return nil
        }, context)
        guard rc == 0 else {
            Unmanaged<AnyNamespaceJob>.fromOpaque(context).release()
            throw LabError("pthread_create failed: \(rc)")
        }
        pthread_join(thread, nil)
        return try job.result.get()
    }

    /// A TCP connection from inside this namespace to `address`:`port`, optionally bound to
    /// `source`, established within `timeout`. The socket is left in blocking mode.
    func connect(to address: String, port: UInt16 = 179, from source: String? = nil,
                 timeout: Duration = .seconds(5)) throws -> BlockingSocket {
        let fd = try withNetwork { try SocketAddress.connect(address, port: port, from: source, timeout: timeout) }
        return BlockingSocket(fd: fd)
    }
}

/// The type-erased job a namespace thread runs (pthread takes one untyped pointer).
class AnyNamespaceJob {
    func run() {}
}

private final class NamespaceJob<T: Sendable>: AnyNamespaceJob, @unchecked Sendable {
    // Written once on the namespace thread, read after pthread_join: no concurrent access.
    let path: String
    let body: @Sendable () throws -> T
    var result: Result<T, any Error> = .failure(LabError("namespace thread did not run"))

    init(path: String, body: @escaping @Sendable () throws -> T) { self.path = path; self.body = body }

    override func run() {
        let nsfd = open(path, O_RDONLY | O_CLOEXEC)
        guard nsfd >= 0 else {
            result = .failure(LabError("open \(path): \(String(cString: strerror(errno)))"))
            return
        }
        defer { Glibc.close(nsfd) }
        guard let setns = Setns.function, setns(nsfd, Setns.newNet) == 0 else {
            result = .failure(LabError("setns \(path): \(String(cString: strerror(errno)))"))
            return
        }
        result = Result { try body() }
    }
}

/// setns(2): Glibc declares it only under _GNU_SOURCE, which the Swift overlay does not see,
/// so it is looked up by name in libc.
enum Setns {
    typealias Function = @convention(c) (Int32, Int32) -> Int32
    /// CLONE_NEWNET from <sched.h>.
    static let newNet: Int32 = 0x4000_0000
    static let function: Function? = {
        // RTLD_DEFAULT is the null handle on glibc.
        guard let symbol = dlsym(nil, "setns") else { return nil }
        return unsafeBitCast(symbol, to: Function.self)
    }()
}

/// sockaddr plumbing for IPv4 and IPv6 (one place for the `withMemoryRebound` dance).
enum SocketAddress {
    /// A connected TCP socket (blocking mode), or a thrown error naming the failure.
    static func connect(_ address: String, port: UInt16, from source: String?, timeout: Duration) throws -> Int32 {
        let v6 = address.contains(":")
        let fd = socket(v6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw LabError("socket: \(String(cString: strerror(errno)))") }
        do {
            if let source {
                try with(source, port: 0) { sa, len in
                    guard bind(fd, sa, len) == 0 else {
                        throw LabError("bind \(source): \(String(cString: strerror(errno)))")
                    }
                }
            }
            let flags = fcntl(fd, F_GETFL)
            _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
            try with(address, port: port) { sa, len in
                if Glibc.connect(fd, sa, len) == 0 { return }
                guard errno == EINPROGRESS else {
                    throw LabError("connect \(address):\(port): \(String(cString: strerror(errno)))")
                }
            }
            let ms = Int32(timeout.components.seconds * 1000)
            var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            guard poll(&p, 1, ms) == 1 else { throw LabError("connect \(address):\(port): timed out") }
            var err: Int32 = 0
            var len = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len)
            guard err == 0 else { throw LabError("connect \(address):\(port): \(String(cString: strerror(err)))") }
            _ = fcntl(fd, F_SETFL, flags)
            return fd
        } catch {
            Glibc.close(fd)
            throw error
        }
    }

    /// Calls `body` with a sockaddr for `address`:`port`.
    static func with(_ address: String, port: UInt16,
                     _ body: (UnsafePointer<sockaddr>, socklen_t) throws -> Void) throws {
        if address.contains(":") {
            var sa = sockaddr_in6()
            sa.sin6_family = sa_family_t(AF_INET6)
            sa.sin6_port = port.bigEndian
            guard inet_pton(AF_INET6, address, &sa.sin6_addr) == 1 else { throw LabError("bad IPv6 address \(address)") }
            try withUnsafePointer(to: &sa) {
                try $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    try body($0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
        } else {
            var sa = sockaddr_in()
            sa.sin_family = sa_family_t(AF_INET)
            sa.sin_port = port.bigEndian
            guard inet_pton(AF_INET, address, &sa.sin_addr) == 1 else { throw LabError("bad IPv4 address \(address)") }
            try withUnsafePointer(to: &sa) {
                try $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    try body($0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
    }
}
