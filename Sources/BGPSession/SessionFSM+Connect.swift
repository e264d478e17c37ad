/// RFC 4271 §8.2.2, Connect state: waiting for the TCP connection we initiated.
import BGPWire

extension SessionFSM {
    mutating func connect(_ event: Event, _ out: inout [Action]) {
        switch event {
        case .manualStart, .automaticStart, .manualStartWithPassiveTcpEstablishment,
             .automaticStartWithPassiveTcpEstablishment, .automaticStartWithDampPeerOscillations,
             .automaticStartWithDampPeerOscillationsAndPassiveTcpEstablishment:
            break                                                                  // Events 1, 3–7: ignored
        case .manualStop:                                                          // Event 2
            goIdle(.manualStop, notify: nil, counter: .reset, damp: false, &out)
        case .connectRetryTimerExpires:                                            // Event 9
            out.append(.closeConnection)
            startConnectRetryTimer(&out)
            stop(.delayOpen, &out)
            out.append(.connect)
        case .delayOpenTimerExpires: sendOpenAfterDelay(&out)                      // Event 12
        case .tcpConnectionValid, .tcpConnectionRequestInvalid: break              // Events 14, 15
        case .tcpConnectionRequestAcked, .tcpConnectionConfirmed:                  // Events 16, 17
            connectionUp(&out)
        case .tcpConnectionFails:                                                  // Event 18
            if runningTimers.contains(.delayOpen) {
                startConnectRetryTimer(&out)
                stop(.delayOpen, &out)
                out.append(.closeConnection)
                enter(.active, &out)
            } else {
                goIdle(.connectionFailed, notify: nil, counter: .keep, damp: false, &out)
            }
        default: beforeOpenSent(event, &out)
        }
    }

    /// Events 16/17 in Connect and Active: with DelayOpen wait for the peer's OPEN, else send ours
    /// and move to OpenSent with the large HoldTimer of §8.
    mutating func connectionUp(_ out: inout [Action]) {
        stop(.connectRetry, &out)
        if configuration.delayOpen {
            start(.delayOpen, configuration.delayOpenTime, &out)
        } else {
            out.append(.send(.open(configuration.openMessage)))
            start(.hold, configuration.largeHoldTime, &out)
            enter(.openSent, &out)
        }
    }

    /// Event 12 in Connect and Active: the DelayOpenTimer ran out, send our OPEN now.
    mutating func sendOpenAfterDelay(_ out: inout [Action]) {
        stop(.connectRetry, &out)
        stop(.delayOpen, &out)
        out.append(.send(.open(configuration.openMessage)))
        start(.hold, configuration.largeHoldTime, &out)
        enter(.openSent, &out)
    }

    /// Message events of Connect and Active (the two tables agree on them): Event 20, 21/22,
    /// 24, and "any other event" (8, 10–11, 13, 19, 23, 25–28).
    mutating func beforeOpenSent(_ event: Event, _ out: inout [Action]) {
        switch event {
        case .bgpOpen(let open) where runningTimers.contains(.delayOpen):           // Event 20
            openDuringDelay(open, &out)
        case .bgpHeaderErr(let error), .bgpOpenMsgErr(let error):                   // Events 21, 22
            errorBeforeOpen(error, &out)
        case .notifMsg(let n) where Self.isVersionError(n):                         // Event 24
            let delayed = runningTimers.contains(.delayOpen)
            goIdle(.notificationReceived(n), notify: nil, counter: delayed ? .keep : .increment, damp: !delayed, &out)
        default:
            goIdle(unexpected(event), notify: nil, counter: .increment, damp: true, &out)
        }
    }

    /// Event 20: the peer's OPEN arrived while we delayed ours. Send OPEN and KEEPALIVE together.
    private mutating func openDuringDelay(_ open: OpenMessage, _ out: inout [Action]) {
        switch OpenValidation.validate(open, configuration: configuration) {
        case .failure(let error):
            errorBeforeOpen(error, &out)
        case .success(let session):
            stop(.connectRetry, &out)
            stop(.delayOpen, &out)
            out.append(.send(.open(configuration.openMessage)))
            out.append(.send(.keepalive))
            startNegotiatedTimers(session, &out)
            enter(.openConfirm(session), &out)
        }
    }

    /// Events 21/22 before our OPEN went out: a NOTIFICATION only with SendNOTIFICATIONwithoutOPEN.
    private mutating func errorBeforeOpen(_ error: WireError, _ out: inout [Action]) {
        let notify = configuration.sendNotificationWithoutOpen ? error.notification : nil
        goIdle(.protocolError(error), notify: notify, counter: .increment, damp: true, &out)
    }

    /// Event 24 is a NOTIFICATION with 2/1 Unsupported Version Number (RFC 4271 §8.1.5).
    static func isVersionError(_ n: NotificationMessage) -> Bool {
        n.code == NotificationCode.openMessageError.rawValue
            && n.subcode == OpenMessageErrorSubcode.unsupportedVersionNumber.rawValue
    }

    /// The reason recorded for an event that ends the session in "any other event" rows.
    func unexpected(_ event: Event) -> DownReason {
        switch event {
        case .automaticStop(let cease): .automaticStop(cease)
        case .notifMsg(let n): .notificationReceived(n)
        case .updateMsgErr(let error): .protocolError(error)
        case .openCollisionDump: .connectionCollision
        default: .protocolError(WireError(FSMNotification.fsmError(in: state), "unexpected \(event) in \(state)"))
        }
    }
}
