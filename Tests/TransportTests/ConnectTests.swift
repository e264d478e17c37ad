/// Active connect failures: refused quickly with ECONNREFUSED, set-up errors reported as
/// events (never synchronously), and no event after the owner's close.
import Dispatch
import NetCore
import Platform
import Testing
@testable import Transport

extension TransportTests {
    @Suite struct ConnectTests {
        /// A port that had a listener a moment ago and has none now.
        func closedPort(_ address: IPAddress) throws -> SocketAddress {
            let s = try Socket(family: SocketAddress(address, port: 0).family)
            try s.bind(to: SocketAddress(address, port: 0))
            let bound = try #require(try s.localAddress())
            s.close()
            return bound
        }

        @Test(arguments: [loopback4, loopback6])
        func refusedConnectFailsQuickly(address: IPAddress) async throws {
            let queue = DispatchQueue(label: "test.connect.refused")
            let events = EventRecorder()
            let started = ContinuousClock.now
            let target = try closedPort(address)
            let client = connect(to: target, options: ConnectionOptions(connectTimeout: .seconds(5)),
                                 queue: queue, recorder: events)
            #expect(await waitUntil(queue, timeout: .seconds(3)) { events.closedErrors.count == 1 })
            #expect(ContinuousClock.now - started < .seconds(1))
            await settle()
            queue.sync {
                #expect(events.events.count == 1)
                guard case .connectFailed(let e)? = events.closedErrors.first else {
                    Issue.record("expected connectFailed, got \(events.events)"); return
                }
                #expect(e.errno == .connectionRefused)
                #expect(client.state == .closed)
            }
        }

        @Test func setupErrorIsAnEventNotAReentrantCall() async throws {
            let queue = DispatchQueue(label: "test.connect.setup")
            let events = EventRecorder()
            // A key longer than 80 bytes cannot be installed.
            let options = ConnectionOptions(md5Key: [UInt8](repeating: 7, count: 81))
            let client = queue.sync {
                let c = Connection(connectingTo: SocketAddress(loopback4, port: 9), options: options, queue: queue)
                c.delegate = events
                c.start()
                #expect(events.events.isEmpty)  // not called from inside start()
                return c
            }
            #expect(await waitUntil(queue) { events.closedErrors.count == 1 })
            queue.sync {
                guard case .setupFailed(let e)? = events.closedErrors.first else {
                    Issue.record("expected setupFailed, got \(events.events)"); return
                }
                #expect(e.call.contains("TCP_MD5SIG"))
                #expect(client.state == .closed)
            }
        }

        @Test func ownerCloseSilencesPendingEvents() async throws {
            let queue = DispatchQueue(label: "test.connect.silent")
            let events = EventRecorder()
            let target = try closedPort(loopback4)
            queue.sync {
                let c = Connection(connectingTo: target, options: ConnectionOptions(), queue: queue)
                c.delegate = events
                c.start()
                c.close()
            }
            await settle(.milliseconds(300))
            queue.sync { #expect(events.events.isEmpty) }
        }
    }
}
