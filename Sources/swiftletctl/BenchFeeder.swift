/// The feeder of `swiftletctl bench feed`: one poll() loop on the process's only thread that
/// waits for the go file (if any), then streams pre-encoded UPDATEs as fast as the socket takes them, drains (and ignores) whatever
/// the peer sends, slips in a KEEPALIVE at a message boundary every 30 s, and prints the wall
/// clock of its first UPDATE write (`first-update-ns`) and of its last (`last-update-ns`).
import BGPWire
import Glibc

enum BenchFeeder {
    static let keepaliveInterval: Int64 = 30_000_000_000

    /// Streams `routes`, then keeps the session up for `linger` seconds (the script stops the
    /// feeder with SIGTERM when the collector is done).
    static func run(_ routes: BenchRoutes, _ o: BenchPeerOptions, linger: Double, goFile: String?) throws {
        let (s, initial) = try BenchSession.establish(o)
        var inbox = initial
        benchSay("established-ns \(benchNow())")
        try s.setNonBlocking()
        var offset = 0, boundary = 0
        var lastKeepalive = benchNow()
        var pending: [UInt8] = []  // a KEEPALIVE waiting for the current batch to end
        var go = goFile == nil
        if go { benchSay("first-update-ns \(benchNow())") }
        var doneAt: Int64? = nil
        let lingerNs = Int64(linger * 1e9)
        while doneAt.map({ benchNow() - $0 < lingerNs }) ?? true {
            if !go, let goFile, access(goFile, F_OK) == 0 {
                go = true
                benchSay("first-update-ns \(benchNow())")
            }
            let wantWrite = go && offset < routes.bytes.count || !pending.isEmpty
            let ev = s.poll(Int16(POLLIN) | (wantWrite ? Int16(POLLOUT) : 0), ms: go ? 1000 : 5)
            if ev & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
                if try inbox.read(from: s.fd, limit: 1 << 16) == 0 { throw BenchError("the peer closed the connection") }
                while let (type, body) = try inbox.next() {
                    if type == MessageType.notification.rawValue { throw BenchSession.notification(inbox.bytes[body]) }
                }
            }
            let now = benchNow()
            if now - lastKeepalive >= keepaliveInterval && pending.isEmpty {
                pending = BGPMessage.keepaliveBytes
                lastKeepalive = now
            }
            if ev & Int16(POLLOUT) != 0 {
                // A pending KEEPALIVE goes out only between whole messages.
                if !pending.isEmpty && (offset == 0 || offset == routes.bytes.count || offset == routes.boundaries[max(boundary - 1, 0)]) {
                    let n = pending.withUnsafeBytes { send(s.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                    if n > 0 { pending.removeFirst(n) } else if n < 0 && errno != EAGAIN { throw BenchError.errno("send") }
                } else if go && offset < routes.bytes.count {
                    let end = routes.boundaries[boundary]
                    let n = routes.bytes.withUnsafeBytes { send(s.fd, $0.baseAddress.map { $0 + offset }, end - offset, Int32(MSG_NOSIGNAL)) }
                    if n < 0 {
                        if errno != EAGAIN && errno != EINTR { throw BenchError.errno("send") }
                    } else {
                        offset += n
                        if offset == end { boundary += 1 }
                        if offset == routes.bytes.count {
                            let t = benchNow()
                            benchSay("last-update-ns \(t)")
                            benchSay("cpu-s \(benchCPUSeconds())")
                            doneAt = t
                        }
                    }
                }
            }
        }
    }
}
