/// `SessionInstance`: one RFC 4271 §8 FSM with its TCP connection and timers. A peer has one,
/// and briefly a second for an incoming connection during collision detection (§6.8).
import BGPSession
import Dispatch
import Transport

/// `@unchecked Sendable`: touched only on the speaker's serial queue.
final class SessionInstance: @unchecked Sendable {
    var fsm: SessionFSM
    var connection: Connection?
    let timers: SessionTimers
    /// May this instance connect out? False for passive peers and for the instance created
    /// for an incoming connection.
    let mayConnect: Bool

    init(fsm: SessionFSM, queue: DispatchQueue, mayConnect: Bool) {
        self.fsm = fsm
        self.mayConnect = mayConnect
        timers = SessionTimers(queue: queue)
    }

    /// Who opened the connection, for collision detection.
    var direction: CollisionDetection.Direction {
        connection?.direction == .inbound ? .inbound : .outbound
    }

    /// True while a connection is open (not absent, not still connecting).
    var hasOpenConnection: Bool { connection?.state == .open }

    /// Drops everything without a word (the FSM value goes with the instance).
    func discard() {
        timers.stopAll()
        connection?.close()
        connection = nil
    }
}
