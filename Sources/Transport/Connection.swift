/// `Connection`: one BGP TCP connection driven by Dispatch on the owner's serial queue —
/// creation, active connect with timeout (RFC 4271 §8.1.4 Events 16/18), and teardown.
/// Reading is in Connection+Reading.swift, writing in Connection+Writing.swift, closing in
/// Connection+Closing.swift.
import BGPWire
import Dispatch
import NetCore
import Platform
import Synchronization

/// One TCP connection to a peer with its own read and write sources (no thread per peer).
///
/// `@unchecked Sendable`: all mutable state is touched only on `queue`, the owner's serial
/// queue (the speaker's); public methods must be called there (checked in debug builds), and
/// Dispatch runs the source handlers there.
///
/// Lifecycle: create (`init(connectingTo:…)` or `init(accepted:…)`), set `delegate`, `start()`.
/// It ends with exactly one `.closed` event, or silently when the owner calls `close()` or
/// `close(sending:)` first. Dropping the last reference to a connection closes its socket.
public final class Connection: @unchecked Sendable {
    public enum Direction: Hashable, Sendable {
        /// We connected to the peer.
        case outbound
        /// The peer connected to our listener.
        case inbound
    }

    public enum State: Hashable, Sendable {
        /// Created, `start()` not called yet.
        case idle
        /// Active connect in progress.
        case connecting
        /// Connected: messages flow both ways.
        case open
        /// Flushing a NOTIFICATION before closing (`close(sending:)`).
        case closing
        /// Socket closed.
        case closed
    }

    /// Process-unique number, for logs and for the owner's maps.
    public let id: UInt64
    public let direction: Direction
    public let remote: SocketAddress
    /// Our end (getsockname), known once connected.
    public internal(set) var local: SocketAddress?
    public let options: ConnectionOptions
    public let queue: DispatchQueue
    public weak var delegate: ConnectionDelegate?
    /// How received messages are decoded. Change it after the OPEN exchange (4-octet AS,
    /// ADD-PATH, RFC 8654 `maxMessageLength`); framing uses its `maxMessageLength` too.
    public var decodeContext = DecodeContext()
    /// How `send(_:)` encodes messages.
    public var encodeContext = EncodeContext()
    public internal(set) var counters = ConnectionCounters()
    public internal(set) var state: State = .idle

    /// The socket until the sources take it over.
    var pendingSocket: Socket?
    var sources: SocketSources?
    var inbound = InboundBuffer()
    var outbound = OutgoingBuffer()
    /// A `.writable` event is owed once the buffer drains below the low-water mark.
    var writableOwed = false
    /// A read check is queued (see `checkReadableSoon`).
    var readCheckQueued = false
    /// A flush is queued for the end of the current work item (writes coalesced, see `send`).
    var flushQueued = false
    /// After a malformed message nothing more is delivered; bytes are discarded.
    var readingStopped = false
    /// Set by `close()`/`close(sending:)`: no event is delivered after it.
    var ownerClosed = false
    /// `close(sending:)` has sent FIN (shutdown SHUT_WR).
    var halfClosed = false
    /// Connect timeout or close timeout.
    var timer: DispatchWorkItem?
    /// Keeps a closing connection alive after its owner let go of it.
    var closingSelf: Connection?

    private static let nextID = Atomic<UInt64>(1)

    /// An active connection to `remote`; `start()` connects.
    public init(connectingTo remote: SocketAddress, options: ConnectionOptions, queue: DispatchQueue) {
        id = Connection.nextID.wrappingAdd(1, ordering: .relaxed).oldValue
        direction = .outbound
        self.remote = remote
        self.options = options
        self.queue = queue
    }

    /// A connection the listener accepted; `start()` applies `options` (hop limits) and reads.
    /// The MD5 key was already checked by the kernel with the listener's keys.
    public init(accepted: AcceptedSocket, options: ConnectionOptions, queue: DispatchQueue) {
        id = Connection.nextID.wrappingAdd(1, ordering: .relaxed).oldValue
        direction = .inbound
        remote = accepted.remote
        local = accepted.local
        pendingSocket = accepted.socket
        self.options = options
        self.queue = queue
    }

    deinit {
        timer?.cancel()
        // `sources` (or `pendingSocket`) close the socket in their own deinit.
    }

    /// Starts the connection: an outbound one connects (`.connected` or `.closed` follows), an
    /// inbound one starts reading. Calling it again does nothing.
    public func start() {
        assertOnQueue()
        guard state == .idle else { return }
        switch direction {
        case .outbound: startConnect()
        case .inbound: startAccepted()
        }
    }

    private func startConnect() {
        let socket: Socket
        do {
            socket = try Socket(family: remote.family)
            try socket.setNoDelay(true)
            try applyHopLimit(to: socket)
            if let key = options.md5Key, !key.isEmpty {
                // RFC 2385: the SYN itself must be signed, so the key goes on before connect.
                try socket.setMD5Key(key, for: remote.address)
            }
            if let source = options.sourceAddress {
                try socket.bind(to: SocketAddress(source, port: 0))
            }
        } catch {
            state = .connecting
            fail(.setupFailed(error.with(context: "for \(remote)")))
            return
        }
        attachSources(to: socket)
        state = .connecting
        arm(after: options.connectTimeout) { connection in
            guard connection.state == .connecting else { return }
            connection.fail(.connectTimedOut(remote: connection.remote, after: connection.options.connectTimeout,
                                             md5: !(connection.options.md5Key ?? []).isEmpty))
        }
        do {
            _ = try socket.connect(to: remote)
            // Connected or in progress: either way the socket becomes writable (RFC 4271
            // Event 16 when SO_ERROR is 0, Event 18 otherwise).
            sources?.setWriting(true)
        } catch {
            fail(.connectFailed(error))
        }
    }

    /// The write source fired while connecting: the connect finished one way or the other.
    func completeConnect() {
        guard let socket = sources?.socket else { return }
        let pending: Errno?
        do { pending = try socket.pendingError() } catch { fail(.connectFailed(error)); return }
        if let pending {
            fail(.connectFailed(SystemCallError("connect", pending, context: remote.description)))
            return
        }
        cancelTimer()
        local = try? socket.localAddress()
        state = .open
        sources?.setWriting(false)
        sources?.setReading(true)
        deliver(.connected)
    }

    private func startAccepted() {
        guard let socket = pendingSocket else { return }
        pendingSocket = nil
        do {
            try socket.setNoDelay(true)
            try applyHopLimit(to: socket)
        } catch {
            state = .open
            attachSources(to: socket)
            fail(.setupFailed(error.with(context: "for \(remote)")))
            return
        }
        attachSources(to: socket)
        state = .open
        sources?.setReading(true)
    }

    /// Multihop TTL, or GTSM (RFC 5082 §3: send with 255, accept ≥ 255 - (hops - 1)).
    private func applyHopLimit(to socket: Socket) throws(SystemCallError) {
        if let ttl = options.hopLimit.outgoingTTL { try socket.setTimeToLive(ttl) }
        if let minimum = options.hopLimit.minimumIncomingTTL { try socket.setMinimumTimeToLive(minimum) }
    }

    private func attachSources(to socket: Socket) {
        sources = SocketSources(
            socket: socket, queue: queue,
            onReadable: { [weak self] in self?.readableEvent() },
            onWritable: { [weak self] in self?.writableEvent() })
    }

    // MARK: Events and teardown

    /// Hands `event` to the delegate unless the owner closed the connection.
    func deliver(_ event: ConnectionEvent) {
        guard !ownerClosed else { return }
        delegate?.connection(self, didReport: event)
    }

    /// Ends the connection because of `error`: tears down now, reports `.closed` once, later
    /// (asynchronously, so that an owner's call never re-enters the owner). Silent when the
    /// owner already closed it.
    func fail(_ error: ConnectionError) {
        guard state != .closed else { return }
        teardown()
        guard !ownerClosed else { return }
        queue.async { [self] in
            guard !ownerClosed else { return }
            ownerClosed = true
            delegate?.connection(self, didReport: .closed(error))
        }
    }

    /// Cancels the sources (which close the socket) and the timer; frees the buffers.
    func teardown() {
        state = .closed
        cancelTimer()
        sources?.cancel()
        pendingSocket?.close()
        inbound = InboundBuffer(initialCapacity: 0)
        outbound = OutgoingBuffer()
        closingSelf = nil
    }

    /// Runs `action` on the queue after `delay`, unless cancelled or replaced first.
    func arm(after delay: Duration, _ action: @escaping (Connection) -> Void) {
        cancelTimer()
        let item = DispatchWorkItem { [weak self] in
            guard let self else { return }
            self.timer = nil
            action(self)
        }
        timer = item
        queue.asyncAfter(deadline: .now() + delay.dispatchInterval, execute: item)
    }

    func cancelTimer() {
        timer?.cancel()
        timer = nil
    }

    func assertOnQueue() {
        #if DEBUG
        dispatchPrecondition(condition: .onQueue(queue))
        #endif
    }
}

extension Duration {
    /// As a Dispatch interval (nanoseconds, saturating).
    var dispatchInterval: DispatchTimeInterval {
        let (seconds, attoseconds) = components
        let nanos = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !nanos.overflow, nanos.partialValue < Int64(Int.max) else { return .never }
        return .nanoseconds(Int(nanos.partialValue + attoseconds / 1_000_000_000))
    }
}
