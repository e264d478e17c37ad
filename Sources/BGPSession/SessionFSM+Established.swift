/// RFC 4271 §8.2.2, Established state: exchanging UPDATE, KEEPALIVE and ROUTE-REFRESH.
import BGPWire

extension SessionFSM {
    mutating func established(_ event: Event, _ session: NegotiatedSession, _ out: inout [Action]) {
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
            break  // Events 14–17: a second connection is tracked by the speaker until its OPEN
        case .bgpOpen:
            // Event 19: collisions with an Established session are the speaker's decision
            // (CollisionDetectEstablishedState, §6.8), reported back as Event 23.
            break
        case .tcpConnectionFails:                                                  // Event 18
            goIdle(.connectionFailed, notify: nil, counter: .increment, damp: true, &out)
        case .notifMsg(let n):                                                     // Events 24, 25
            goIdle(.notificationReceived(n), notify: nil, counter: .increment, damp: true, &out)
        case .keepAliveMsg:                                                        // Event 26
            restartHoldTimer(session, &out)
        case .updateMsg(let update):                                               // Event 27
            out.append(.deliverUpdate(update))
            restartHoldTimer(session, &out)
        case .bgpHeaderErr, .bgpOpenMsgErr, .updateMsgErr: establishedError(event, &out) // Events 21, 22, 28
        case .routeRefreshMsg, .idleHoldResetTimerExpires, .sendUpdate, .sendRouteRefresh:
            beyondRFC4271(event, session, &out)
        default: afterOpenSent(event, &out)   // Events 2, 8, 10, 23 and 9, 12–13, 20
        }
    }

    /// Events 21, 22 and 28 in Established.
    private mutating func establishedError(_ event: Event, _ out: inout [Action]) {
        switch event {
        case .bgpHeaderErr(let error), .updateMsgErr(let error):
            // Event 28 sends the UPDATE error. The table lists 21 under "any other event" (FSM
            // Error), but §6.1 requires the Message Header Error itself, which names the cause.
            goIdle(.protocolError(error), notify: error.notification, counter: .increment, damp: true, &out)
        default:
            // Event 22: an OPEN on an Established connection is an unexpected message (RFC 6608).
            goIdle(unexpected(event), notify: FSMNotification.fsmError(in: state), counter: .increment,
                   damp: true, &out)
        }
    }

    /// ROUTE-REFRESH (RFC 2918, RFC 7313), the damping reset timer, and local sends.
    private mutating func beyondRFC4271(_ event: Event, _ session: NegotiatedSession, _ out: inout [Action]) {
        switch event {
        case .routeRefreshMsg(let refresh):
            // A sign of life like KEEPALIVE and UPDATE; delivered only for a negotiated family
            // (RFC 2918 §4: otherwise ignored) and a known subtype (RFC 7313 §5).
            if accepts(refresh, session) { out.append(.deliverRouteRefresh(refresh)) }
            restartHoldTimer(session, &out)
        case .idleHoldResetTimerExpires:
            idleHold.reset()
        case .sendUpdate(let update):
            out.append(.send(.update(update)))
            startKeepaliveTimer(session, &out)  // "each time [it] sends a KEEPALIVE or UPDATE message"
        case .sendRouteRefresh(let refresh):
            if accepts(refresh, session) { out.append(.send(.routeRefresh(refresh))) }
        default:
            break
        }
    }

    private func accepts(_ refresh: RouteRefreshMessage, _ session: NegotiatedSession) -> Bool {
        let c = session.capabilities
        guard c.routeRefresh || c.enhancedRouteRefresh, c.families.contains(refresh.family) else { return false }
        switch refresh.subtype {
        case .normal: return true
        case .beginning, .end: return c.enhancedRouteRefresh
        case nil: return false
        }
    }
}
