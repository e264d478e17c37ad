/// The building blocks the state tables of RFC 4271 §8.2.2 are written in.
import BGPWire
import NetCore

extension SessionFSM {
    /// What an error transition does to ConnectRetryCounter.
    enum CounterChange { case reset, increment, keep }

    mutating func start(_ timer: Timer, _ duration: Duration, _ out: inout [Action]) {
        runningTimers.insert(timer)
        out.append(.startTimer(timer, duration))
    }

    /// "Stops the timer and sets it to zero": only a running timer produces an action.
    mutating func stop(_ timer: Timer, _ out: inout [Action]) {
        guard runningTimers.remove(timer) != nil else { return }
        out.append(.stopTimer(timer))
    }

    /// Releases every timer (part of "releases all BGP resources"), in `Timer` order.
    mutating func stopAllTimers(_ out: inout [Action]) {
        for timer in Timer.allCases { stop(timer, &out) }
    }

    /// ConnectRetryTimer with the jitter of RFC 4271 §10.
    mutating func startConnectRetryTimer(_ out: inout [Action]) {
        start(.connectRetry, jitter.apply(to: configuration.connectRetryTime), &out)
    }

    /// KeepaliveTimer with the jitter of RFC 4271 §10, unless the negotiated hold time is zero.
    mutating func startKeepaliveTimer(_ session: NegotiatedSession, _ out: inout [Action]) {
        guard session.timers.keepaliveTime > 0 else { return }
        start(.keepalive, jitter.apply(to: .seconds(Int(session.timers.keepaliveTime))), &out)
    }

    /// HoldTimer at the negotiated value, unless that is zero.
    mutating func restartHoldTimer(_ session: NegotiatedSession, _ out: inout [Action]) {
        guard session.timers.holdTime > 0 else { return }
        start(.hold, .seconds(Int(session.timers.holdTime)), &out)
    }

    /// After the peer's OPEN: KeepaliveTimer and HoldTimer at negotiated values, or both stopped
    /// when the negotiated hold time is zero (RFC 4271 §8.2.2 OpenSent, Event 19).
    mutating func startNegotiatedTimers(_ session: NegotiatedSession, _ out: inout [Action]) {
        if session.timers.holdTime > 0 {
            startKeepaliveTimer(session, &out)
            restartHoldTimer(session, &out)
        } else {
            stop(.keepalive, &out)
            stop(.hold, &out)
        }
    }

    mutating func enter(_ next: Phase, _ out: inout [Action]) {
        let from = state
        phase = next
        if from != state { out.append(.stateChange(from: from, to: state)) }
    }

    /// Idle → Connect (or Active when passive): ManualStart/AutomaticStart in Idle.
    mutating func begin(passive: Bool, _ out: inout [Action]) {
        restartAutomatically = true
        startPassively = passive
        connectRetryCounter = 0
        stop(.idleHold, &out)
        startConnectRetryTimer(&out)
        let waitForPeer = passive || configuration.passiveTcpEstablishment
        if !waitForPeer { out.append(.connect) }
        enter(waitForPeer ? .active : .connect, &out)
    }
}
