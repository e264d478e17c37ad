/// Automatic restart and DampPeerOscillations (RFC 4271 §8.1.1): IdleHoldTime doubles per flap,
/// up to a cap, and resets when the session stays Established long enough (a timer, not a clock).
import BGPWire
import Testing
@testable import BGPSession

@Suite("IdleHoldTimer and damping (RFC 4271 §8.1.1)")
struct IdleHoldTests {
    static let damped = Fixture.configuration {
        $0.dampPeerOscillations = true
        $0.idleHoldTime = .seconds(5)
        $0.maximumIdleHoldTime = .seconds(40)
        $0.idleHoldResetTime = .seconds(600)
    }

    /// From Idle (IdleHoldTimer running) back to Established, by the events a peer would cause.
    static func reestablish(_ fsm: inout SessionFSM) -> [Action] {
        _ = fsm.handle(.idleHoldTimerExpires)
        _ = fsm.handle(.tcpConnectionConfirmed)
        _ = fsm.handle(.bgpOpen(Fixture.peerOpen()))
        return fsm.handle(.keepAliveMsg)
    }

    /// The IdleHoldTimer a flap (the peer's NOTIFICATION) starts.
    static func flap(_ fsm: inout SessionFSM) -> Duration? {
        for case .startTimer(.idleHold, let d) in fsm.handle(.notifMsg(Fixture.adminShutdown)) { return d }
        return nil
    }

    @Test func idleHoldDoublesPerFlapUpToTheCap() {
        var fsm = Given.established.make(IdleHoldTests.damped)
        var delays: [Duration?] = [IdleHoldTests.flap(&fsm)]
        for _ in 0..<4 {
            _ = IdleHoldTests.reestablish(&fsm)
            delays.append(IdleHoldTests.flap(&fsm))
        }
        #expect(delays == [.seconds(5), .seconds(10), .seconds(20), .seconds(40), .seconds(40)])
    }

    @Test func stayingUpResetsIdleHold() {
        var fsm = Given.established.make(IdleHoldTests.damped)
        _ = IdleHoldTests.flap(&fsm)
        let up = IdleHoldTests.reestablish(&fsm)
        #expect(up.contains(startTimer(.idleHoldReset, 600)))
        #expect(IdleHoldTests.flap(&fsm) == .seconds(10))      // went down before the reset timer fired
        _ = IdleHoldTests.reestablish(&fsm)
        #expect(fsm.handle(.idleHoldResetTimerExpires) == [])
        #expect(fsm.idleHold.current == .seconds(5))
        #expect(IdleHoldTests.flap(&fsm) == .seconds(5))
    }

    @Test func leavingEstablishedStopsTheResetTimer() {
        var fsm = Given.established.make(IdleHoldTests.damped)
        #expect(fsm.runningTimers.contains(.idleHoldReset))
        let down = fsm.handle(.tcpConnectionFails)
        #expect(down.contains(stopTimer(.idleHoldReset)))
        #expect(fsm.handle(.idleHoldResetTimerExpires) == [])  // stale expiry is ignored
    }

    @Test func restartsItselfWhenIdleHoldExpires() {
        var fsm = Given.established.make()
        _ = fsm.handle(.holdTimerExpires)
        #expect(fsm.handle(.idleHoldTimerExpires) == IdleTableTests.toConnect)
        #expect(fsm.connectRetryCounter == 0)
    }

    @Test func passiveSessionRestartsPassively() {
        var fsm = Given.active.make()
        _ = fsm.handle(.tcpConnectionFails)
        #expect(fsm.handle(.idleHoldTimerExpires) == IdleTableTests.toActive)
    }

    @Test func dampedAutomaticStartWaitsForIdleHold() {
        var fsm = Given.established.make(IdleHoldTests.damped)
        _ = IdleHoldTests.flap(&fsm)
        #expect(fsm.handle(.automaticStartWithDampPeerOscillationsAndPassiveTcpEstablishment) == [])   // Event 7
        #expect(fsm.state == .idle)
        #expect(fsm.handle(.idleHoldTimerExpires) == IdleTableTests.toActive)                          // Event 13
    }

    @Test func manualStopInIdleCancelsTheRestart() {
        var fsm = Given.established.make()
        _ = fsm.handle(.tcpConnectionFails)
        #expect(fsm.handle(.manualStop) == [stopTimer(.idleHold)])
        #expect(fsm.handle(.idleHoldTimerExpires) == [])
        #expect(fsm.state == .idle)
    }

    @Test func noAutomaticRestartWithoutAllowAutomaticStart() {
        var fsm = Given.established.make(Fixture.configuration { $0.allowAutomaticStart = false })
        #expect(!fsm.handle(.tcpConnectionFails).contains(idleHold))
        #expect(fsm.runningTimers.isEmpty)
    }

    @Test func withoutDampingIdleHoldIsConstant() {
        var fsm = Given.established.make()
        var delays: [Duration?] = [IdleHoldTests.flap(&fsm)]
        _ = IdleHoldTests.reestablish(&fsm)
        delays.append(IdleHoldTests.flap(&fsm))
        #expect(delays == [.seconds(5), .seconds(5)])
    }

    @Test func backoffArithmetic() {
        var b = IdleHoldBackoff(initial: .seconds(30), maximum: .seconds(100))
        #expect([b.flap(), b.flap(), b.flap(), b.flap()] == [.seconds(30), .seconds(60), .seconds(100), .seconds(100)])
        b.reset()
        #expect(b.current == .seconds(30))
    }
}

/// Swiftlet's one relaxation of the Idle table: a session only waiting out its IdleHoldTimer
/// may restart at once to take an incoming connection; an operator stop or a damping penalty
/// keeps it refusing.
@Suite struct EarlyRestartTests {
    @Test func pendingAutomaticRestartMayTakeAnIncomingConnection() {
        var fsm = Given.connect.make()
        _ = fsm.handle(.tcpConnectionFails)          // Connect → Idle, IdleHoldTimer running
        #expect(fsm.state == .idle)
        #expect(!fsm.acceptsIncomingConnections)
        #expect(fsm.earlyRestartForIncomingConnection == .automaticStart)
        _ = fsm.handle(.automaticStart)
        #expect(fsm.state == .connect)
    }

    @Test func passiveSessionsRestartPassively() {
        var fsm = Given.active.make()
        _ = fsm.handle(.tcpConnectionFails)
        #expect(fsm.earlyRestartForIncomingConnection == .automaticStartWithPassiveTcpEstablishment)
    }

    @Test func operatorStopAndFreshFSMRefuse() {
        #expect(Given.idle.make().earlyRestartForIncomingConnection == nil)
        var fsm = Given.established.make()
        _ = fsm.handle(.manualStop)
        #expect(fsm.state == .idle)
        #expect(fsm.earlyRestartForIncomingConnection == nil)
    }

    @Test func dampingPenaltyRefuses() {
        var fsm = Given.established.make(Fixture.configuration { $0.dampPeerOscillations = true })
        _ = fsm.handle(.tcpConnectionFails)          // a flap: the idle hold time doubles
        #expect(fsm.state == .idle)
        #expect(fsm.earlyRestartForIncomingConnection == nil)
    }
}
