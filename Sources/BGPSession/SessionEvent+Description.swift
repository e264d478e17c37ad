/// RFC 4271 §8.1 names and numbers of the events, for logs and error reasons.

extension SessionFSM.Event: CustomStringConvertible {
    public var description: String {
        switch self {
        case .manualStart: "ManualStart (Event 1)"
        case .manualStop: "ManualStop (Event 2)"
        case .automaticStart: "AutomaticStart (Event 3)"
        case .manualStartWithPassiveTcpEstablishment: "ManualStart_with_PassiveTcpEstablishment (Event 4)"
        case .automaticStartWithPassiveTcpEstablishment: "AutomaticStart_with_PassiveTcpEstablishment (Event 5)"
        case .automaticStartWithDampPeerOscillations: "AutomaticStart_with_DampPeerOscillations (Event 6)"
        case .automaticStartWithDampPeerOscillationsAndPassiveTcpEstablishment:
            "AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment (Event 7)"
        case .automaticStop: "AutomaticStop (Event 8)"
        case .connectRetryTimerExpires: "ConnectRetryTimer_Expires (Event 9)"
        case .holdTimerExpires: "HoldTimer_Expires (Event 10)"
        case .keepaliveTimerExpires: "KeepaliveTimer_Expires (Event 11)"
        case .delayOpenTimerExpires: "DelayOpenTimer_Expires (Event 12)"
        case .idleHoldTimerExpires: "IdleHoldTimer_Expires (Event 13)"
        case .tcpConnectionValid: "TcpConnection_Valid (Event 14)"
        case .tcpConnectionRequestInvalid: "Tcp_CR_Invalid (Event 15)"
        case .tcpConnectionRequestAcked: "Tcp_CR_Acked (Event 16)"
        case .tcpConnectionConfirmed: "TcpConnectionConfirmed (Event 17)"
        case .tcpConnectionFails: "TcpConnectionFails (Event 18)"
        case .bgpOpen: "BGPOpen (Event 19/20)"
        case .bgpHeaderErr: "BGPHeaderErr (Event 21)"
        case .bgpOpenMsgErr: "BGPOpenMsgErr (Event 22)"
        case .openCollisionDump: "OpenCollisionDump (Event 23)"
        case .notifMsg(let n): SessionFSM.isVersionError(n) ? "NotifMsgVerErr (Event 24)" : "NotifMsg (Event 25)"
        case .keepAliveMsg: "KeepAliveMsg (Event 26)"
        case .updateMsg: "UpdateMsg (Event 27)"
        case .updateMsgErr: "UpdateMsgErr (Event 28)"
        case .routeRefreshMsg: "ROUTE-REFRESH message"
        case .idleHoldResetTimerExpires: "IdleHoldResetTimer_Expires"
        case .sendUpdate: "send UPDATE"
        case .sendRouteRefresh: "send ROUTE-REFRESH"
        }
    }
}
