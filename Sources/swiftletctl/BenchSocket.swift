/// A plain blocking TCP socket for `swiftletctl bench` (Glibc, no Dispatch): connect from a
/// source address with retries, write everything, read, poll, and the wall clock shared by all
/// network namespaces (CLOCK_REALTIME) in nanoseconds.
import Glibc
import NetCore

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
    let fd: Int32

    private init(fd: Int32) { self.fd = fd }
    deinit { close(fd) }

    /// Connects to `remote`:`port` from `local` (port chosen by the kernel), retrying every
    /// 100 ms until `timeout` seconds have passed (the daemon in the middle may still be starting).
    static func connect(remote: IPv4Address, port: UInt16, local: IPv4Address?, timeout: Double) throws -> BenchSocket {
        let deadline = benchNow() + Int64(timeout * 1e9)
        while true {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw BenchError.errno("socket") }
            let s = BenchSocket(fd: fd)
            var one: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            if let local {
                var sa = sockaddr_in(address: local, port: 0)
                let rc = withUnsafePointer(to: &sa) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
                }
                guard rc == 0 else { throw BenchError.errno("bind \(local)") }
            }
            var sa = sockaddr_in(address: remote, port: port)
            let rc = withUnsafePointer(to: &sa) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            if rc == 0 { return s }
            if benchNow() > deadline { throw BenchError.errno("connect \(remote):\(port)") }
            usleep(100_000)
        }
    }

    /// Listens on `local`:`port` and accepts one connection, waiting at most `timeout` seconds
    /// (passive end: the daemon under test connects out to us).
    static func accept(local: IPv4Address, port: UInt16, timeout: Double) throws -> BenchSocket {
        let lfd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard lfd >= 0 else { throw BenchError.errno("socket") }
        let listener = BenchSocket(fd: lfd)
        var one: Int32 = 1
        setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var sa = sockaddr_in(address: local, port: port)
        let rc = withUnsafePointer(to: &sa) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(lfd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else { throw BenchError.errno("bind \(local):\(port)") }
        guard listen(lfd, 1) == 0 else { throw BenchError.errno("listen") }
        benchSay("listening-ns \(benchNow())")
        guard listener.poll(Int16(POLLIN), ms: Int32(timeout * 1000)) != 0 else {
            throw BenchError("nobody connected to \(local):\(port) within \(timeout) s")
        }
        let fd = Glibc.accept(lfd, nil, nil)
        guard fd >= 0 else { throw BenchError.errno("accept") }
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return BenchSocket(fd: fd)
    }

    /// Writes all of `bytes` (blocking).
    func writeAll(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { p in
            var off = 0
            while off < p.count {
                let n = send(fd, p.baseAddress.map { $0 + off }, p.count - off, Int32(MSG_NOSIGNAL))
                if n < 0 {
                    if errno == EINTR || errno == EAGAIN { continue }
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

    func setNonBlocking() {
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
    }
}

extension sockaddr_in {
    init(address: IPv4Address, port: UInt16) {
        self.init()
        sin_family = sa_family_t(AF_INET)
        sin_port = port.bigEndian
        sin_addr = in_addr(s_addr: address.rawValue.bigEndian)
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
