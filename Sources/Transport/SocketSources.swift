/// `SocketSources`: the read and write Dispatch sources of one socket, with the lifecycle rules
/// Dispatch on Linux needs, in one place (see SWIFT-LINUX-NOTES): strong references to every
/// source, `resume()` before `cancel()`, and the descriptor closed only in the cancel handler of
/// the last source to be cancelled.
import Dispatch
import Platform
import Synchronization

/// Not Sendable by itself: used only on the owner's serial queue (or from the owner's deinit,
/// where Dispatch's thread-safe `resume`/`cancel` are the only calls made).
final class SocketSources {
    let socket: Socket
    private let readSource: DispatchSourceRead
    private let writeSource: DispatchSourceWrite
    /// Sources start suspended; these say which ones are resumed now.
    private(set) var isReading = false
    private(set) var isWriting = false
    private(set) var isCancelled = false

    /// Both handlers run on `queue`. Keep them weak in what they capture: the sources hold them
    /// until cancelled.
    init(socket: Socket, queue: DispatchQueue,
         onReadable: @escaping () -> Void, onWritable: @escaping () -> Void) {
        self.socket = socket
        let fd = socket.fileDescriptor
        readSource = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        writeSource = DispatchSource.makeWriteSource(fileDescriptor: fd, queue: queue)
        readSource.setEventHandler(handler: onReadable)
        writeSource.setEventHandler(handler: onWritable)
        // The descriptor may be closed only when neither source watches it any more.
        let remaining = CancelCountdown(2)
        let cancelHandler = { [socket] in
            if remaining.decrement() { socket.close() }
        }
        readSource.setCancelHandler(handler: cancelHandler)
        writeSource.setCancelHandler(handler: cancelHandler)
    }

    deinit { cancel() }

    /// Starts or stops read events (resume/suspend, balanced).
    func setReading(_ on: Bool) {
        guard !isCancelled, on != isReading else { return }
        isReading = on
        if on { readSource.resume() } else { readSource.suspend() }
    }

    /// Starts or stops write events (resume/suspend, balanced).
    func setWriting(_ on: Bool) {
        guard !isCancelled, on != isWriting else { return }
        isWriting = on
        if on { writeSource.resume() } else { writeSource.suspend() }
    }

    /// Cancels both sources (resuming suspended ones first); the socket is closed when the
    /// second cancel handler has run. Idempotent.
    func cancel() {
        guard !isCancelled else { return }
        isCancelled = true
        if !isReading { readSource.resume() }
        if !isWriting { writeSource.resume() }
        readSource.cancel()
        writeSource.cancel()
    }
}

/// Counts cancel handlers down; true for the last one. Atomic because a source cancelled from
/// a deinit off the queue may run its cancel handler concurrently with the other's.
private final class CancelCountdown: Sendable {
    private let count: Atomic<Int>
    init(_ n: Int) { count = Atomic(n) }
    func decrement() -> Bool { count.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 }
}
