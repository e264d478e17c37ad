/// RFC 4271 §8.2.2 Idle state, row by row.
import BGPWire
import Testing
@testable import BGPSession

@Suite("Idle (RFC 4271 §8.2.2)")
struct IdleTableTests {
    static let toConnect: [Action] = [startTimer(.connectRetry, 120), .connect, change(.idle, .connect)]
    static let toActive: [Action] = [startTimer(.connectRetry, 120), change(.idle, .active)]

    static let rows: [Row] = [
        Row(.idle, .manualStart, toConnect, .connect, counter: 0),                                   // 1
        Row(.idle, .manualStop, [], .idle),                                                          // 2
        Row(.idle, .automaticStart, toConnect, .connect),                                            // 3
        Row(.idle, .manualStartWithPassiveTcpEstablishment, toActive, .active),                      // 4
        Row(.idle, .automaticStartWithPassiveTcpEstablishment, toActive, .active),                   // 5
        Row(.idle, .automaticStartWithDampPeerOscillations, toConnect, .connect),                    // 6
        Row(.idle, .automaticStartWithDampPeerOscillationsAndPassiveTcpEstablishment, toActive, .active), // 7
        Row(.idle, .automaticStop(.peerDeconfigured), [], .idle),                                    // 8
        Row(.idle, .connectRetryTimerExpires, [], .idle),                                            // 9
        Row(.idle, .holdTimerExpires, [], .idle),                                                    // 10
        Row(.idle, .tcpConnectionConfirmed, [], .idle),                                              // 17
        Row(.idle, .tcpConnectionFails, [], .idle),                                                  // 18
        Row(.idle, .bgpOpen(Fixture.peerOpen()), [], .idle),                                         // 19
        Row(.idle, .notifMsg(Fixture.adminShutdown), [], .idle),                                     // 25
        Row(.idle, .keepAliveMsg, [], .idle),                                                        // 26
        Row(.idle, .updateMsg(Fixture.update), [], .idle),                                           // 27
        Row(.idle, .sendUpdate(Fixture.update), [], .idle),
    ]

    @Test(arguments: rows) func row(_ row: Row) { row.check() }

    @Test func idleRefusesIncomingConnections() {
        var fsm = Given.idle.make()
        #expect(!fsm.acceptsIncomingConnections)
        _ = fsm.handle(.manualStart)
        #expect(fsm.acceptsIncomingConnections)
    }

    @Test func passiveTcpEstablishmentMakesEveryStartPassive() {
        var fsm = SessionFSM(configuration: Fixture.configuration { $0.passiveTcpEstablishment = true }, jitter: .disabled)
        #expect(fsm.handle(.manualStart) == IdleTableTests.toActive)
    }

    @Test func automaticEventsIgnoredWithoutAllowAutomaticStart() {
        var fsm = SessionFSM(configuration: Fixture.configuration { $0.allowAutomaticStart = false }, jitter: .disabled)
        #expect(fsm.handle(.automaticStart) == [])
        #expect(fsm.handle(.automaticStartWithDampPeerOscillations) == [])
        #expect(fsm.state == .idle)
        #expect(fsm.handle(.manualStart) == IdleTableTests.toConnect)
    }

    @Test func automaticStopIgnoredWithoutAllowAutomaticStop() {
        var fsm = Given.established.make(Fixture.configuration { $0.allowAutomaticStop = false })
        #expect(fsm.handle(.automaticStop(.peerDeconfigured)) == [])
        #expect(fsm.state == .established)
    }
}
