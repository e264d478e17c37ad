/// A plain blocking TCP socket for `swiftletctl bench` (Platform's `Socket`, no Dispatch):
/// connect from a source address with retries, write everything, read, poll, and the wall
/// clock shared by all network namespaces (CLOCK_REALTIME) in nanoseconds.
import Glibc
import NetCore
import Platform

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ text: String) { description = text }
    static func errno(_ what: String) -> BenchError {
        let code = Glibc.errno
        let text = strerror(code).map { String(cString: $0) } ?? "errno \(code)"
        return BenchError("\(what): \(text)")
    }
}

/// Nanoseconds since the epoch (CLOCK_REALTIME: one clock for every namespace on the host).
func benchNow() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
}

/// CPU seconds (user + system) this process has used so far.
func benchCPUSeconds() -> Double {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    let t = u.ru_utime, s = u.ru_stime
    return Double(t.tv_sec + s.tv_sec) + Double(t.tv_usec + s.tv_usec) / 1e6
}

/// One line on stdout, flushed at once (the script reads it while we run).
func benchSay(_ line: String) {
    print(line)
    fflush(nil)  // every output stream: stdout is a pipe or file, so print buffers
}

final class BenchSocket {
    /// Platform's socket (creation, bind, connect, accept, options); made blocking once
    /// connected, so the loops here can write and read plainly.
    let socket: Socket
    var fd: Int32 { socket.fileDescriptor }

    private init(_ socket: Socket) { self.socket = socket }

    /// Connects to `remote`:`port` from `local` (port chosen by the kernel), retrying every
    /// 100 ms until `timeout` seconds have passed (the daemon in the middle may still be starting).
    static func connect(remote: IPv4Address, port: UInt16, local: IPv4Address?, timeout: Double) throws -> BenchSocket {
        let deadline = benchNow() + Int64(timeout * 1e9)
        let target = SocketAddress(.v4(remote), port: port)
        while true {
            let s = BenchSocket(try Socket(family: .ipv4))
            try s.socket.setNoDelay(true)
            if let local { try s.socket.bind(to: SocketAddress(.v4(local), port: 0)) }
            if (try? s.finishConnect(to: target, deadline: deadline)) == true {
                try s.socket.setNonBlocking(false)
                return s
            }
            if benchNow() > deadline { throw BenchError("connect \(remote):\(port): no connection within \(timeout) s") }
            usleep(100_000)
        }
    }

    /// One non-blocking connect attempt, waited for until at most `deadline`.
    private func finishConnect(to target: SocketAddress, deadline: Int64) throws -> Bool {
        if try socket.connect(to: target) == .connected { return true }
        let ms = Int32(clamping: max(0, (deadline - benchNow()) / 1_000_000))
        guard poll(Int16(POLLOUT), ms: ms) != 0 else { return false }
        return try socket.pendingError() == nil
    }

    /// Listens on `local`:`port` and accepts one connection, waiting at most `timeout` seconds
    /// (passive end: the daemon under test connects out to us).
    static func accept(local: IPv4Address, port: UInt16, timeout: Double) throws -> BenchSocket {
        let listener = BenchSocket(try Socket(family: .ipv4))
        try listener.socket.setReuseAddress(true)
        try listener.socket.bind(to: SocketAddress(.v4(local), port: port))
        try listener.socket.listen(backlog: 1)
        benchSay("listening-ns \(benchNow())")
        guard listener.poll(Int16(POLLIN), ms: Int32(timeout * 1000)) != 0,
              let (accepted, _) = try listener.socket.accept() else {
            throw BenchError("nobody connected to \(local):\(port) within \(timeout) s")
        }
        try accepted.setNoDelay(true)
        try accepted.setNonBlocking(false)
        return BenchSocket(accepted)
    }

    /// Writes all of `bytes` (waits for room when the socket is non-blocking).
    func writeAll(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { p in
            var off = 0
            while off < p.count {
                let n = send(fd, p.baseAddress.map { $0 + off }, p.count - off, Int32(MSG_NOSIGNAL))
                if n < 0 {
                    if errno == EINTR { continue }
                    if errno == EAGAIN { _ = poll(Int16(POLLOUT), ms: 1000); continue }
                    throw BenchError.errno("send")
                }
                off += n
            }
        }
    }

    /// Waits up to `ms` milliseconds for `events`; returns the events that happened.
    func poll(_ events: Int16, ms: Int32) -> Int16 {
        var p = pollfd(fd: fd, events: events, revents: 0)
        let rc = Glibc.poll(&p, 1, ms)
        return rc > 0 ? p.revents : 0
    }

    func setNonBlocking() throws {
        try socket.setNonBlocking(true)
    }
}

/// A receive buffer with a read position: bytes arrive at the end, whole messages leave at the
/// front, and the front is compacted away when it grows large.
struct BenchInbox {
    var bytes: [UInt8] = []
    var start = 0

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    /// Reads what the socket has (at most `limit` bytes). Returns 0 at end of stream, -1 if the
    /// read would block.
    mutating func read(from fd: Int32, limit: Int) throws -> Int {
        if start > 0 && start >= bytes.count / 2 {
            bytes.removeSubrange(0..<start)
            start = 0
        }
        let old = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: limit))
        let n = bytes.withUnsafeMutableBytes { p in recv(fd, p.baseAddress.map { $0 + old }, limit, 0) }
        bytes.removeSubrange((old + Swift.max(n, 0))...)
        if n < 0 {
            if errno == EAGAIN || errno == EINTR { return -1 }
            throw BenchError.errno("recv")
        }
        return n
    }

    /// The next whole message as (type, body range in `bytes`), consuming it.
    mutating func next() throws -> (type: UInt8, body: Range<Int>)? {
        guard bytes.count - start >= 19 else { return nil }
        let length = Int(bytes[start + 16]) << 8 | Int(bytes[start + 17])
        guard length >= 19 else { throw BenchError("bad BGP message length \(length)") }
        guard bytes.count - start >= length else { return nil }
        let type = bytes[start + 18]
        let body = (start + 19)..<(start + length)
        start += length
        return (type, body)
    }
}
