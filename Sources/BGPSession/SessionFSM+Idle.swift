/// Error transitions to Idle, automatic restart and damping (RFC 4271 §8.2.2, §8.1.1).
import BGPWire
import NetCore

extension SessionFSM {
    /// The common tail of the tables: "(sends the NOTIFICATION,) sets ConnectRetryTimer to zero,
    /// (deletes all routes,) releases all BGP resources, drops the TCP connection, (increments
    /// the ConnectRetryCounter,) (performs peer oscillation damping,) changes its state to Idle".
    mutating func goIdle(_ reason: DownReason, notify: NotificationMessage?, counter: CounterChange,
                         damp: Bool, _ out: inout [Action]) {
        if let notify { out.append(.send(.notification(notify))) }
        stopAllTimers(&out)
        if case .established = phase { out.append(.sessionDown(reason)) }
        out.append(.closeConnection)
        switch counter {
        case .reset: connectRetryCounter = 0
        case .increment: connectRetryCounter += 1
        case .keep: break
        }
        lastDownReason = reason
        switch reason {
        case .manualStop, .automaticStop: restartAutomatically = false
        default: break
        }
        scheduleRestart(damp: damp, &out)
        enter(.idle, &out)
    }

    /// With AllowAutomaticStart the FSM restarts itself when the IdleHoldTimer expires. Under
    /// DampPeerOscillations each damped flap doubles the next IdleHoldTime (§8.1.1).
    private mutating func scheduleRestart(damp: Bool, _ out: inout [Action]) {
        guard restartAutomatically, configuration.allowAutomaticStart else { return }
        let delay: Duration
        if configuration.dampPeerOscillations {
            delay = damp ? idleHold.flap() : idleHold.current
        } else {
            delay = configuration.idleHoldTime
        }
        start(.idleHold, delay, &out)
    }

    /// RFC 4271 §8.2.2, Idle state.
    mutating func idle(_ event: Event, _ out: inout [Action]) {
        switch event {
        case .manualStart: begin(passive: false, &out)                                   // Event 1
        case .manualStartWithPassiveTcpEstablishment: begin(passive: true, &out)         // Event 4
        case .automaticStart: begin(passive: false, &out)                                // Event 3
        case .automaticStartWithPassiveTcpEstablishment: begin(passive: true, &out)      // Event 5
        case .automaticStartWithDampPeerOscillations: dampedStart(passive: false, &out)  // Event 6
        case .automaticStartWithDampPeerOscillationsAndPassiveTcpEstablishment:          // Event 7
            dampedStart(passive: true, &out)
        case .idleHoldTimerExpires:                                                      // Event 13
            if restartAutomatically { begin(passive: startPassively, &out) }
        case .manualStop, .automaticStop:                                                // Events 2, 8
            // Ignored by the RFC table (no state change); also cancels a pending restart.
            restartAutomatically = false
            stop(.idleHold, &out)
        default: break                                       // Events 9–12, 14–28: no change
        }
    }

    /// Events 6 and 7: while the IdleHoldTimer runs, the start waits for its expiry (Event 13).
    private mutating func dampedStart(passive: Bool, _ out: inout [Action]) {
        guard runningTimers.contains(.idleHold) else { return begin(passive: passive, &out) }
        restartAutomatically = true
        startPassively = passive
    }
}
