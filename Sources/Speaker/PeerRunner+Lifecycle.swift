/// `PeerRunner` lifecycle: active connects (RFC 4271 §8.2.2 "initiates a TCP connection"),
/// state changes, and what happens when an instance falls back to Idle (the secondary is
/// dropped or promoted; a primary that will not restart itself is replaced after IdleHoldTime).
import BGPSession
import Foundation
import NetCore
import Platform
import Transport

extension PeerRunner {
    /// Opens the active connection with the peer's socket options (source address, TCP MD5
    /// of RFC 2385, TTL or GTSM of RFC 5082). Passive peers never connect.
    func connect(_ s: SessionInstance) {
        guard s.mayConnect, !stopped else { return }
        s.connection?.close()
        let remote = SocketAddress(settings.address, port: settings.port)
        let connection = Connection(connectingTo: remote, options: speaker.connectionOptions(settings), queue: speaker.queue)
        connection.delegate = self
        s.connection = connection
        logger.debug("connecting to \(remote)")
        connection.start()
    }

    func stateChanged(from: SessionFSM.State, to: SessionFSM.State, _ s: SessionInstance) {
        guard s === primary else {
            logger.debug("incoming connection: \(from) → \(to)")
            return
        }
        stateSince = Date()
        logger.info("state \(from) → \(to)")
    }

    /// Bookkeeping after each event: an idle secondary is dropped, a secondary that got
    /// further than the primary replaces it, and an idle primary that will not restart itself
    /// (AutomaticStop, a promoted passive instance, changed timers) is replaced after IdleHoldTime.
    func afterEvent(_ s: SessionInstance) {
        if let second = secondary {
            if second.fsm.state == .idle {
                second.discard()
                secondary = nil
            } else if primary.fsm.state == .idle || (isPastOpen(second) && !primary.hasOpenConnection) {
                promoteSecondary()
            }
        }
        guard primary.fsm.state == .idle, !stopped, restartItem == nil else { return }
        let restartsItself = primary.fsm.runningTimers.contains(.idleHold)
            && primary.fsm.configuration == speaker.sessionConfiguration(settings) && primary.mayConnect == !settings.passive
        if !restartsItself { scheduleRestart() }
    }

    private func isPastOpen(_ s: SessionInstance) -> Bool {
        s.fsm.state == .openConfirm || s.fsm.state == .established
    }

    /// The incoming connection's instance becomes the peer's session (RFC 4271 §6.8).
    func promoteSecondary() {
        guard let second = secondary else { return }
        primary.discard()
        primary = second
        secondary = nil
        stateSince = Date()
        logger.info("incoming connection kept (state \(second.fsm.state))")
    }

    /// Starts a fresh FSM after IdleHoldTime (RFC 4271 §8.1.1).
    func scheduleRestart() {
        primary.timers.stopAll()  // the old FSM's own restart must not race this one
        let item = DispatchWorkItem { [weak self] in
            guard let self, !self.stopped else { return }
            self.restartItem = nil
            self.start()
        }
        restartItem = item
        speaker.queue.asyncAfter(deadline: .now() + speaker.configuration.idleHoldTime.dispatchInterval, execute: item)
    }

    /// Settings changed in a way that needs a new session: stop with a Cease, start again.
    func reset(to new: PeerSettings, communication: String) {
        stop(communication: communication)
        settings = new
        logger[metadataKey: "peer"] = "\(new.address)"
        start()
    }
}
