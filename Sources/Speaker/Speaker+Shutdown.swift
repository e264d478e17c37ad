/// Clean shutdown: every session gets Cease/Administrative Shutdown (RFC 4486 6/2) with the
/// operator's RFC 8203 Shutdown Communication, flushed before its connection closes (bounded
/// by the connections' close timeout).
import Dispatch
import Transport

extension Speaker {
    /// Stops every peer with `communication`, stops listening, waits (at most about 4 s) for
    /// the NOTIFICATIONs to be flushed and the connections closed, then calls `completion`
    /// on the speaker's queue. Safe to call from any thread, including the queue.
    public func shutdown(communication: String, completion: @escaping @Sendable () -> Void) {
        queue.async { [self] in
            isShutDown = true
            logger.notice("shutting down: \"\(communication)\"")
            for runner in runners.values { runner.stop(communication: communication) }
            for l in listeners { l.close() }
            listeners.removeAll()
            waitForClosing(until: .now() + .seconds(4), completion)
        }
    }

    private func waitForClosing(until deadline: DispatchTime, _ completion: @escaping @Sendable () -> Void) {
        closingConnections.removeAll { $0.state == .closed }
        guard !closingConnections.isEmpty, DispatchTime.now() < deadline else {
            for c in closingConnections { c.close() }
            closingConnections.removeAll()
            completion()
            return
        }
        queue.asyncAfter(deadline: .now() + .milliseconds(20)) { [self] in waitForClosing(until: deadline, completion) }
    }
}
