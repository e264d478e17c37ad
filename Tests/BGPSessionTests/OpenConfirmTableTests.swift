/// RFC 4271 §8.2.2 OpenConfirm state, row by row (KeepaliveTimer and HoldTimer running).
import BGPWire
import Testing
@testable import BGPSession

@Suite("OpenConfirm (RFC 4271 §8.2.2)")
struct OpenConfirmTableTests {
    static func toIdle(_ n: NotificationMessage?, restart: Bool = true) -> [Action] {
        (n.map { [send($0)] } ?? []) + [stopTimer(.hold), stopTimer(.keepalive), closeConnection]
            + (restart ? [idleHold] : []) + [change(.openConfirm, .idle)]
    }
    static let fsmError = NotificationMessage(FSMErrorSubcode.unexpectedMessageInOpenConfirm)

    static let rows: [Row] = [
        Row(.openConfirm, .manualStart, [], .openConfirm),                                                // 1
        Row(.openConfirm, .automaticStart, [], .openConfirm),                                             // 3
        Row(.openConfirm, .manualStop, toIdle(Fixture.adminShutdown, restart: false), .idle, counter: 0), // 2
        Row(.openConfirm, .automaticStop(.outOfResources),
            toIdle(NotificationMessage(CeaseSubcode.outOfResources), restart: false), .idle, counter: 1), // 8
        Row(.openConfirm, .holdTimerExpires, [send(.holdTimerExpired), stopTimer(.keepalive), closeConnection,
                                              idleHold, change(.openConfirm, .idle)], .idle, counter: 1), // 10
        Row(.openConfirm, .keepaliveTimerExpires, [sendKeepalive, startTimer(.keepalive, 30)], .openConfirm), // 11
        Row(.openConfirm, .tcpConnectionValid, [], .openConfirm),                                         // 14
        Row(.openConfirm, .tcpConnectionRequestInvalid, [], .openConfirm),                                // 15
        Row(.openConfirm, .tcpConnectionRequestAcked, [], .openConfirm),                                  // 16
        Row(.openConfirm, .tcpConnectionConfirmed, [], .openConfirm),                                     // 17
        Row(.openConfirm, .tcpConnectionFails, toIdle(nil), .idle, counter: 1),                           // 18
        Row(.openConfirm, .bgpOpen(Fixture.peerOpen()), toIdle(fsmError), .idle, counter: 1),             // 19
        Row(.openConfirm, .bgpHeaderErr(Fixture.headerError), toIdle(Fixture.headerError.notification), .idle,
            counter: 1),                                                                                  // 21
        Row(.openConfirm, .bgpOpenMsgErr(Fixture.openError), toIdle(Fixture.openError.notification), .idle,
            counter: 1),                                                                                  // 22
        Row(.openConfirm, .openCollisionDump,
            toIdle(NotificationMessage(CeaseSubcode.connectionCollisionResolution)), .idle, counter: 1),  // 23
        Row(.openConfirm, .notifMsg(Fixture.versionError), toIdle(nil), .idle, counter: 0),               // 24
        Row(.openConfirm, .notifMsg(Fixture.adminShutdown), toIdle(nil), .idle, counter: 1),              // 25
        Row(.openConfirm, .keepAliveMsg, [startTimer(.hold, 90), .sessionEstablished(Fixture.session),
                                          change(.openConfirm, .established)], .established),            // 26
        Row(.openConfirm, .updateMsg(Fixture.update), toIdle(fsmError), .idle, counter: 1),               // 27
        Row(.openConfirm, .updateMsgErr(Fixture.updateError), toIdle(fsmError), .idle, counter: 1),       // 28
    ]

    @Test(arguments: rows) func row(_ row: Row) { row.check() }
}
