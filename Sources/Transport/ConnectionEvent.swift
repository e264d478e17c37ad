/// `ConnectionEvent`: what a `Connection` tells its delegate — the RFC 4271 §8.1.4 TCP events
/// (Tcp_CR_Acked for an active connect; TcpConnectionFails for every kind of end), whole
/// decoded messages (§8.1.5), header and message errors, and write readiness.
import BGPWire

public enum ConnectionEvent: Sendable {
    /// The active connect completed (RFC 4271 Event 16 Tcp_CR_Acked). Accepted connections
    /// are open from the start and report no such event (the owner feeds Event 17 itself).
    case connected
    /// One whole message, decoded with the connection's current `decodeContext`. A change the
    /// owner makes to `decodeContext` while handling this event applies to the next message.
    case received(BGPMessage)
    /// The peer sent something that must end the session; `wireError.notification` is what to
    /// send (`close(sending:)`). `messageType` is nil for a header error found by framing
    /// (Event 21 BGPHeaderErr, e.g. 1/1 for a bad marker), otherwise the type whose body
    /// failed to decode (OPEN → Event 22, UPDATE → Event 28). Nothing more is read after it.
    case malformed(WireError, messageType: MessageType?)
    /// The outgoing buffer drained below the low-water mark after having been at or above it
    /// (or after a refused `send`): generate more UPDATEs now.
    case writable
    /// The connection is gone (Event 18 TcpConnectionFails): connect failed or timed out, the
    /// peer closed, or a read/write error. Reported once, and last; the socket is closed.
    case closed(ConnectionError)
}
