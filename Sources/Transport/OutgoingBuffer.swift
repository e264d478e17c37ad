/// `OutgoingBuffer`: the bytes queued for one connection, in order, with the message boundaries
/// remembered so that a closing connection can drop whole messages not yet started (a
/// NOTIFICATION must not wait behind a quarter megabyte of UPDATEs, RFC 4271 §6).

/// One contiguous byte array with a read offset; compacted when the sent prefix is large.
struct OutgoingBuffer {
    private var bytes: [UInt8] = []
    /// Bytes at the front of `bytes` already handed to the kernel.
    private var sent = 0
    /// Offsets in `bytes` of the queued messages, ascending, from `first` on (a start may be
    /// negative after compaction cut into a partly written message).
    private var messages: [(start: Int, end: Int)] = []
    private var first = 0

    /// Bytes queued and not yet written.
    var count: Int { bytes.count - sent }
    var isEmpty: Bool { count == 0 }

    /// Queues one whole message.
    mutating func append(_ message: [UInt8]) {
        guard !message.isEmpty else { return }
        messages.append((bytes.count, bytes.count + message.count))
        bytes.append(contentsOf: message)
    }

    /// Calls `body` with the unwritten bytes.
    func withUnsentBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        // Array's withUnsafeBytes is untyped `rethrows`: carry the typed error out.
        var result: Result<R, E>?
        bytes.withUnsafeBytes { all in
            do throws(E) {
                result = .success(try body(UnsafeRawBufferPointer(rebasing: all[sent...])))
            } catch {
                result = .failure(error)
            }
        }
        // withUnsafeBytes always calls its closure, so `result` is set.
        return try result.unsafelyUnwrapped.get()
    }

    /// Marks `n` bytes as written; returns how many messages are now completely written.
    mutating func consume(_ n: Int) -> Int {
        precondition(n >= 0 && n <= count, "OutgoingBuffer.consume beyond the queued bytes")
        sent += n
        var completed = 0
        while first < messages.count, messages[first].end <= sent {
            first += 1
            completed += 1
        }
        compact()
        return completed
    }

    /// Drops every queued message that has not started to be written; a partly written message
    /// is kept, so the byte stream stays framed. Returns the number of messages dropped.
    mutating func dropUnstarted() -> Int {
        guard first < messages.count else { return 0 }
        let keep = messages[first].start < sent ? first + 1 : first
        let dropped = messages.count - keep
        guard dropped > 0 else { return 0 }
        bytes.removeSubrange(messages[keep].start...)
        messages.removeSubrange(keep...)
        compact()
        return dropped
    }

    /// Releases the written prefix: all of it when everything is written, otherwise when it
    /// is over 64 KiB and more than half of the array (amortised O(1) per byte).
    private mutating func compact() {
        if sent == bytes.count {
            bytes.removeAll(keepingCapacity: bytes.capacity <= 1 << 20)
            messages.removeAll(keepingCapacity: true)
            sent = 0; first = 0
        } else if sent > 1 << 16, sent > bytes.count / 2 {
            bytes.removeSubrange(..<sent)
            messages.removeSubrange(..<first)
            for i in messages.indices { messages[i].start -= sent; messages[i].end -= sent }
            sent = 0; first = 0
        }
    }
}
