/// RFC 4271 §8.2.2 Connect state, row by row (ConnectRetryTimer running, or DelayOpenTimer).
import BGPWire
import Testing
@testable import BGPSession

@Suite("Connect (RFC 4271 §8.2.2)")
struct ConnectTableTests {
    /// "Any other event": ConnectRetryTimer to zero, drop TCP, counter + 1, damping, Idle.
    static let toIdle: [Action] = [stopTimer(.connectRetry), closeConnection, idleHold, change(.connect, .idle)]

    static let rows: [Row] = [
        Row(.connect, .manualStart, [], .connect),                                                    // 1
        Row(.connect, .automaticStartWithPassiveTcpEstablishment, [], .connect),                      // 5
        Row(.connect, .manualStop, [stopTimer(.connectRetry), closeConnection, change(.connect, .idle)], .idle,
            counter: 0),                                                                              // 2
        Row(.connect, .automaticStop(.peerDeconfigured),
            [stopTimer(.connectRetry), closeConnection, change(.connect, .idle)], .idle, counter: 1),  // 8
        Row(.connect, .connectRetryTimerExpires, [closeConnection, startTimer(.connectRetry, 120), .connect],
            .connect),                                                                                // 9
        Row(.connect, .holdTimerExpires, [], .connect),                            // 10: not running, cannot fire
        Row(.connect, .tcpConnectionValid, [], .connect),                                             // 14
        Row(.connect, .tcpConnectionRequestInvalid, [], .connect),                                    // 15
        Row(.connect, .tcpConnectionRequestAcked,
            [stopTimer(.connectRetry), Fixture.ourOpen, startTimer(.hold, 240), change(.connect, .openSent)],
            .openSent),                                                                               // 16
        Row(.connect, .tcpConnectionConfirmed,
            [stopTimer(.connectRetry), Fixture.ourOpen, startTimer(.hold, 240), change(.connect, .openSent)],
            .openSent),                                                                               // 17
        Row(.connect, .tcpConnectionFails, [stopTimer(.connectRetry), closeConnection, idleHold,
                                            change(.connect, .idle)], .idle, counter: 0),             // 18
        Row(.connect, .bgpOpen(Fixture.peerOpen()), toIdle, .idle, counter: 1),                       // 19
        Row(.connect, .bgpHeaderErr(Fixture.headerError), toIdle, .idle, counter: 1),                 // 21
        Row(.connect, .bgpOpenMsgErr(Fixture.openError), toIdle, .idle, counter: 1),                  // 22
        Row(.connect, .openCollisionDump, toIdle, .idle, counter: 1),                                 // 23
        Row(.connect, .notifMsg(Fixture.versionError), toIdle, .idle, counter: 1),                    // 24
        Row(.connect, .notifMsg(Fixture.adminShutdown), toIdle, .idle, counter: 1),                   // 25
        Row(.connect, .keepAliveMsg, toIdle, .idle, counter: 1),                                      // 26
        Row(.connect, .updateMsg(Fixture.update), toIdle, .idle, counter: 1),                         // 27
        Row(.connect, .updateMsgErr(Fixture.updateError), toIdle, .idle, counter: 1),                 // 28
    ]

    /// DelayOpen: the TCP connection is up and the DelayOpenTimer runs (ConnectRetryTimer stopped).
    static let delayOpenRows: [Row] = [
        Row(.connectDelayOpen, .delayOpenTimerExpires,
            [Fixture.ourOpen, startTimer(.hold, 240), change(.connect, .openSent)], .openSent),        // 12
        Row(.connectDelayOpen, .bgpOpen(Fixture.peerOpen()),
            [stopTimer(.delayOpen), Fixture.ourOpen, sendKeepalive, startTimer(.keepalive, 30), startTimer(.hold, 90),
             change(.connect, .openConfirm)], .openConfirm),                                          // 20
        Row(.connectDelayOpen, .bgpOpen(Fixture.peerOpen { $0.myAS = 65099; $0.capabilities = [] }),
            [stopTimer(.delayOpen), closeConnection, idleHold, change(.connect, .idle)], .idle, counter: 1), // 20 → 22
        Row(.connectDelayOpen, .tcpConnectionFails,
            [startTimer(.connectRetry, 120), stopTimer(.delayOpen), closeConnection, change(.connect, .active)],
            .active),                                                                                 // 18
        Row(.connectDelayOpen, .notifMsg(Fixture.versionError),
            [stopTimer(.delayOpen), closeConnection, idleHold, change(.connect, .idle)], .idle, counter: 0), // 24
    ]

    @Test(arguments: rows) func row(_ row: Row) { row.check() }
    @Test(arguments: delayOpenRows) func delayOpenRow(_ row: Row) { row.check() }

    @Test func delayOpenWaitsForThePeersOpen() {
        var fsm = SessionFSM(configuration: Fixture.configuration { $0.delayOpen = true }, jitter: .disabled)
        _ = fsm.handle(.manualStart)
        #expect(fsm.handle(.tcpConnectionConfirmed) == [stopTimer(.connectRetry), startTimer(.delayOpen, 5)])
        #expect(fsm.state == .connect)
    }

    @Test func sendNotificationWithoutOpen() {
        let c = Fixture.configuration { $0.sendNotificationWithoutOpen = true }
        var fsm = Given.connect.make(c)
        #expect(fsm.handle(.bgpHeaderErr(Fixture.headerError))
            == [send(Fixture.headerError.notification)] + ConnectTableTests.toIdle)
    }
}
