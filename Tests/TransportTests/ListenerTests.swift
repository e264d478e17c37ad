/// Listener: configured peers are accepted, others closed before any byte is read, counted,
/// and logged once per address per interval.
import BGPWire
import Dispatch
import Glibc
import NetCore
import Platform
import Testing
@testable import Transport

extension TransportTests {
    @Suite struct ListenerTests {
        @Test func acceptsConfiguredPeer() async throws {
            let queue = DispatchQueue(label: "test.listener.accept")
            let server = try LoopbackServer(queue: queue, configured: { $0 == loopback4 })
            defer { server.shutdown() }
            let peer = try RawPeer.connect(to: server.address)
            #expect(await waitUntil(queue) { server.connections.count == 1 })
            let (accepted, refused) = queue.sync { (server.listener.acceptedCount, server.listener.refusals.total) }
            #expect(accepted == 1 && refused == 0)
            // The accepted connection reads: a KEEPALIVE arrives as a message.
            try peer.write(BGPMessage.keepaliveBytes)
            #expect(await waitUntil(queue) { server.recorder.messages == [.keepalive] })
            let remote = queue.sync { server.connections.first?.remote.address }
            #expect(remote == loopback4)
        }

        @Test func refusesUnconfiguredPeerBeforeReadingAndCountsIt() async throws {
            let queue = DispatchQueue(label: "test.listener.refuse")
            let server = try LoopbackServer(queue: queue, configured: { _ in false })
            defer { server.shutdown() }
            for attempt in 1...3 {
                let peer = try RawPeer.connect(to: server.address)
                // Bytes sent are never read: the listener closes the socket unread.
                try? peer.write(Fixtures.bytes(Fixtures.open))
                let (_, closed) = peer.readUntilClosed()
                #expect(closed, "attempt \(attempt): the refused connection must be closed")
                #expect(await waitUntil(queue) { server.listener.refusals.total == attempt })
            }
            queue.sync {
                #expect(server.connections.isEmpty)
                #expect(server.listener.acceptedCount == 0)
                #expect(server.listener.refusals.byAddress[loopback4] == 3)
                #expect(server.recorder.events.isEmpty)
                // Logged once for the address although refused three times within a minute.
                #expect(server.logLines.count == 1)
                #expect(server.logLines.first?.contains("127.0.0.1") == true)
                #expect(server.logLines.first?.contains("not a configured peer") == true)
            }
        }

        @Test func refusalLogIsRateLimitedPerAddress() {
            var counters = RefusalCounters(logInterval: .seconds(60), maximumTrackedAddresses: 2)
            let t0 = ContinuousClock.now
            let a = IPAddress.v4(IPv4Address(192, 0, 2, 1)), b = IPAddress.v4(IPv4Address(192, 0, 2, 2))
            let c = IPAddress.v4(IPv4Address(192, 0, 2, 3))
            let logged = [counters.record(a, at: t0), counters.record(a, at: t0 + .seconds(59)),
                          counters.record(a, at: t0 + .seconds(60)), counters.record(b, at: t0 + .seconds(61)),
                          // Logged-address table full of recent entries: counted, not logged.
                          counters.record(c, at: t0 + .seconds(62))]
            #expect(logged == [true, false, true, true, false])
            #expect(counters.total == 5)
            #expect(counters.byAddress == [a: 3, b: 1])
            #expect(counters.untracked == 1)
        }

        @Test func md5KeysOnListenerAreUpdatableLive() throws {
            let queue = DispatchQueue(label: "test.listener.md5")
            let listener = Listener(configuration: .init(addresses: [SocketAddress(loopback4, port: 0),
                                                                     SocketAddress(loopback6, port: 0)]), queue: queue)
            try queue.sync {
                try listener.setMD5Key(Array("before-start".utf8), for: loopback4)
                try listener.start()
                #expect(listener.localAddresses.count == 2)
                #expect(listener.localAddresses.allSatisfy { $0.port != 0 })
                try listener.setMD5Key(Array("v6-key".utf8), for: loopback6)
                try listener.setMD5Key(nil, for: loopback6)
                try listener.setMD5Key(nil, for: loopback6)  // removing twice is fine
                #expect(throws: SystemCallError.self) {
                    try listener.setMD5Key([UInt8](repeating: 1, count: 81), for: loopback4)
                }
                listener.close()
            }
        }
    }
}
