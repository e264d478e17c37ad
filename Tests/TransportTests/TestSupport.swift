/// Shared test helpers: a recording delegate, bounded waits, loopback listeners, raw sockets
/// driven with poll(2), and BGP message fixtures. Only 127.0.0.1 and ::1 are ever used.
import BGPWire
import Dispatch
import Foundation
import Glibc
import NetCore
import Platform
@testable import Transport

let loopback4 = IPAddress.v4(IPv4Address(127, 0, 0, 1))
let loopback6 = IPAddress.v6(IPv6Address(high: 0, low: 1))

/// Records every event of the connections it is the delegate of; touched on `queue` only.
final class EventRecorder: ConnectionDelegate, @unchecked Sendable {
    var events: [ConnectionEvent] = []
    /// Optional reaction, called on the queue after recording.
    var react: ((Connection, ConnectionEvent) -> Void)?

    func connection(_ connection: Connection, didReport event: ConnectionEvent) {
        events.append(event)
        react?(connection, event)
    }

    var messages: [BGPMessage] {
        events.compactMap { if case .received(let m) = $0 { m } else { nil } }
    }
    var closedErrors: [ConnectionError] {
        events.compactMap { if case .closed(let e) = $0 { e } else { nil } }
    }
    var malformed: [(WireError, MessageType?)] {
        events.compactMap { if case let .malformed(e, t) = $0 { (e, t) } else { nil } }
    }
    var connectedCount: Int { events.filter { if case .connected = $0 { true } else { false } }.count }
    var writableCount: Int { events.filter { if case .writable = $0 { true } else { false } }.count }
}

/// Polls `condition` (evaluated on `queue`) every 5 ms until it holds or `timeout` passes.
func waitUntil(_ queue: DispatchQueue, timeout: Duration = .seconds(5),
               _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if queue.sync(execute: condition) { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return queue.sync(execute: condition)
}

/// Lets the queue run for `duration` (for "nothing more happens" checks).
func settle(_ duration: Duration = .milliseconds(200)) async {
    try? await Task.sleep(for: duration)
}

/// A listener on `address` port 0 whose accepted peers become connections with `recorder`.
final class LoopbackServer: @unchecked Sendable {
    let queue: DispatchQueue
    let listener: Listener
    let recorder = EventRecorder()
    var connections: [Connection] = []
    var logLines: [String] = []
    /// The bound address (read once after start, so it is safe to use inside `queue.sync`).
    private(set) var address = SocketAddress(loopback4, port: 0)

    init(queue: DispatchQueue, address: IPAddress = loopback4, options: ConnectionOptions = ConnectionOptions(),
         configured: @escaping (IPAddress) -> Bool = { _ in true }) throws {
        self.queue = queue
        listener = Listener(configuration: .init(addresses: [SocketAddress(address, port: 0)]), queue: queue)
        try queue.sync {
            listener.isConfiguredPeer = configured
            listener.log = { [unowned self] in self.logLines.append($0) }
            listener.onAccept = { [unowned self] accepted in
                let c = Connection(accepted: accepted, options: options, queue: queue)
                c.delegate = self.recorder
                self.connections.append(c)
                c.start()
            }
            try listener.start()
            self.address = listener.localAddresses[0]
        }
    }

    func shutdown() {
        queue.sync {
            for c in connections { c.close() }
            connections.removeAll()
            listener.close()
        }
    }
}

/// Starts an active connection on `queue` with `recorder` as delegate.
func connect(to remote: SocketAddress, options: ConnectionOptions = ConnectionOptions(),
             queue: DispatchQueue, recorder: EventRecorder) -> Connection {
    queue.sync {
        let c = Connection(connectingTo: remote, options: options, queue: queue)
        c.delegate = recorder
        c.start()
        return c
    }
}

/// A blocking-style test peer over a non-blocking `Socket`, every wait bounded by poll(2).
struct RawPeer {
    let socket: Socket

    /// Connects to `remote` and waits (≤ 5 s) until connected.
    static func connect(to remote: SocketAddress) throws -> RawPeer {
        let s = try Socket(family: remote.family)
        if try s.connect(to: remote) == .inProgress {
            guard poll(s, events: Int16(POLLOUT), timeoutMs: 5000) else { throw TestFailure("connect timed out") }
            if let e = try s.pendingError() { throw SystemCallError("connect", e) }
        }
        return RawPeer(socket: s)
    }

    /// Writes all of `bytes` (waiting for space, ≤ 5 s per wait).
    func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = try bytes.withUnsafeBytes { raw throws(SystemCallError) -> Int in
                try socket.write(UnsafeRawBufferPointer(rebasing: raw[offset...]))
            }
            if n == 0 {
                guard RawPeer.poll(socket, events: Int16(POLLOUT), timeoutMs: 5000) else { throw TestFailure("write stalled") }
            }
            offset += n
        }
    }

    /// Reads until `count` bytes arrived, EOF, or `timeout`.
    func read(count: Int, timeoutMs: Int32 = 5000) throws -> (bytes: [UInt8], eof: Bool) {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while out.count < count {
            guard RawPeer.poll(socket, events: Int16(POLLIN), timeoutMs: timeoutMs) else { return (out, false) }
            let r = try chunk.withUnsafeMutableBytes { raw throws(SystemCallError) in try socket.read(into: raw) }
            switch r {
            case .bytes(let n): out.append(contentsOf: chunk[..<n])
            case .endOfFile: return (out, true)
            case .wouldBlock: continue
            }
        }
        return (out, false)
    }

    /// Reads everything until EOF (or error) within the timeout; true when the peer closed.
    func readUntilClosed(timeoutMs: Int32 = 5000) -> (bytes: [UInt8], closed: Bool) {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            guard RawPeer.poll(socket, events: Int16(POLLIN), timeoutMs: timeoutMs) else { return (out, false) }
            do {
                let r = try chunk.withUnsafeMutableBytes { raw throws(SystemCallError) in try socket.read(into: raw) }
                switch r {
                case .bytes(let n): out.append(contentsOf: chunk[..<n])
                case .endOfFile: return (out, true)
                case .wouldBlock: continue
                }
            } catch {
                return (out, true)  // ECONNRESET: closed too
            }
        }
    }

    static func poll(_ socket: Socket, events: Int16, timeoutMs: Int32) -> Bool {
        var p = pollfd(fd: socket.fileDescriptor, events: events, revents: 0)
        return Glibc.poll(&p, 1, timeoutMs) == 1
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// Fixtures: real BGP messages encoded by BGPWire.
enum Fixtures {
    static let open = BGPMessage.open(OpenMessage(
        myAS: 65001, holdTime: 90, identifier: RouterID(IPv4Address(192, 0, 2, 1)),
        capabilities: [.multiprotocol(.ipv4Unicast), .routeRefresh, .fourOctetAS(65001)]))

    static func update(_ i: Int) -> BGPMessage {
        let prefix = IPPrefix("10.\(i / 256 % 256).\(i % 256).0/24")
        return .update(UpdateMessage(
            attributes: [.origin(.igp), .asPath(ASPath(segments: [ASPathSegment(type: .sequence, asns: [65001])])),
                         .nextHop(IPv4Address(192, 0, 2, 1))],
            nlri: NLRIList(prefix.map { [NLRI(prefix: $0)] } ?? [], afi: .ipv4, addPath: false)))
    }

    static let context = DecodeContext()

    static func bytes(_ m: BGPMessage) -> [UInt8] { m.encode(context: context) }
}

/// How many descriptors this process has open (to check that tests leave none behind).
func openDescriptorCount() -> Int {
    (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? -1
}
