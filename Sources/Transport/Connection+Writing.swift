/// Writing with backpressure: a bounded outgoing buffer (high-water mark) that UPDATEs may not
/// exceed, urgent messages (OPEN, KEEPALIVE, NOTIFICATION, ROUTE-REFRESH) that are always
/// queued, and `.writable` when the buffer drains below the low-water mark, so the owner
/// generates UPDATEs from its Adj-RIB-Out only as fast as the peer reads them.
import BGPWire
import Platform

extension Connection {
    /// Bytes queued and not yet taken by the kernel.
    public var bufferedBytes: Int { outbound.count }

    /// How many more bytes of UPDATEs `send` accepts now (0 when the buffer is full or the
    /// connection is not open).
    public var availableBytes: Int {
        state == .open ? max(0, options.highWaterMark - outbound.count) : 0
    }

    /// Encodes `message` with `encodeContext` and queues it. An UPDATE is refused (returns
    /// false, and a `.writable` event follows once the buffer drains) when it does not fit
    /// under the high-water mark; other messages are always queued. False also when the
    /// connection is not open. Write errors are reported later as `.closed`.
    @discardableResult
    public func send(_ message: BGPMessage) -> Bool {
        assertOnQueue()
        guard state == .open else { return false }
        return send(encoded: message.encode(context: encodeContext), urgent: message.type != .update)
    }

    /// Queues one already encoded message (whole, header included).
    @discardableResult
    public func send(encoded bytes: [UInt8], urgent: Bool) -> Bool {
        assertOnQueue()
        guard state == .open else { return false }
        if !urgent, outbound.count + bytes.count > options.highWaterMark {
            counters.sendsRefused += 1
            writableOwed = true
            return false
        }
        outbound.append(bytes)
        if sources?.isWriting != true { flushSoon() }
        if outbound.count >= options.lowWaterMark { writableOwed = true }
        return true
    }

    /// Flushes once the current work item on the queue is done, so the messages queued in one
    /// go (a pull of UPDATEs from the Adj-RIB-Out, a KEEPALIVE after an UPDATE) leave in one
    /// write(2) — one syscall and as few TCP segments as possible instead of one per message
    /// (the full table is ~89,000 small UPDATEs).
    func flushSoon() {
        guard !flushQueued else { return }
        flushQueued = true
        queue.async { [weak self] in
            guard let self else { return }
            self.flushQueued = false
            // Flush as the write source would, and say `.writable` if owed: when the kernel takes
            // everything no write source fires, so nobody else would tell the owner.
            guard self.state == .open, self.sources?.isWriting != true else { return }
            self.writableEvent()
        }
    }

    /// Writes as much as the kernel takes; keeps the write source on while bytes remain.
    /// Errors tear the connection down (reported asynchronously by `fail`).
    func flush() {
        guard let sources else { return }
        while !outbound.isEmpty {
            let written: Int
            do {
                written = try outbound.withUnsentBytes { (bytes) throws(SystemCallError) -> Int in
                    try sources.socket.write(bytes)
                }
            } catch {
                if state == .closing { teardown() } else { fail(.failed(error.with(context: "to \(remote)"))) }
                return
            }
            if written == 0 { break }
            counters.bytesOut += written
            counters.messagesOut += outbound.consume(written)
        }
        sources.setWriting(!outbound.isEmpty)
        checkReadableSoon()
    }

    /// Queues one non-blocking read pass. Dispatch on Linux can miss a peer's FIN or RST that
    /// arrives while the write source of the same descriptor is being suspended or resumed
    /// (seen here: a connection refused right after our OPEN went out was never reported
    /// closed, leaving the session in OpenSent until its 4-minute hold timer). A read that
    /// finds nothing returns EAGAIN and costs one syscall per flush burst.
    func checkReadableSoon() {
        guard !readCheckQueued else { return }
        readCheckQueued = true
        queue.async { [weak self] in
            guard let self else { return }
            self.readCheckQueued = false
            self.readableEvent()
        }
    }

    func writableEvent() {
        switch state {
        case .connecting:
            completeConnect()
        case .open:
            flush()
            if state == .open, writableOwed, outbound.count < options.lowWaterMark {
                writableOwed = false
                deliver(.writable)
            }
        case .closing:
            flush()
            if state == .closing, outbound.isEmpty { shutdownAfterFlush() }
        case .idle, .closed:
            break
        }
    }
}
