/// The daemon's signals: SIGHUP reloads, SIGTERM and SIGINT shut down. DispatchSource signal
/// sources (Platform's `SignalSource`, which sets SIG_IGN first) on the daemon's queue — never
/// work inside a signal handler.
import Glibc
import Platform

extension Daemon {
    func watchSignals() {
        let hup = SignalSource(signal: SIGHUP, queue: queue) { [weak self] in
            guard let self else { return }
            self.logger.info("SIGHUP: reloading \(self.options.datastore)")
            _ = self.reloadOnQueue()
            self.kernel?.resync()
        }
        let stop: @Sendable () -> Void = { [weak self] in
            guard let self else { return }
            self.stopOnQueue { self.terminated(0) }
        }
        let term = SignalSource(signal: SIGTERM, queue: queue) { [weak self] in
            self?.logger.info("SIGTERM: shutting down")
            stop()
        }
        let int = SignalSource(signal: SIGINT, queue: queue) { [weak self] in
            self?.logger.info("SIGINT: shutting down")
            stop()
        }
        queue.sync { signals = [hup, term, int] }
    }
}
