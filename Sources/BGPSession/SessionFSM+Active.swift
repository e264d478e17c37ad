/// RFC 4271 §8.2.2, Active state: listening for the peer's connection.
import BGPWire

extension SessionFSM {
    mutating func active(_ event: Event, _ out: inout [Action]) {
        switch event {
        case .manualStart, .automaticStart, .manualStartWithPassiveTcpEstablishment,
             .automaticStartWithPassiveTcpEstablishment, .automaticStartWithDampPeerOscillations,
             .automaticStartWithDampPeerOscillationsAndPassiveTcpEstablishment:
            break                                                                  // Events 1, 3–7: ignored
        case .manualStop:                                                          // Event 2
            let early = runningTimers.contains(.delayOpen) && configuration.sendNotificationWithoutOpen
            let cease = early ? administrativeShutdown : nil
            goIdle(.manualStop, notify: cease, counter: .reset, damp: false, &out)
        case .connectRetryTimerExpires:                                            // Event 9
            startConnectRetryTimer(&out)
            out.append(.connect)
            enter(.connect, &out)
        case .delayOpenTimerExpires: sendOpenAfterDelay(&out)                      // Event 12
        case .tcpConnectionValid, .tcpConnectionRequestInvalid: break              // Events 14, 15
        case .tcpConnectionRequestAcked, .tcpConnectionConfirmed:                  // Events 16, 17
            connectionUp(&out)
        case .tcpConnectionFails:                                                  // Event 18
            goIdle(.connectionFailed, notify: nil, counter: .increment, damp: true, &out)
        default: beforeOpenSent(event, &out)
        }
    }
}
