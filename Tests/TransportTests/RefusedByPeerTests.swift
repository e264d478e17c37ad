/// An outbound connection that the peer's listener refuses (closes unread, as Swiftlet does for
/// addresses it has no peer for) must end with `.closed`, whether or not our OPEN went out first.
import BGPWire
import Dispatch
import NetCore
import Platform
import Testing
@testable import Transport

extension TransportTests {
    @Suite struct RefusedByPeerTests {
        @Test(arguments: [false, true])
        func refusedOutboundConnectionIsReportedClosed(sendOpenOnConnect: Bool) async throws {
            let queue = DispatchQueue(label: "test.refused.\(sendOpenOnConnect)")
            for attempt in 1...20 {
                let server = try LoopbackServer(queue: queue, configured: { _ in false })
                defer { server.shutdown() }
                let recorder = EventRecorder()
                if sendOpenOnConnect {
                    recorder.react = { connection, event in
                        if case .connected = event { connection.send(Fixtures.open) }
                    }
                }
                let c = connect(to: server.address, queue: queue, recorder: recorder)
                let closed = await waitUntil(queue) { !recorder.closedErrors.isEmpty }
                #expect(closed, "attempt \(attempt): events \(queue.sync { recorder.events })")
                queue.sync { c.close() }
                if !closed { break }
            }
        }
    }
}
