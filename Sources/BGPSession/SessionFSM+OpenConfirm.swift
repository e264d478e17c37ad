/// RFC 4271 §8.2.2, OpenConfirm state: OPENs exchanged, waiting for the peer's KEEPALIVE.
import BGPWire

extension SessionFSM {
    mutating func openConfirm(_ event: Event, _ session: NegotiatedSession, _ out: inout [Action]) {
        switch event {
        case .manualStart, .automaticStart, .manualStartWithPassiveTcpEstablishment,
             .automaticStartWithPassiveTcpEstablishment, .automaticStartWithDampPeerOscillations,
             .automaticStartWithDampPeerOscillationsAndPassiveTcpEstablishment:
            break                                                                  // Events 1, 3–7: ignored
        case .keepaliveTimerExpires:                                               // Event 11
            out.append(.send(.keepalive))
            startKeepaliveTimer(session, &out)
        case .tcpConnectionValid, .tcpConnectionRequestInvalid,
             .tcpConnectionRequestAcked, .tcpConnectionConfirmed:
            break  // Events 14–17: a second connection is the speaker's, tracked for §6.8
        case .tcpConnectionFails:                                                  // Event 18
            goIdle(.connectionFailed, notify: nil, counter: .increment, damp: true, &out)
        case .notifMsg(let n):                                                     // Events 24, 25
            let version = Self.isVersionError(n)
            goIdle(.notificationReceived(n), notify: nil, counter: version ? .keep : .increment, damp: !version, &out)
        case .keepAliveMsg:                                                        // Event 26
            restartHoldTimer(session, &out)
            if configuration.dampPeerOscillations { start(.idleHoldReset, configuration.idleHoldResetTime, &out) }
            out.append(.sessionEstablished(session))
            enter(.established(session), &out)
        default:
            // Event 19 on this connection is a second OPEN: an FSM error (RFC 6608 subcode 2).
            // A collision with another connection reaches us as Event 23 (see CollisionDetection).
            afterOpenSent(event, &out)
        }
    }
}
