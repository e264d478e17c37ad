/// Closing: immediately, or after a NOTIFICATION has been flushed (RFC 4271 §6: the
/// connection is closed after the NOTIFICATION is sent), within a bounded time.
import BGPWire
import Platform

extension Connection {
    /// Closes now: queued bytes are dropped, the socket is closed, no event follows.
    public func close() {
        assertOnQueue()
        ownerClosed = true
        guard state != .closed else { return }
        teardown()
    }

    /// Sends `notification` and then closes: queued messages not yet started are dropped (a
    /// partly written one is finished so the stream stays framed), the NOTIFICATION is
    /// written, FIN sent, and the socket closed when the peer closes too or after
    /// `options.closeTimeout`. No event follows. Not open: the same as `close()`.
    public func close(sending notification: NotificationMessage) {
        assertOnQueue()
        guard state == .open else { close(); return }
        ownerClosed = true
        // What was sent before this call (writes are coalesced until the end of the work item,
        // see `flushSoon`) goes first, as if written at once; only what the kernel cannot take
        // now is dropped.
        flush()
        counters.messagesDropped += outbound.dropUnstarted()
        outbound.append(BGPMessage.notification(notification).encode(context: encodeContext))
        state = .closing
        closingSelf = self
        arm(after: options.closeTimeout) { connection in
            if connection.state == .closing { connection.teardown() }
        }
        flush()
        if state == .closing, outbound.isEmpty { shutdownAfterFlush() }
    }

    /// Everything is written: send FIN and wait (reading and discarding) for the peer's.
    func shutdownAfterFlush() {
        guard !halfClosed, let socket = sources?.socket else { return }
        halfClosed = true
        do { try socket.shutdownWrite() } catch { teardown() }
    }
}
