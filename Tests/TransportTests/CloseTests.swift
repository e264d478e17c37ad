/// Ends of a connection: EOF and reset reported once, flush-then-close of a NOTIFICATION,
/// silent owner close, sockets closed by the cancel handlers.
import BGPWire
import Dispatch
import Glibc
import NetCore
import Platform
import Testing
@testable import Transport

extension TransportTests {
    @Suite struct CloseTests {
        @Test func peerEOFIsReportedOnce() async throws {
            let queue = DispatchQueue(label: "test.close.eof")
            let server = try LoopbackServer(queue: queue)
            defer { server.shutdown() }
            let peer = try RawPeer.connect(to: server.address)
            #expect(await waitUntil(queue) { server.connections.count == 1 })
            try peer.write(BGPMessage.keepaliveBytes)
            peer.socket.close()
            #expect(await waitUntil(queue) { server.recorder.closedErrors.count == 1 })
            await settle()
            queue.sync {
                #expect(server.recorder.closedErrors == [.peerClosed(unframedBytes: 0)])
                #expect(server.recorder.messages == [.keepalive])
                // The closed event is last.
                if case .closed = server.recorder.events.last {} else { Issue.record("closed is not last") }
                let c = server.connections[0]
                #expect(c.state == .closed)
                #expect(c.sources?.socket.isClosed == true)
                #expect(!c.send(.keepalive))
            }
        }

        @Test func resetIsReportedOnce() async throws {
            let queue = DispatchQueue(label: "test.close.reset")
            let server = try LoopbackServer(queue: queue)
            defer { server.shutdown() }
            let clientEvents = EventRecorder()
            let client = connect(to: server.address, queue: queue, recorder: clientEvents)
            #expect(await waitUntil(queue) { clientEvents.connectedCount == 1 && server.connections.count == 1 })
            // SO_LINGER 0 makes close send RST.
            queue.sync {
                let fd = server.connections[0].sources?.socket.fileDescriptor ?? -1
                var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
                _ = setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
                server.connections[0].close()
            }
            #expect(await waitUntil(queue) { clientEvents.closedErrors.count == 1 })
            await settle()
            queue.sync {
                #expect(clientEvents.closedErrors.count == 1)
                #expect(clientEvents.closedErrors.first?.errno == .connectionReset)
                #expect(server.recorder.events.isEmpty)  // the owner closed: silent
                #expect(client.state == .closed)
            }
        }

        @Test func notificationIsFlushedThenClosed() async throws {
            let queue = DispatchQueue(label: "test.close.notification")
            let server = try LoopbackServer(queue: queue)
            defer { server.shutdown() }
            let clientEvents = EventRecorder()
            let client = connect(to: server.address, queue: queue, recorder: clientEvents)
            #expect(await waitUntil(queue) { clientEvents.connectedCount == 1 && server.connections.count == 1 })
            let cease = NotificationMessage(CeaseSubcode.administrativeShutdown, data: Array("bye".utf8))
            queue.sync {
                #expect(client.send(Fixtures.open))
                client.close(sending: cease)
                #expect(client.state == .closing || client.state == .closed)
            }
            // The server (our own Connection) gets OPEN, the NOTIFICATION, then EOF.
            #expect(await waitUntil(queue) { server.recorder.closedErrors.count == 1 })
            queue.sync {
                #expect(server.recorder.messages == [Fixtures.open, .notification(cease)])
                #expect(server.recorder.closedErrors == [.peerClosed(unframedBytes: 0)])
            }
            // The server side closed on EOF, so the client's wait ends early.
            #expect(await waitUntil(queue, timeout: .seconds(2)) { client.state == .closed })
            queue.sync {
                #expect(clientEvents.closedErrors.isEmpty)
                #expect(client.sources?.socket.isClosed == true)
            }
        }

        @Test func notificationCloseIsBoundedWhenPeerNeverCloses() async throws {
            let queue = DispatchQueue(label: "test.close.bounded")
            let server = try LoopbackServer(queue: queue)
            defer { server.shutdown() }
            let peer = try RawPeer.connect(to: server.address)
            #expect(await waitUntil(queue) { server.connections.count == 1 })
            let started = ContinuousClock.now
            queue.sync {
                // A short close timeout via a fresh connection is not possible for accepted
                // sockets here, so use the default (3 s) and check it ends within bounds.
                server.connections[0].close(sending: NotificationMessage(CeaseSubcode.peerDeconfigured))
            }
            let (bytes, _) = try peer.read(count: 21)
            #expect(bytes.count == 21)
            #expect(await waitUntil(queue, timeout: .seconds(5)) { server.connections[0].state == .closed })
            #expect(ContinuousClock.now - started < .seconds(5))
            peer.socket.close()
        }

        @Test func droppedConnectionClosesItsSocket() async throws {
            let queue = DispatchQueue(label: "test.close.drop")
            let server = try LoopbackServer(queue: queue)
            defer { server.shutdown() }
            let peer = try RawPeer.connect(to: server.address)
            #expect(await waitUntil(queue) { server.connections.count == 1 })
            let socket = queue.sync {
                let s = server.connections[0].sources?.socket
                server.connections.removeAll()  // last reference: deinit cancels the sources
                return s
            }
            #expect(await waitUntil(queue) { socket?.isClosed == true })
            let (_, closed) = peer.readUntilClosed()
            #expect(closed)
        }
    }
}
