/// A raw BGP peer for bad-input tests: a TCP listener opened inside a lab namespace (so the
/// daemon under test connects to it, as to any passive peer), and the accepted connection
/// driven byte by byte — hand-built OPEN, KEEPALIVE and UPDATE bytes, and whole messages read
/// back by their header (type and body), with no codec of ours in the way.
import Foundation
import Glibc

/// A listening TCP socket bound inside a namespace.
final class RawListener {
    private(set) var fd: Int32

    init(fd: Int32) { self.fd = fd }
    deinit { close() }

    func close() {
        guard fd >= 0 else { return }
        Glibc.close(fd)
        fd = -1
    }

    /// The next connection, within `timeout`.
    func accept(timeout: Duration) throws -> BlockingSocket {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ms = Int32(timeout.components.seconds * 1000)
        guard poll(&p, 1, ms) == 1 else { throw LabError("no connection within \(timeout)") }
        let c = Glibc.accept(fd, nil, nil)
        guard c >= 0 else { throw LabError("accept: \(String(cString: strerror(errno)))") }
        return BlockingSocket(fd: c)
    }
}

extension Namespace {
    /// A TCP listener on `address`:`port` inside this namespace.
    func listen(on address: String, port: UInt16 = 179) throws -> RawListener {
        let fd = try withNetwork { () throws -> Int32 in
            let fd = socket(address.contains(":") ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { throw LabError("socket: \(String(cString: strerror(errno)))") }
            var one: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            do {
                try SocketAddress.with(address, port: port) { sa, len in
                    guard bind(fd, sa, len) == 0 else { throw LabError("bind \(address):\(port): \(String(cString: strerror(errno)))") }
                }
                guard Glibc.listen(fd, 8) == 0 else { throw LabError("listen: \(String(cString: strerror(errno)))") }
            } catch {
                Glibc.close(fd)
                throw error
            }
            return fd
        }
        return RawListener(fd: fd)
    }
}

/// One raw BGP connection.
final class RawPeer {
    let socket: BlockingSocket
    private var inbox: [UInt8] = []
    /// Every message read, as (type, body).
    private(set) var received: [(type: UInt8, body: [UInt8])] = []
    private(set) var closed = false

    init(socket: BlockingSocket) { self.socket = socket }

    static let marker = [UInt8](repeating: 0xFF, count: 16)

    /// A whole message: marker, length, type, body.
    static func message(type: UInt8, _ body: [UInt8], marker: [UInt8] = RawPeer.marker) -> [UInt8] {
        let length = 19 + body.count
        return marker + [UInt8(length >> 8), UInt8(length & 0xFF), type] + body
    }

    /// An OPEN without optional parameters (2-octet AS, IPv4 unicast implied).
    static func open(version: UInt8 = 4, asn: UInt16, holdTime: UInt16 = 90, identifier: [UInt8]) -> [UInt8] {
        message(type: 1, [version, UInt8(asn >> 8), UInt8(asn & 0xFF), UInt8(holdTime >> 8), UInt8(holdTime & 0xFF)] + identifier + [0])
    }

    static let keepalive = message(type: 4, [])

    /// An UPDATE body from raw attribute bytes and IPv4 NLRI; `attributeLength` overrides the
    /// Total Path Attribute Length field (to make it lie).
    static func update(attributes: [UInt8], nlri: [UInt8], attributeLength: Int? = nil) -> [UInt8] {
        let n = attributeLength ?? attributes.count
        return message(type: 2, [0, 0, UInt8(n >> 8), UInt8(n & 0xFF)] + attributes + nlri)
    }

    func send(_ bytes: [UInt8]) throws { try socket.send(bytes) }

    /// The next message within `timeout` (nil when none came or the connection closed).
    func next(timeout: Duration) -> (type: UInt8, body: [UInt8])? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if inbox.count >= 19 {
                let length = Int(inbox[16]) << 8 | Int(inbox[17])
                if length >= 19, inbox.count >= length {
                    let m = (type: inbox[18], body: Array(inbox[19..<length]))
                    inbox.removeFirst(length)
                    received.append(m)
                    return m
                }
            }
            let left = deadline - ContinuousClock.now
            guard left > .zero, !closed else { return nil }
            guard let bytes = try? socket.receive(timeout: min(left, .milliseconds(200))) else { continue }
            if bytes.isEmpty { closed = true } else { inbox += bytes }
        }
    }

    /// Reads until a message of `type` arrives (skipping others), within `timeout`.
    func next(ofType type: UInt8, timeout: Duration) -> [UInt8]? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard let m = next(timeout: deadline - ContinuousClock.now) else { return nil }
            if m.type == type { return m.body }
        }
        return nil
    }

    /// Waits for the far end to close the connection (reading and dropping whatever comes).
    func waitForClose(timeout: Duration) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !closed, ContinuousClock.now < deadline { _ = next(timeout: deadline - ContinuousClock.now) }
        return closed
    }

    /// Completes the session: reads the daemon's OPEN, sends ours and a KEEPALIVE, waits for
    /// its KEEPALIVE. True when the daemon is then Established with us.
    func establish(asn: UInt16, identifier: [UInt8], timeout: Duration = .seconds(5)) throws -> Bool {
        guard next(ofType: 1, timeout: timeout) != nil else { return false }
        try send(RawPeer.open(asn: asn, identifier: identifier))
        try send(RawPeer.keepalive)
        return next(ofType: 4, timeout: timeout) != nil
    }

    /// The received NOTIFICATIONs as (code, subcode, data).
    var notifications: [(code: UInt8, subcode: UInt8, data: [UInt8])] {
        received.filter { $0.type == 3 && $0.body.count >= 2 }.map { ($0.body[0], $0.body[1], Array($0.body.dropFirst(2))) }
    }
}
