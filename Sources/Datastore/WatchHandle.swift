/// `WatchHandle`: the token a watch returns; cancelling it stops delivery.

/// Cancels a watch. After `cancel()` returns, no further event is *scheduled*; an event already
/// running on the watch's queue completes. Cancelling twice is harmless. Keep the handle for as
/// long as the watch should run: dropping it does not cancel (call `cancel()` explicitly).
public final class WatchHandle: Sendable {
    private let onCancel: @Sendable () -> Void

    public init(onCancel: @escaping @Sendable () -> Void) { self.onCancel = onCancel }

    public func cancel() { onCancel() }
}
