/// A loopback TCP relay in front of a test etcd, so a test can break the store's connections
/// (a dropped watch stream) while etcd itself keeps running, and count connections made.
import Foundation
import Glibc

final class EtcdTestProxy: @unchecked Sendable {
    // @unchecked Sendable: `sockets` and `accepted` are guarded by `lock`; the listener fd is
    // set once in init and closed once in `close()`.
    let port: Int
    private let targetPort: Int
    private let listener: Int32
    private let lock = NSLock()
    private var sockets: Set<Int32> = []
    private var accepted = 0

    /// Connections accepted so far (each client request or watch stream is one).
    var connections: Int { lock.withLock { accepted } }

    init(targetPort: Int) throws {
        self.targetPort = targetPort
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw EtcdTestError("socket: errno \(errno)") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = EtcdTestProxy.loopback(port: 0)
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                bind(fd, sa, len) == 0 && listen(fd, 16) == 0 && getsockname(fd, sa, &len) == 0
            }
        }
        guard ok else { Glibc.close(fd); throw EtcdTestError("proxy bind/listen: errno \(errno)") }
        listener = fd
        port = Int(UInt16(bigEndian: addr.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    var endpoint: String { "http://127.0.0.1:\(port)" }

    /// Breaks every relayed connection (both sides see the stream end); new ones are still accepted.
    func dropConnections() {
        // Under the lock: a relay closes its fds only after removing them here (under the same
        // lock), so no fd number can be reused by a new connection while this loop runs.
        lock.withLock {
            for fd in sockets { shutdown(fd, Int32(SHUT_RDWR)) }
        }
    }

    /// Stops accepting and breaks every connection.
    func close() {
        shutdown(listener, Int32(SHUT_RDWR))
        dropConnections()
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = UInt16(port).bigEndian
        return addr
    }

    private func acceptLoop() {
        defer { Glibc.close(listener) }
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }   // the listener was shut down
            let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var addr = EtcdTestProxy.loopback(port: targetPort)
            let connected = withUnsafePointer(to: &addr) { p in
                p.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                }
            }
            guard connected else { Glibc.close(client); Glibc.close(upstream); continue }
            lock.withLock {
                accepted += 1
                sockets.formUnion([client, upstream])
            }
            let pair = RelayPair(a: client, b: upstream) { [self] in
                lock.withLock { sockets.subtract([client, upstream]) }
            }
            Thread { pair.pump(from: client, to: upstream) }.start()
            Thread { pair.pump(from: upstream, to: client) }.start()
        }
    }
}

/// Two relayed sockets: closed once both directions have ended.
private final class RelayPair: @unchecked Sendable {
    // @unchecked Sendable: `finished` is guarded by `lock`.
    private let a, b: Int32
    private let lock = NSLock()
    private var finished = 0
    private let onClose: @Sendable () -> Void

    init(a: Int32, b: Int32, onClose: @escaping @Sendable () -> Void) {
        self.a = a
        self.b = b
        self.onClose = onClose
    }

    func pump(from source: Int32, to sink: Int32) {
        var buffer = [UInt8](repeating: 0, count: 16384)
        loop: while true {
            let n = read(source, &buffer, buffer.count)
            if n <= 0 { break }
            var off = 0
            while off < n {
                let w = buffer[off..<n].withUnsafeBytes { send(sink, $0.baseAddress, n - off, Int32(MSG_NOSIGNAL)) }
                if w <= 0 { break loop }
                off += w
            }
        }
        // Either side ending ends the relay in both directions.
        shutdown(a, Int32(SHUT_RDWR))
        shutdown(b, Int32(SHUT_RDWR))
        let last = lock.withLock { finished += 1; return finished == 2 }
        if last {
            onClose()
            Glibc.close(a)
            Glibc.close(b)
        }
    }
}
