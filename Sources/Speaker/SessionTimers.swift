/// `SessionTimers`: the FSM's timers (RFC 4271 §8, §10) as Dispatch timer sources on the
/// speaker's queue — one source per timer, started, pushed back or cancelled per FSM action.
///
/// Restarting a running timer later than its source is armed (the HoldTimer on every message
/// received, the KeepaliveTimer on every UPDATE sent, RFC 4271 §8.2.2) only records the new
/// deadline: the source fires at the old one, sees the later deadline and re-arms itself once.
/// Re-arming the Dispatch source on every message cost a write(2) to wake Dispatch's timer
/// thread and two context switches per UPDATE — about a tenth of the daemon's CPU while it
/// relayed the full table (docs/benchmarks.md).
import BGPSession
import Dispatch

/// `@unchecked Sendable`: touched only on `queue` (the speaker's serial queue).
final class SessionTimers: @unchecked Sendable {
    private let queue: DispatchQueue

    /// A running timer: its source, the deadline the source is armed for, the deadline the FSM
    /// last asked for (never earlier than `armed`), and what to do when that one is reached.
    private final class Running {
        let source: DispatchSourceTimer
        var armed: DispatchTime
        var wanted: DispatchTime
        var fire: () -> Void
        init(source: DispatchSourceTimer, deadline: DispatchTime, fire: @escaping () -> Void) {
            self.source = source; armed = deadline; wanted = deadline; self.fire = fire
        }
    }

    /// Every source here has been resumed (a never-resumed source must not be released).
    private var running: [SessionFSM.Timer: Running] = [:]

    init(queue: DispatchQueue) { self.queue = queue }

    deinit { stopAll() }

    /// Starts `timer` to fire once after `delay`; a running one is rescheduled.
    func start(_ timer: SessionFSM.Timer, after delay: Duration, fire: @escaping () -> Void) {
        if restart(timer, after: delay) {
            running[timer]?.fire = fire
            return
        }
        let deadline = DispatchTime.now() + delay.dispatchInterval
        let source = DispatchSource.makeTimerSource(queue: queue)
        let entry = Running(source: source, deadline: deadline, fire: fire)
        source.setEventHandler { [weak self, weak entry] in
            guard let self, let entry else { return }
            self.fired(timer, entry)
        }
        source.schedule(deadline: deadline, repeating: .never)
        source.resume()
        running[timer] = entry
    }

    /// Moves a running `timer` to fire after `delay` (keeping its action); false when it is not
    /// running. A later deadline is only recorded (see the type's comment).
    @discardableResult
    func restart(_ timer: SessionFSM.Timer, after delay: Duration) -> Bool {
        guard let entry = running[timer] else { return false }
        let deadline = DispatchTime.now() + delay.dispatchInterval
        entry.wanted = deadline
        if deadline < entry.armed {
            entry.armed = deadline
            entry.source.schedule(deadline: deadline, repeating: .never)
        }
        return true
    }

    private func fired(_ timer: SessionFSM.Timer, _ entry: Running) {
        guard running[timer] === entry else { return }  // stopped or replaced meanwhile
        if entry.wanted > DispatchTime.now() {
            entry.armed = entry.wanted
            entry.source.schedule(deadline: entry.wanted, repeating: .never)
            return
        }
        // Fired: the source stays, disarmed, for a later start to re-arm.
        entry.armed = .distantFuture
        entry.wanted = .distantFuture
        entry.fire()
    }

    func stop(_ timer: SessionFSM.Timer) {
        running.removeValue(forKey: timer)?.source.cancel()
    }

    func stopAll() {
        for entry in running.values { entry.source.cancel() }
        running.removeAll()
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
