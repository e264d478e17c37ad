/// `PeerRunner`: runs one configured peer — its `SessionInstance`(s), executing the FSM's
/// actions (RFC 4271 §8.2.2: connect, send, close, timers, session up/down, UPDATE delivery),
/// and restarting a fresh FSM when the old one will not restart itself.
import BGPSession
import BGPWire
import Dispatch
import NetCore
import Foundation
import Logging
import RIB
import Transport

/// `@unchecked Sendable`: all state is touched only on the speaker's serial queue.
final class PeerRunner: @unchecked Sendable {
    unowned let speaker: Speaker
    var settings: PeerSettings
    let ribPeer: PeerID
    var logger: Logger
    var primary: SessionInstance
    /// The instance of an incoming connection while collision detection (§6.8) is pending.
    var secondary: SessionInstance?
    /// Stopped by the operator (removal, shutdown): never restarted.
    var stopped = true
    var restartItem: DispatchWorkItem?

    // Status for `peers()`.
    var stateSince = Date()
    var lastError: String?
    var establishedCount = 0
    var prefixesReceived = 0
    /// Families whose End-of-RIB (RFC 4724 §2) arrived in the current session: the peer's
    /// initial table is complete (what the kernel writer waits for before removing stale routes).
    var endOfRIBReceived: Set<AddressFamily> = []
    var negotiated: NegotiatedSession?

    init(speaker: Speaker, settings: PeerSettings, ribPeer: PeerID) {
        self.speaker = speaker
        self.settings = settings
        self.ribPeer = ribPeer
        var logger = speaker.logger
        logger[metadataKey: "peer"] = "\(settings.address)"
        self.logger = logger
        primary = SessionInstance(fsm: SessionFSM(configuration: speaker.sessionConfiguration(settings), jitter: .disabled),
                                  queue: speaker.queue, mayConnect: false)
    }

    var state: SessionFSM.State { primary.fsm.state }

    /// A fresh FSM with the current settings, started (ManualStart, Event 1 or 4).
    func start() {
        restartItem?.cancel()
        restartItem = nil
        stopped = false
        secondary?.discard()
        secondary = nil
        primary.discard()
        let jitter = Jitter(seed: UInt64.random(in: 1...UInt64.max))
        primary = SessionInstance(fsm: SessionFSM(configuration: speaker.sessionConfiguration(settings), jitter: jitter),
                                  queue: speaker.queue, mayConnect: !settings.passive)
        feed(settings.passive ? .manualStartWithPassiveTcpEstablishment : .manualStart, primary)
    }

    /// ManualStop (Event 2) with an RFC 8203 communication on every instance; no restart.
    func stop(communication: String) {
        stopped = true
        restartItem?.cancel()
        restartItem = nil
        if let s = secondary { perform(s.fsm.manualStop(communication: communication), on: s) }
        secondary?.discard()
        secondary = nil
        perform(primary.fsm.manualStop(communication: communication), on: primary)
        primary.timers.stopAll()
    }

    /// Feeds one event to `instance`'s FSM and performs the resulting actions.
    func feed(_ event: SessionFSM.Event, _ instance: SessionInstance) {
        let actions = instance.fsm.handle(event)
        perform(actions, on: instance)
        afterEvent(instance)
    }

    /// RFC 4271 §8.2.2 actions, in order.
    func perform(_ actions: [SessionFSM.Action], on s: SessionInstance) {
        for action in actions {
            switch action {
            case .connect: connect(s)
            case .closeConnection:
                s.connection?.close()
                s.connection = nil
            case .send(let message): send(message, on: s)
            case .startTimer(let timer, let delay):
                // A started timer keeps its action (the same for every start on `s`): no closure
                // is made for the restarts every UPDATE sent or received causes.
                guard !s.timers.restart(timer, after: delay) else { continue }
                s.timers.start(timer, after: delay) { [weak self, weak s] in
                    guard let self, let s else { return }
                    self.timerExpired(timer, s)
                }
            case .stopTimer(let timer): s.timers.stop(timer)
            case .sessionEstablished(let session): sessionEstablished(session, on: s)
            case .sessionDown(let reason): sessionDown(reason)
            case .deliverUpdate(let update): deliver(update)
            case .deliverRouteRefresh(let refresh): routeRefreshRequested(refresh)
            case .stateChange(let from, let to): stateChanged(from: from, to: to, s)
            }
        }
    }

    private func timerExpired(_ timer: SessionFSM.Timer, _ s: SessionInstance) {
        let event: SessionFSM.Event
        switch timer {
        case .connectRetry: event = .connectRetryTimerExpires
        case .hold: event = .holdTimerExpires
        case .keepalive: event = .keepaliveTimerExpires
        case .delayOpen: event = .delayOpenTimerExpires
        case .idleHold: event = .idleHoldTimerExpires
        case .idleHoldReset: event = .idleHoldResetTimerExpires
        }
        feed(event, s)
    }

    /// A NOTIFICATION is flushed before the close (RFC 4271 §6): the connection leaves the
    /// instance at once and finishes on its own; the speaker waits for it on shutdown.
    private func send(_ message: BGPMessage, on s: SessionInstance) {
        guard let connection = s.connection else { return }
        if case .notification(let n) = message {
            logger.info("sending NOTIFICATION \(n)")
            connection.close(sending: n)
            speaker.track(closing: connection)
            s.connection = nil
        } else {
            connection.send(message)
        }
    }
}
