/// `SessionTimers`: the FSM's timers (RFC 4271 §8, §10) as Dispatch timer sources on the
/// speaker's queue — one source per timer, started, rescheduled or cancelled per FSM action.
import BGPSession
import Dispatch

/// `@unchecked Sendable`: touched only on `queue` (the speaker's serial queue).
final class SessionTimers: @unchecked Sendable {
    private let queue: DispatchQueue
    /// Every source here has been resumed (a never-resumed source must not be released).
    private var sources: [SessionFSM.Timer: DispatchSourceTimer] = [:]

    init(queue: DispatchQueue) { self.queue = queue }

    deinit { stopAll() }

    /// Starts `timer` to fire once after `delay`; a running one is rescheduled (cheap: the
    /// KeepaliveTimer restarts on every UPDATE sent, RFC 4271 §8.2.2).
    func start(_ timer: SessionFSM.Timer, after delay: Duration, fire: @escaping () -> Void) {
        let deadline = DispatchTime.now() + delay.dispatchInterval
        if let existing = sources[timer] {
            existing.setEventHandler(handler: fire)
            existing.schedule(deadline: deadline, repeating: .never)
            return
        }
        let source = DispatchSource.makeTimerSource(queue: queue)
        source.setEventHandler(handler: fire)
        source.schedule(deadline: deadline, repeating: .never)
        source.resume()
        sources[timer] = source
    }

    func stop(_ timer: SessionFSM.Timer) {
        sources.removeValue(forKey: timer)?.cancel()
    }

    func stopAll() {
        for source in sources.values { source.cancel() }
        sources.removeAll()
    }
}

extension Duration {
    /// As a Dispatch interval in nanoseconds (saturating at `.never`).
    var dispatchInterval: DispatchTimeInterval {
        let (seconds, attoseconds) = components
        guard seconds < Int64(Int.max / 1_000_000_000) else { return .never }
        return .nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000))
    }
}
