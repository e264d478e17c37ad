/// Hold time negotiation (RFC 4271 §4.2) and the keepalive interval (§4.4, §10).
import BGPWire
import Testing
@testable import BGPSession

struct HoldCase: Sendable, CustomTestStringConvertible {
    let local: UInt16, remote: UInt16, keepalive: UInt16?
    let hold: UInt16, interval: UInt16
    var testDescription: String { "ours \(local), theirs \(remote), keepalive \(keepalive.map(String.init) ?? "-")" }
}

@Suite("Hold time (RFC 4271 §4.2)")
struct HoldTimeTests {
    static let cases: [HoldCase] = [
        HoldCase(local: 90, remote: 0, keepalive: nil, hold: 0, interval: 0),      // 0 disables both timers
        HoldCase(local: 0, remote: 90, keepalive: nil, hold: 0, interval: 0),
        HoldCase(local: 0, remote: 0, keepalive: 10, hold: 0, interval: 0),
        HoldCase(local: 90, remote: 3, keepalive: nil, hold: 3, interval: 1),      // smallest legal hold
        HoldCase(local: 90, remote: 4, keepalive: nil, hold: 4, interval: 1),      // never 0 while hold > 0
        HoldCase(local: 90, remote: 180, keepalive: nil, hold: 90, interval: 30),  // the smaller wins
        HoldCase(local: 180, remote: 90, keepalive: nil, hold: 90, interval: 30),
        HoldCase(local: 90, remote: 90, keepalive: 10, hold: 90, interval: 10),    // configured, smaller
        HoldCase(local: 90, remote: 90, keepalive: 60, hold: 90, interval: 30),    // configured, larger: hold/3
        HoldCase(local: 90, remote: 90, keepalive: 0, hold: 90, interval: 30),
        HoldCase(local: 65535, remote: 65535, keepalive: nil, hold: 65535, interval: 21845),
    ]

    @Test(arguments: cases) func negotiate(_ c: HoldCase) {
        let n = HoldTimeNegotiation.negotiate(local: c.local, remote: c.remote, configuredKeepalive: c.keepalive)
        #expect(n == HoldTimeNegotiation(holdTime: c.hold, keepaliveTime: c.interval))
    }

    /// 1 and 2 never reach negotiation: the OPEN is refused with 2/6.
    @Test(arguments: [UInt16(1), 2]) func oneAndTwoRefused(_ hold: UInt16) {
        var fsm = Given.openSent.make()
        let actions = fsm.handle(.bgpOpen(Fixture.peerOpen(holdTime: hold)))
        #expect(actions.first == send(NotificationMessage(OpenMessageErrorSubcode.unacceptableHoldTime)))
        #expect(fsm.state == .idle)
    }

    @Test func largeHoldTimerInOpenSent() {
        var fsm = Given.connect.make()
        #expect(fsm.handle(.tcpConnectionConfirmed).contains(startTimer(.hold, 240)))
        #expect(fsm.runningTimers == [.hold])
    }

    @Test func zeroHoldMeansNoKeepalivesInEstablished() {
        var fsm = Given.openSent.make()
        _ = fsm.handle(.bgpOpen(Fixture.peerOpen(holdTime: 0)))
        #expect(fsm.handle(.keepAliveMsg) == [.sessionEstablished(NegotiatedSession(
            peerOpen: Fixture.peerOpen(holdTime: 0), configuration: Fixture.configuration())),
            change(.openConfirm, .established)])
        #expect(fsm.runningTimers.isEmpty)
        #expect(fsm.handle(.sendUpdate(Fixture.update)) == [.send(.update(Fixture.update))])
        #expect(fsm.handle(.updateMsg(Fixture.update)) == [.deliverUpdate(Fixture.update)])
    }

    @Test func keepaliveIsAThirdOfTheNegotiatedHoldTime() {
        var fsm = Given.openSent.make(Fixture.configuration { $0.holdTime = 180 })
        #expect(fsm.handle(.bgpOpen(Fixture.peerOpen(holdTime: 90)))
            == [sendKeepalive, startTimer(.keepalive, 30), startTimer(.hold, 90), change(.openSent, .openConfirm)])
    }
}
