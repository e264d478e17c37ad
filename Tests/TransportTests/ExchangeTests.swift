/// Connections exchanging real BGP messages: active connect to a listener, messages split
/// across many small writes, many messages in one write, IPv6, and framing errors.
import BGPWire
import Dispatch
import NetCore
import Platform
import Testing
@testable import Transport

extension TransportTests {
    @Suite struct ExchangeTests {
        /// Client and server exchange OPEN, KEEPALIVE and UPDATEs both ways.
        func exchange(over address: IPAddress) async throws {
            let queue = DispatchQueue(label: "test.exchange.\(address)")
            let server = try LoopbackServer(queue: queue, address: address)
            defer { server.shutdown() }
            let clientEvents = EventRecorder()
            let client = connect(to: server.address, queue: queue, recorder: clientEvents)
            defer { queue.sync { client.close() } }
            #expect(await waitUntil(queue) { clientEvents.connectedCount == 1 && server.connections.count == 1 })

            let sent: [BGPMessage] = [Fixtures.open, .keepalive] + (0..<50).map(Fixtures.update)
            queue.sync {
                #expect(client.state == .open)
                #expect(client.local?.address == address)
                for m in sent { #expect(client.send(m)) }
            }
            #expect(await waitUntil(queue) { server.recorder.messages.count == sent.count })
            queue.sync {
                #expect(server.recorder.messages == sent)
                let reply = server.connections[0]
                #expect(reply.remote.address == address)
                #expect(reply.send(Fixtures.open))
                #expect(reply.send(.keepalive))
            }
            #expect(await waitUntil(queue) { clientEvents.messages == [Fixtures.open, .keepalive] })
            queue.sync {
                let total = sent.map { Fixtures.bytes($0).count }.reduce(0, +)
                #expect(client.counters.messagesOut == sent.count)
                #expect(client.counters.bytesOut == total)
                #expect(server.connections[0].counters.bytesIn == total)
                #expect(server.connections[0].counters.messagesIn == sent.count)
                #expect(client.counters.messagesIn == 2)
            }
        }

        @Test func exchangeOverIPv4() async throws { try await exchange(over: loopback4) }

        @Test func exchangeOverIPv6() async throws { try await exchange(over: loopback6) }

        @Test func messagesSplitAcrossManySmallWrites() async throws {
            let queue = DispatchQueue(label: "test.exchange.split")
            let server = try LoopbackServer(queue: queue)
            defer { server.shutdown() }
            let peer = try RawPeer.connect(to: server.address)
            let sent: [BGPMessage] = [Fixtures.open, .keepalive, Fixtures.update(7)]
            let stream = sent.flatMap(Fixtures.bytes)
            var i = 0
            while i < stream.count {
                // 1 to 3 bytes at a time, each a separate segment (TCP_NODELAY-free raw peer,
                // but a pause lets the receiver see the pieces).
                let n = min(1 + i % 3, stream.count - i)
                try peer.write(Array(stream[i..<(i + n)]))
                if i % 10 == 0 { try? await Task.sleep(for: .milliseconds(1)) }
                i += n
            }
            #expect(await waitUntil(queue) { server.recorder.messages.count == sent.count })
            queue.sync { #expect(server.recorder.messages == sent) }
        }

        @Test func manyMessagesInOneWrite() async throws {
            let queue = DispatchQueue(label: "test.exchange.batch")
            let server = try LoopbackServer(queue: queue)
            defer { server.shutdown() }
            let peer = try RawPeer.connect(to: server.address)
            let sent: [BGPMessage] = [Fixtures.open] + (0..<2000).map { $0 % 3 == 0 ? .keepalive : Fixtures.update($0) }
            try peer.write(sent.flatMap(Fixtures.bytes))
            #expect(await waitUntil(queue) { server.recorder.messages.count == sent.count })
            queue.sync { #expect(server.recorder.messages == sent) }
        }

        @Test func badMarkerIsConnectionNotSynchronized() async throws {
            let queue = DispatchQueue(label: "test.exchange.marker")
            let server = try LoopbackServer(queue: queue)
            defer { server.shutdown() }
            let peer = try RawPeer.connect(to: server.address)
            var bad = BGPMessage.keepaliveBytes
            bad[3] = 0xFE
            try peer.write(BGPMessage.keepaliveBytes + bad + BGPMessage.keepaliveBytes)
            #expect(await waitUntil(queue) { server.recorder.malformed.count == 1 })
            await settle()
            try queue.sync {
                // The good KEEPALIVE before it was delivered; nothing after the error.
                #expect(server.recorder.messages == [.keepalive])
                let (error, type) = try #require(server.recorder.malformed.first)
                #expect(type == nil)
                #expect(error.notification.code == 1 && error.notification.subcode == 1)
                // The owner answers with the NOTIFICATION; the peer receives it, then EOF.
                server.connections[0].close(sending: error.notification)
            }
            let (bytes, closed) = peer.readUntilClosed()
            #expect(closed)
            let received = try BGPMessage.decode(message: bytes, context: Fixtures.context)
            #expect(received == .notification(NotificationMessage(MessageHeaderErrorSubcode.connectionNotSynchronized)))
        }

        @Test func badOpenBodyIsReportedWithItsType() async throws {
            let queue = DispatchQueue(label: "test.exchange.badopen")
            let server = try LoopbackServer(queue: queue)
            defer { server.shutdown() }
            let peer = try RawPeer.connect(to: server.address)
            var open = Fixtures.bytes(Fixtures.open)
            open[28] = 200  // optional parameters length runs past the end of the message
            try peer.write(open)
            #expect(await waitUntil(queue) { server.recorder.malformed.count == 1 })
            try queue.sync {
                let (error, type) = try #require(server.recorder.malformed.first)
                #expect(type == .open)
                #expect(error.notification.code == 2)
            }
        }

        @Test func decodeContextChangeAppliesToTheNextMessage() async throws {
            // An extended (RFC 8654) UPDATE is a 1/2 length error until the owner raises
            // maxMessageLength while handling the OPEN before it.
            let queue = DispatchQueue(label: "test.exchange.context")
            let server = try LoopbackServer(queue: queue)
            defer { server.shutdown() }
            queue.sync {
                server.recorder.react = { connection, event in
                    if case .received(.open) = event { connection.decodeContext.maxMessageLength = 65535 }
                }
            }
            let peer = try RawPeer.connect(to: server.address)
            let big = BGPMessage.update(UpdateMessage(
                attributes: [.origin(.igp), .asPath(ASPath()), .nextHop(IPv4Address(192, 0, 2, 1)),
                             .communities((0..<2000).map { Community(rawValue: UInt32($0)) })],
                nlri: NLRIList([NLRI(prefix: IPPrefix("10.0.0.0/8")!)], afi: .ipv4, addPath: false)))
            let bigBytes = big.encode(context: DecodeContext(extendedMessage: true))
            #expect(bigBytes.count > 4096)
            try peer.write(Fixtures.bytes(Fixtures.open) + bigBytes)
            #expect(await waitUntil(queue) { server.recorder.messages.count == 2 })
            queue.sync {
                #expect(server.recorder.malformed.isEmpty)
                #expect(server.recorder.messages.last == big)
            }
        }
    }
}
