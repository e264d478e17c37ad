/// The inputs of the BGP FSM: RFC 4271 §8.1 Events 1–28, plus ROUTE-REFRESH and local sends.
import BGPWire

extension SessionFSM {
    /// One input. Cases carry the RFC's event names; the FSM itself tells Event 19 from 20
    /// (DelayOpenTimer running) and 24 from 25 (version error), since it knows what it needs to.
    public enum Event: Hashable, Sendable {
        // Administrative events (§8.1.2).
        case manualStart                                                     // Event 1
        case manualStop                                                      // Event 2
        case automaticStart                                                  // Event 3
        case manualStartWithPassiveTcpEstablishment                          // Event 4
        case automaticStartWithPassiveTcpEstablishment                       // Event 5
        case automaticStartWithDampPeerOscillations                          // Event 6
        case automaticStartWithDampPeerOscillationsAndPassiveTcpEstablishment // Event 7
        case automaticStop(CeaseSubcode)                                      // Event 8

        // Timer events (§8.1.3); the I/O layer reports expiry of a timer the FSM started.
        case connectRetryTimerExpires                                        // Event 9
        case holdTimerExpires                                                // Event 10
        case keepaliveTimerExpires                                           // Event 11
        case delayOpenTimerExpires                                           // Event 12
        case idleHoldTimerExpires                                            // Event 13

        // TCP connection-based events (§8.1.4).
        case tcpConnectionValid                                              // Event 14
        case tcpConnectionRequestInvalid                                     // Event 15, Tcp_CR_Invalid
        case tcpConnectionRequestAcked                                       // Event 16, Tcp_CR_Acked
        case tcpConnectionConfirmed                                          // Event 17
        case tcpConnectionFails                                              // Event 18

        // BGP message-based events (§8.1.5).
        /// Event 19 BGPOpen; Event 20 when the DelayOpenTimer is running. Validated by the FSM
        /// (`OpenValidation`); a failure is handled as Event 22.
        case bgpOpen(OpenMessage)
        case bgpHeaderErr(WireError)                                         // Event 21
        case bgpOpenMsgErr(WireError)                                        // Event 22
        case openCollisionDump                                               // Event 23
        /// Event 24 NotifMsgVerErr when the code/subcode is 2/1, otherwise Event 25 NotifMsg.
        case notifMsg(NotificationMessage)
        case keepAliveMsg                                                    // Event 26
        case updateMsg(UpdateMessage)                                        // Event 27
        case updateMsgErr(WireError)                                         // Event 28

        // Beyond RFC 4271.
        /// A ROUTE-REFRESH received (RFC 2918, RFC 7313).
        case routeRefreshMsg(RouteRefreshMessage)
        /// The session has been Established for `idleHoldResetTime` (DampPeerOscillations).
        case idleHoldResetTimerExpires
        /// The RIB asks to send an UPDATE; sending restarts the KeepaliveTimer (RFC 4271 §8.2.2).
        case sendUpdate(UpdateMessage)
        /// The RIB asks to send a ROUTE-REFRESH (RFC 2918 §4, only when negotiated).
        case sendRouteRefresh(RouteRefreshMessage)

        /// The event a decoded message is: UPDATEs with an RFC 7606 session-reset finding become
        /// UpdateMsgErr (Event 28) carrying the NOTIFICATION to send.
        public static func received(_ message: BGPMessage) -> Event {
            switch message {
            case .open(let open): return .bgpOpen(open)
            case .notification(let n): return .notifMsg(n)
            case .keepalive: return .keepAliveMsg
            case .routeRefresh(let r): return .routeRefreshMsg(r)
            case .update(let u):
                if let fatal = u.attributeErrors.first(where: { $0.action == .sessionReset }) {
                    return .updateMsgErr(WireError(fatal.notification, fatal.reason))
                }
                return .updateMsg(u)
            }
        }

        /// The timer whose expiry this event reports, if any.
        var expiringTimer: Timer? {
            switch self {
            case .connectRetryTimerExpires: .connectRetry
            case .holdTimerExpires: .hold
            case .keepaliveTimerExpires: .keepalive
            case .delayOpenTimerExpires: .delayOpen
            case .idleHoldTimerExpires: .idleHold
            case .idleHoldResetTimerExpires: .idleHoldReset
            default: nil
            }
        }
    }
}
