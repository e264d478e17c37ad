/// TCP MD5 (RFC 2385) and hop limits (multihop TTL, GTSM of RFC 5082) on real sockets.
import BGPWire
import Dispatch
import Glibc
import NetCore
import Platform
import Testing
@testable import Transport

extension TransportTests {
    @Suite struct SecurityTests {
        @Test(arguments: [loopback4, loopback6])
        func md5MatchingKeysConnectAndExchange(address: IPAddress) async throws {
            let queue = DispatchQueue(label: "test.md5.match")
            let key = Array("swiftlet-secret".utf8)
            let server = try LoopbackServer(queue: queue, address: address)
            defer { server.shutdown() }
            try queue.sync { try server.listener.setMD5Key(key, for: address) }
            let events = EventRecorder()
            let options = ConnectionOptions(md5Key: key, connectTimeout: .seconds(3))
            let client = connect(to: server.address, options: options, queue: queue, recorder: events)
            defer { queue.sync { client.close() } }
            #expect(await waitUntil(queue) { events.connectedCount == 1 && server.connections.count == 1 })
            queue.sync { #expect(client.send(Fixtures.open)) }
            #expect(await waitUntil(queue) { server.recorder.messages == [Fixtures.open] })
        }

        @Test func md5MismatchTimesOutSayingKeyMismatchIsLikely() async throws {
            let queue = DispatchQueue(label: "test.md5.mismatch")
            let server = try LoopbackServer(queue: queue)
            defer { server.shutdown() }
            try queue.sync { try server.listener.setMD5Key(Array("right".utf8), for: loopback4) }
            let events = EventRecorder()
            let options = ConnectionOptions(md5Key: Array("wrong".utf8), connectTimeout: .seconds(2))
            let started = ContinuousClock.now
            let client = connect(to: server.address, options: options, queue: queue, recorder: events)
            #expect(await waitUntil(queue, timeout: .seconds(5)) { events.closedErrors.count == 1 })
            let elapsed = ContinuousClock.now - started
            #expect(elapsed >= .milliseconds(1900) && elapsed < .seconds(5))
            queue.sync {
                guard case let .connectTimedOut(remote, _, md5)? = events.closedErrors.first else {
                    Issue.record("expected a connect timeout, got \(events.events)"); return
                }
                #expect(md5 && remote == server.address)
                let text = events.closedErrors[0].description
                #expect(text.contains("key mismatch") && text.contains("likely"))
                #expect(events.connectedCount == 0)
                #expect(server.connections.isEmpty)
                #expect(client.state == .closed)
            }
        }

        @Test func ttlAndMinimumTTLReadBack() throws {
            for family in [SocketFamily.ipv4, .ipv6] {
                let s = try Socket(family: family)
                try s.setTimeToLive(1)
                #expect(try s.timeToLive() == 1)
                try s.setTimeToLive(255)
                #expect(try s.timeToLive() == 255)
                try s.setMinimumTimeToLive(254)
                #expect(try s.minimumTimeToLive() == 254)
                try s.setNoDelay(true)
                #expect(try s.noDelay())
                #expect(try s.isNonBlocking())
                try s.setNonBlocking(false)
                #expect(try !s.isNonBlocking())
                s.close()
                s.close()  // closes once
                #expect(s.isClosed)
            }
            #expect(HopLimit.gtsm(hops: 1).minimumIncomingTTL == 255)
            #expect(HopLimit.gtsm(hops: 3).minimumIncomingTTL == 253)
            #expect(HopLimit.gtsm(hops: 3).outgoingTTL == 255)
            #expect(HopLimit.ttl(1).minimumIncomingTTL == nil)
        }

        @Test func connectionsApplyGTSMAndMultihopTTL() async throws {
            let queue = DispatchQueue(label: "test.ttl.connection")
            // The accepted side runs GTSM for a peer 2 hops away; loopback packets carry the
            // sender's TTL unchanged, so our client sending with 255 passes the check.
            let server = try LoopbackServer(queue: queue, options: ConnectionOptions(hopLimit: .gtsm(hops: 2)))
            defer { server.shutdown() }
            let events = EventRecorder()
            let client = connect(to: server.address, options: ConnectionOptions(hopLimit: .gtsm(hops: 1)),
                                 queue: queue, recorder: events)
            defer { queue.sync { client.close() } }
            #expect(await waitUntil(queue) { events.connectedCount == 1 && server.connections.count == 1 })
            try queue.sync {
                let clientSocket = try #require(client.sources?.socket)
                #expect(try clientSocket.timeToLive() == 255)
                #expect(try clientSocket.minimumTimeToLive() == 255)
                let serverSocket = try #require(server.connections[0].sources?.socket)
                #expect(try serverSocket.timeToLive() == 255)
                #expect(try serverSocket.minimumTimeToLive() == 254)
                #expect(client.send(.keepalive))
            }
            #expect(await waitUntil(queue) { server.recorder.messages == [.keepalive] })

            // Multihop: TTL 5, no minimum.
            let events2 = EventRecorder()
            let multihop = connect(to: server.address, options: ConnectionOptions(hopLimit: .ttl(5)),
                                   queue: queue, recorder: events2)
            defer { queue.sync { multihop.close() } }
            #expect(await waitUntil(queue) { events2.connectedCount == 1 })
            try queue.sync {
                let s = try #require(multihop.sources?.socket)
                #expect(try s.timeToLive() == 5)
                #expect(try s.minimumTimeToLive() == 0)
            }
        }

        @Test func gtsmDropsPacketsBelowTheMinimumTTL() async throws {
            // A client sending with TTL 64 to a listener-side GTSM check of 255: the kernel
            // drops its segments after the handshake, so its KEEPALIVE never arrives.
            let queue = DispatchQueue(label: "test.ttl.drop")
            let server = try LoopbackServer(queue: queue, options: ConnectionOptions(hopLimit: .gtsm(hops: 1)))
            defer { server.shutdown() }
            let events = EventRecorder()
            let client = connect(to: server.address, options: ConnectionOptions(hopLimit: .ttl(64)),
                                 queue: queue, recorder: events)
            defer { queue.sync { client.close() } }
            #expect(await waitUntil(queue) { events.connectedCount == 1 && server.connections.count == 1 })
            await settle(.milliseconds(50))
            queue.sync { #expect(client.send(.keepalive)) }
            await settle(.milliseconds(500))
            queue.sync { #expect(server.recorder.messages.isEmpty) }
        }

        @Test func sourceAddressIsUsed() async throws {
            let queue = DispatchQueue(label: "test.source")
            let server = try LoopbackServer(queue: queue)
            defer { server.shutdown() }
            let events = EventRecorder()
            let client = connect(to: server.address, options: ConnectionOptions(sourceAddress: loopback4),
                                 queue: queue, recorder: events)
            defer { queue.sync { client.close() } }
            #expect(await waitUntil(queue) { events.connectedCount == 1 && server.connections.count == 1 })
            queue.sync {
                #expect(client.local?.address == loopback4)
                #expect(server.connections[0].remote == client.local)
            }
        }
    }
}
