/// The outputs of the BGP FSM: what the I/O layer must do, in order (RFC 4271 §8.2.2).
import BGPWire

extension SessionFSM {
    /// One thing to do. The I/O layer performs a `handle` call's actions in the order given.
    public enum Action: Hashable, Sendable {
        /// Initiate the TCP connection to the peer (RFC 4271 §8.2.2 "initiates a TCP connection").
        case connect
        /// Close this session's TCP connection (or abandon the attempt) and release it.
        case closeConnection
        /// Encode and send a message on this session's connection.
        case send(BGPMessage)
        /// Start, or restart, a timer; its expiry comes back as the matching event.
        case startTimer(Timer, Duration)
        /// Stop a running timer ("set to zero" in the RFC).
        case stopTimer(Timer)
        /// The session reached Established with these parameters (decode context, capabilities…).
        case sessionEstablished(NegotiatedSession)
        /// The session left Established: delete all routes learned from this peer.
        case sessionDown(DownReason)
        /// An UPDATE to hand to the RIB's Adj-RIB-In.
        case deliverUpdate(UpdateMessage)
        /// The peer asked for our routes again (RFC 2918, RFC 7313).
        case deliverRouteRefresh(RouteRefreshMessage)
        /// The state changed; record it (logs, MRT BGP4MP_STATE_CHANGE, counters).
        case stateChange(from: State, to: State)
    }

    /// Why a session went back to Idle (kept in `lastDownReason` and carried by `sessionDown`).
    public enum DownReason: Hashable, Sendable {
        case manualStop
        case automaticStop(CeaseSubcode)
        /// We sent 4/0 (RFC 4271 §6.5).
        case holdTimerExpired
        /// The TCP connection failed or was closed by the peer (Event 18).
        case connectionFailed
        /// Closed by collision resolution (Event 23, RFC 4271 §6.8).
        case connectionCollision
        /// An error we found in what the peer sent, or an event unexpected in our state; the
        /// NOTIFICATION was sent when the state allows one.
        case protocolError(WireError)
        /// The peer sent a NOTIFICATION (Events 24, 25).
        case notificationReceived(NotificationMessage)
    }
}
