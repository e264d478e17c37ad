/// `SignalSource`: a Unix signal (SIGHUP, SIGTERM…) delivered as a handler call on a queue.
import Dispatch
import Glibc

/// Watches one signal with `DispatchSource.makeSignalSource`. The signal's default action is
/// set to SIG_IGN first (otherwise the process would die before Dispatch sees it).
/// Safe to use from any thread: Dispatch sources are thread-safe and the source is immutable.
public final class SignalSource: @unchecked Sendable {
    private let source: DispatchSourceSignal
    public let signal: Int32

    public init(signal: Int32, queue: DispatchQueue, handler: @escaping @Sendable () -> Void) {
        self.signal = signal
        _ = Glibc.signal(signal, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: signal, queue: queue)
        source.setEventHandler(handler: handler)
        source.resume()
    }

    /// Stops watching (the signal stays ignored).
    public func cancel() { source.cancel() }

    deinit { source.cancel() }
}
