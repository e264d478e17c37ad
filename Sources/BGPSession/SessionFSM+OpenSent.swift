/// RFC 4271 §8.2.2, OpenSent state: our OPEN is out, waiting for the peer's.
import BGPWire

extension SessionFSM {
    mutating func openSent(_ event: Event, _ out: inout [Action]) {
        switch event {
        case .manualStart, .automaticStart, .manualStartWithPassiveTcpEstablishment,
             .automaticStartWithPassiveTcpEstablishment, .automaticStartWithDampPeerOscillations,
             .automaticStartWithDampPeerOscillationsAndPassiveTcpEstablishment:
            break                                                                  // Events 1, 3–7: ignored
        case .tcpConnectionValid, .tcpConnectionRequestInvalid,
             .tcpConnectionRequestAcked, .tcpConnectionConfirmed:
            break  // Events 14–17: a second connection is the speaker's, tracked for §6.8
        case .tcpConnectionFails:                                                  // Event 18
            // "Closes the BGP connection, restarts the ConnectRetryTimer, continues to listen":
            // closing the connection releases its large HoldTimer too.
            out.append(.closeConnection)
            stop(.hold, &out)
            startConnectRetryTimer(&out)
            enter(.active, &out)
        case .bgpOpen(let open):                                                   // Event 19
            switch OpenValidation.validate(open, configuration: configuration) {
            case .failure(let error):                                              // as Event 22
                goIdle(.protocolError(error), notify: error.notification, counter: .increment, damp: true, &out)
            case .success(let session):
                stop(.delayOpen, &out)
                stop(.connectRetry, &out)
                out.append(.send(.keepalive))
                startNegotiatedTimers(session, &out)
                enter(.openConfirm(session), &out)
            }
        case .notifMsg(let n) where Self.isVersionError(n):                         // Event 24
            goIdle(.notificationReceived(n), notify: nil, counter: .keep, damp: false, &out)
        default: afterOpenSent(event, &out)
        }
    }

    /// Rows OpenSent, OpenConfirm and Established share: Events 2, 8, 10, 21, 22, 23 and
    /// "any other event", answered with a Finite State Machine Error (RFC 6608 subcodes).
    mutating func afterOpenSent(_ event: Event, _ out: inout [Action]) {
        switch event {
        case .manualStop:                                                          // Event 2
            goIdle(.manualStop, notify: administrativeShutdown, counter: .reset,
                   damp: false, &out)
        case .automaticStop(let cease):                                            // Event 8
            goIdle(.automaticStop(cease), notify: NotificationMessage(cease), counter: .increment, damp: true, &out)
        case .holdTimerExpires:                                                    // Event 10
            goIdle(.holdTimerExpired, notify: .holdTimerExpired, counter: .increment, damp: true, &out)
        case .bgpHeaderErr(let error), .bgpOpenMsgErr(let error):                   // Events 21, 22
            goIdle(.protocolError(error), notify: error.notification, counter: .increment, damp: true, &out)
        case .openCollisionDump:                                                   // Event 23
            goIdle(.connectionCollision, notify: CollisionDetection.notification, counter: .increment,
                   damp: true, &out)
        default:
            goIdle(unexpected(event), notify: FSMNotification.fsmError(in: state), counter: .increment,
                   damp: true, &out)
        }
    }
}
