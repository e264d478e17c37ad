/// Shutdown (SIGTERM, SIGINT or `stop`): close the control socket, send every peer a Cease with
/// the RFC 8203 message `swiftletd on <node> shutting down`, remove the pidfile; bounded by a
/// grace period so a stuck peer cannot keep the process alive.
import Dispatch
import Glibc

extension Daemon {
    /// Closes the control socket, sends every peer a Cease with the shutdown communication
    /// (RFC 8203), removes the pidfile, then calls `completion`. Later calls only complete.
    public func stop(completion: @escaping @Sendable () -> Void) {
        queue.async { self.stopOnQueue(completion) }
    }

    func stopOnQueue(_ completion: @escaping @Sendable () -> Void) {
        guard !stopping else { completion(); return }
        stopping = true
        for s in signals where s.signal == SIGHUP { s.cancel() }
        stopFollowingDatastore()
        control?.close()
        control = nil
        kernel?.stop()   // kernel routes stay in place: forwarding goes on while swiftletd is away
        let message = "swiftletd on \(options.nodeName) shutting down"
        speaker.shutdown(communication: message) { [self] in
            queue.async { [self] in finishStop("stopped", completion) }
        }
        // The speaker bounds its own flush; this only guards the exit against a stuck peer.
        queue.asyncAfter(deadline: .now() + Daemon.shutdownGrace) { [self] in
            finishStop("stopped without waiting for every peer (\(Daemon.shutdownGrace) grace)", completion)
        }
    }

    /// How long SIGTERM waits for the speaker's Cease messages before exiting anyway.
    static let shutdownGrace: DispatchTimeInterval = .seconds(5)

    /// The end of a stop, once (on `queue`): pidfile removed, `completion` called.
    func finishStop(_ text: String, _ completion: @Sendable () -> Void) {
        guard !stopped else { return }
        stopped = true
        pidFile?.remove()
        logger.info("\(text)")
        completion()
    }
}
