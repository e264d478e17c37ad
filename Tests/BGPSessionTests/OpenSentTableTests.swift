/// RFC 4271 §8.2.2 OpenSent state, row by row (HoldTimer running at its large value).
import BGPWire
import Testing
@testable import BGPSession

@Suite("OpenSent (RFC 4271 §8.2.2)")
struct OpenSentTableTests {
    /// Send the NOTIFICATION, release resources, drop TCP, counter + 1, damping, Idle.
    static func toIdle(_ n: NotificationMessage?) -> [Action] {
        (n.map { [send($0)] } ?? []) + [stopTimer(.hold), closeConnection, idleHold, change(.openSent, .idle)]
    }
    static let fsmError = NotificationMessage(FSMErrorSubcode.unexpectedMessageInOpenSent)

    static let rows: [Row] = [
        Row(.openSent, .manualStart, [], .openSent),                                                   // 1
        Row(.openSent, .automaticStartWithDampPeerOscillations, [], .openSent),                        // 6
        Row(.openSent, .manualStop, [send(Fixture.adminShutdown), stopTimer(.hold), closeConnection,
                                     change(.openSent, .idle)], .idle, counter: 0),                    // 2
        Row(.openSent, .automaticStop(.peerDeconfigured), [send(NotificationMessage(CeaseSubcode.peerDeconfigured)),
            stopTimer(.hold), closeConnection, change(.openSent, .idle)], .idle, counter: 1),          // 8
        Row(.openSent, .holdTimerExpires, [send(.holdTimerExpired), closeConnection, idleHold,
                                           change(.openSent, .idle)], .idle, counter: 1),               // 10
        Row(.openSent, .tcpConnectionValid, [], .openSent),                                            // 14
        Row(.openSent, .tcpConnectionRequestInvalid, [], .openSent),                                   // 15
        Row(.openSent, .tcpConnectionRequestAcked, [], .openSent),                                     // 16
        Row(.openSent, .tcpConnectionConfirmed, [], .openSent),                                        // 17
        Row(.openSent, .tcpConnectionFails, [closeConnection, stopTimer(.hold), startTimer(.connectRetry, 120),
                                             change(.openSent, .active)], .active),                    // 18
        Row(.openSent, .bgpOpen(Fixture.peerOpen()), [sendKeepalive, startTimer(.keepalive, 30), startTimer(.hold, 90),
                                                      change(.openSent, .openConfirm)], .openConfirm),  // 19
        Row(.openSent, .bgpOpen(Fixture.peerOpen(holdTime: 0)),
            [sendKeepalive, stopTimer(.hold), change(.openSent, .openConfirm)], .openConfirm),         // 19, hold 0
        Row(.openSent, .bgpOpen(Fixture.peerOpen { $0.version = 3 }),
            toIdle(Fixture.versionError), .idle, counter: 1),                                          // 19 → 22
        Row(.openSent, .bgpHeaderErr(Fixture.headerError), toIdle(Fixture.headerError.notification), .idle,
            counter: 1),                                                                               // 21
        Row(.openSent, .bgpOpenMsgErr(Fixture.openError), toIdle(Fixture.openError.notification), .idle,
            counter: 1),                                                                               // 22
        Row(.openSent, .openCollisionDump, toIdle(NotificationMessage(CeaseSubcode.connectionCollisionResolution)),
            .idle, counter: 1),                                                                        // 23
        Row(.openSent, .notifMsg(Fixture.versionError), toIdle(nil), .idle, counter: 0),               // 24
        Row(.openSent, .notifMsg(Fixture.adminShutdown), toIdle(fsmError), .idle, counter: 1),         // 25
        Row(.openSent, .keepAliveMsg, toIdle(fsmError), .idle, counter: 1),                            // 26
        Row(.openSent, .updateMsg(Fixture.update), toIdle(fsmError), .idle, counter: 1),               // 27
        Row(.openSent, .updateMsgErr(Fixture.updateError), toIdle(fsmError), .idle, counter: 1),       // 28
        Row(.openSent, .routeRefreshMsg(RouteRefreshMessage(family: .ipv4Unicast)), toIdle(fsmError), .idle),
        Row(.openSent, .keepaliveTimerExpires, [], .openSent),                     // 11: not running, cannot fire
    ]

    @Test(arguments: rows) func row(_ row: Row) { row.check() }

    @Test func internalPeerIsRecognised() {
        let c = Fixture.configuration { $0.peerAS = 65001 }
        var fsm = Given.openSent.make(c)
        _ = fsm.handle(.bgpOpen(Fixture.peerOpen { $0.myAS = 65001; $0.capabilities = [] }))
        #expect(fsm.negotiated?.isInternal == true)
    }
}
