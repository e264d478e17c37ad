/// RFC 4271 §8.2.2 Active state, row by row.
import BGPWire
import Testing
@testable import BGPSession

@Suite("Active (RFC 4271 §8.2.2)")
struct ActiveTableTests {
    static let toIdle: [Action] = [stopTimer(.connectRetry), closeConnection, idleHold, change(.active, .idle)]

    static let rows: [Row] = [
        Row(.active, .manualStart, [], .active),                                                      // 1
        Row(.active, .automaticStart, [], .active),                                                   // 3
        Row(.active, .manualStop, [stopTimer(.connectRetry), closeConnection, change(.active, .idle)], .idle,
            counter: 0),                                                                              // 2
        Row(.active, .automaticStop(.otherConfigurationChange),
            [stopTimer(.connectRetry), closeConnection, change(.active, .idle)], .idle, counter: 1),   // 8
        Row(.active, .connectRetryTimerExpires, [startTimer(.connectRetry, 120), .connect, change(.active, .connect)],
            .connect),                                                                                // 9
        Row(.active, .tcpConnectionValid, [], .active),                                               // 14
        Row(.active, .tcpConnectionRequestInvalid, [], .active),                                      // 15
        Row(.active, .tcpConnectionRequestAcked,
            [stopTimer(.connectRetry), Fixture.ourOpen, startTimer(.hold, 240), change(.active, .openSent)],
            .openSent),                                                                               // 16
        Row(.active, .tcpConnectionConfirmed,
            [stopTimer(.connectRetry), Fixture.ourOpen, startTimer(.hold, 240), change(.active, .openSent)],
            .openSent),                                                                               // 17
        Row(.active, .tcpConnectionFails, toIdle, .idle, counter: 1),                                 // 18
        Row(.active, .bgpOpen(Fixture.peerOpen()), toIdle, .idle, counter: 1),                        // 19
        Row(.active, .bgpHeaderErr(Fixture.headerError), toIdle, .idle, counter: 1),                  // 21
        Row(.active, .bgpOpenMsgErr(Fixture.openError), toIdle, .idle, counter: 1),                   // 22
        Row(.active, .openCollisionDump, toIdle, .idle, counter: 1),                                  // 23
        Row(.active, .notifMsg(Fixture.versionError), toIdle, .idle, counter: 1),                     // 24
        Row(.active, .notifMsg(Fixture.adminShutdown), toIdle, .idle, counter: 1),                    // 25
        Row(.active, .keepAliveMsg, toIdle, .idle, counter: 1),                                       // 26
        Row(.active, .updateMsg(Fixture.update), toIdle, .idle, counter: 1),                          // 27
        Row(.active, .updateMsgErr(Fixture.updateError), toIdle, .idle, counter: 1),                  // 28
    ]

    static let delayOpenRows: [Row] = [
        Row(.activeDelayOpen, .manualStop, [stopTimer(.delayOpen), closeConnection, change(.active, .idle)], .idle), // 2
        Row(.activeDelayOpen, .delayOpenTimerExpires,
            [Fixture.ourOpen, startTimer(.hold, 240), change(.active, .openSent)], .openSent),         // 12
        Row(.activeDelayOpen, .bgpOpen(Fixture.peerOpen()),
            [stopTimer(.delayOpen), Fixture.ourOpen, sendKeepalive, startTimer(.keepalive, 30), startTimer(.hold, 90),
             change(.active, .openConfirm)], .openConfirm),                                           // 20
        Row(.activeDelayOpen, .notifMsg(Fixture.versionError),
            [stopTimer(.delayOpen), closeConnection, idleHold, change(.active, .idle)], .idle, counter: 0), // 24
    ]

    @Test(arguments: rows) func row(_ row: Row) { row.check() }
    @Test(arguments: delayOpenRows) func delayOpenRow(_ row: Row) { row.check() }

    @Test func manualStopWithDelayOpenSendsCeaseWhenAllowedWithoutOpen() {
        let c = Fixture.configuration { $0.delayOpen = true; $0.sendNotificationWithoutOpen = true }
        var fsm = Given.activeDelayOpen.make(c)
        #expect(fsm.handle(.manualStop)
            == [send(Fixture.adminShutdown), stopTimer(.delayOpen), closeConnection, change(.active, .idle)])
    }
}
