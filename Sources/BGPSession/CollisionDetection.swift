/// BGP connection collision resolution (RFC 4271 §6.8, RFC 6286 §2.3) as a pure function.
import BGPWire
import NetCore

/// Decides which of two connections to the same peer survives. The speaker calls `resolve` when
/// an OPEN arrives on one connection while another to the same peer exists, then feeds
/// OpenCollisionDump (Event 23) to the FSM of the loser, which sends `notification`.
public enum CollisionDetection {
    /// Who initiated a connection.
    public enum Direction: Hashable, Sendable {
        /// We connected to the peer.
        case outbound
        /// The peer connected to us.
        case inbound
    }

    /// One side of the collision: its FSM state and who opened it.
    public struct Connection: Hashable, Sendable {
        public var state: SessionFSM.State
        public var direction: Direction
        public init(state: SessionFSM.State, direction: Direction) { self.state = state; self.direction = direction }
    }

    public enum Decision: Hashable, Sendable {
        /// No collision to resolve (the other connection has not exchanged OPENs).
        case noCollision
        /// Close the connection that already existed; keep the one the OPEN just arrived on.
        case closeExisting
        /// Close the connection the OPEN just arrived on.
        case closeNew
    }

    /// Cease 6/7 Connection Collision Resolution (RFC 4486 §4), sent on the closed connection.
    public static let notification = NotificationMessage(CeaseSubcode.connectionCollisionResolution)

    /// RFC 4271 §6.8: only connections in OpenSent/OpenConfirm (and Established when
    /// `collisionDetectEstablishedState` is set) collide; otherwise an Established session always
    /// keeps its connection. The connection initiated by the speaker with the higher BGP
    /// Identifier survives; with equal identifiers the one initiated by the larger AS (RFC 6286 §2.3).
    public static func resolve(localID: RouterID, localAS: ASN, remoteID: RouterID, remoteAS: ASN,
                               existing: Connection, new: Connection,
                               collisionDetectEstablishedState: Bool = false) -> Decision {
        switch existing.state {
        case .idle, .connect, .active: return .noCollision
        case .established where !collisionDetectEstablishedState: return .closeNew
        case .openSent, .openConfirm, .established: break
        }
        let localWins = localID != remoteID ? localID > remoteID : localAS > remoteAS
        let survivor: Direction = localWins ? .outbound : .inbound
        guard existing.direction != new.direction else { return .closeNew }
        return new.direction == survivor ? .closeExisting : .closeNew
    }
}
