/// The BGP finite state machine of RFC 4271 §8 as a value type: one event in, actions out.
import BGPWire
import NetCore

/// One peer's session (RFC 4271 §8.2.2), driven by `handle(_:)`. It never touches a socket,
/// a clock or system randomness: it says which timers to start and stop, and learns of their
/// expiry through events. A timer expiry for a timer the FSM does not believe running (a race
/// with `stopTimer` in the I/O layer) is ignored: such an event cannot happen in the RFC's model.
///
/// One FSM owns at most one TCP connection. When a second connection to the same peer appears,
/// the speaker runs a second FSM for it and arbitrates with `CollisionDetection` (§6.8), feeding
/// OpenCollisionDump (Event 23) to the loser.
public struct SessionFSM: Sendable {
    public let configuration: SessionConfiguration
    /// ConnectRetryCounter (RFC 4271 §8): consecutive failed attempts since the last start.
    public internal(set) var connectRetryCounter = 0
    /// Why the session last fell back to Idle ("last error" in BIRD's words).
    public internal(set) var lastDownReason: DownReason?
    /// Timers the FSM has started and not stopped (and that have not expired).
    public internal(set) var runningTimers: Set<Timer> = []
    /// IdleHoldTime and its exponential growth under DampPeerOscillations.
    public internal(set) var idleHold: IdleHoldBackoff

    /// The FSM's own state with its data; internal to the module, clients read `state`.
    var phase: Phase = .idle
    var jitter: Jitter
    /// Cleared by ManualStop/AutomaticStop: no automatic restart after IdleHoldTime.
    var restartAutomatically = false
    /// Whether the last start was passive, so an automatic restart is too.
    var startPassively = false
    /// RFC 8203/9003 Shutdown Communication for the ManualStop being handled (see `manualStop(communication:)`).
    var shutdownCommunication: String?

    enum Phase: Hashable, Sendable {
        case idle, connect, active, openSent
        case openConfirm(NegotiatedSession)
        case established(NegotiatedSession)
    }

    /// Event 2 (ManualStop) whose Cease/Administrative Shutdown carries an RFC 8203/9003
    /// Shutdown Communication (UTF-8, cut to 255 bytes), so the operator on the other side sees
    /// why the session went down.
    public mutating func manualStop(communication: String) -> [Action] {
        shutdownCommunication = communication
        defer { shutdownCommunication = nil }
        return handle(.manualStop)
    }

    /// The Cease/Administrative Shutdown to send on ManualStop, with the communication if any.
    var administrativeShutdown: NotificationMessage {
        shutdownCommunication.map { NotificationMessage.shutdown($0) } ?? NotificationMessage(CeaseSubcode.administrativeShutdown)
    }

    /// A stopped session in Idle. `jitter` supplies the §10 timer jitter: seed it from the
    /// system's randomness in the daemon, use `.disabled` or a fixed seed in tests.
    public init(configuration: SessionConfiguration, jitter: Jitter) {
        self.configuration = configuration
        self.jitter = jitter
        idleHold = IdleHoldBackoff(initial: configuration.idleHoldTime, maximum: configuration.maximumIdleHoldTime)
    }

    public var state: State {
        switch phase {
        case .idle: .idle
        case .connect: .connect
        case .active: .active
        case .openSent: .openSent
        case .openConfirm: .openConfirm
        case .established: .established
        }
    }

    /// The negotiated parameters once the peer's OPEN was accepted (OpenConfirm, Established).
    public var negotiated: NegotiatedSession? {
        switch phase {
        case .openConfirm(let s), .established(let s): s
        default: nil
        }
    }

    /// RFC 4271 §8.2.2: in Idle "the BGP FSM refuses all incoming BGP connections".
    public var acceptsIncomingConnections: Bool { state != .idle }

    /// The event that restarts this session at once so that an incoming connection can be taken,
    /// or nil. RFC 4271 §8.2.2 refuses connections in Idle; Swiftlet relaxes that for a session
    /// that is only waiting out its IdleHoldTimer before an automatic restart (no operator stop,
    /// no damping penalty beyond the initial IdleHoldTime). Otherwise two peers whose outgoing
    /// connects keep failing (the other side not listening yet, or on another address) refuse
    /// each other's connections for as long as their restarts stay out of phase. The restart
    /// keeps the session's own mode (active or passive) for later restarts.
    public var earlyRestartForIncomingConnection: Event? {
        guard state == .idle, restartAutomatically, configuration.allowAutomaticStart,
              runningTimers.contains(.idleHold),
              !configuration.dampPeerOscillations || idleHold.current <= idleHold.initial else { return nil }
        return startPassively ? .automaticStartWithPassiveTcpEstablishment : .automaticStart
    }

    /// Feeds one event through the table of the current state (RFC 4271 §8.2.2).
    public mutating func handle(_ event: Event) -> [Action] {
        if let timer = event.expiringTimer, runningTimers.remove(timer) == nil { return [] }
        if isSuppressed(event) { return [] }
        var out: [Action] = []
        switch phase {
        case .idle: idle(event, &out)
        case .connect: connect(event, &out)
        case .active: active(event, &out)
        case .openSent: openSent(event, &out)
        case .openConfirm(let session): openConfirm(event, session, &out)
        case .established(let session): established(event, session, &out)
        }
        return out
    }

    /// Events the configuration rules out (§8.1.1 AllowAutomaticStart/Stop), and local send
    /// requests outside Established (nothing may be sent before the session is up).
    private func isSuppressed(_ event: Event) -> Bool {
        switch event {
        case .automaticStart, .automaticStartWithPassiveTcpEstablishment, .automaticStartWithDampPeerOscillations,
             .automaticStartWithDampPeerOscillationsAndPassiveTcpEstablishment:
            !configuration.allowAutomaticStart
        case .automaticStop: !configuration.allowAutomaticStop
        case .sendUpdate, .sendRouteRefresh: state != .established
        default: false
        }
    }
}
