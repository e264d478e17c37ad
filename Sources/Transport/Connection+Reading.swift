/// Reading: bytes from the socket into the inbound buffer, framed by BGPWire's
/// `MessageFramer` (RFC 4271 §4.1, §6.1), decoded with the owner's `decodeContext`, delivered
/// one message at a time (RFC 4271 §8.1.5 message events).
import BGPWire
import Platform

extension Connection {
    /// Most bytes read per read event, so one busy peer cannot hold the queue for long; the
    /// read source fires again while data is waiting (level-triggered). One read(2) of
    /// `readChunk`: the speaker's pump (queued by the UPDATEs' Loc-RIB changes) then runs
    /// before the next read, so the Adj-RIB-Out's pending changes and decoded UPDATEs between
    /// two pulls stay small. With 256 KiB per event (about 90 full UPDATEs before a pull) the
    /// speaker benchmark's peak RSS was 3.8–5.4 MiB higher at 100k, 1M prefixes and the full
    /// table (docs/benchmarks.md, "Where the speaker's memory goes").
    static let readBudget = 16 * 1024
    /// Free space offered to each read(2).
    static let readChunk = 16 * 1024

    func readableEvent() {
        guard state == .open || state == .closing, let socket = sources?.socket else { return }
        var budget = Connection.readBudget
        while budget > 0 {
            var outcome = Socket.ReadResult.wouldBlock
            do {
                _ = try inbound.fill(minimum: Connection.readChunk) { (tail) throws(SystemCallError) -> Int in
                    outcome = try socket.read(into: tail)
                    if case .bytes(let n) = outcome { return n }
                    return 0
                }
            } catch {
                if state == .closing { teardown() } else { fail(.failed(error.with(context: "from \(remote)"))) }
                return
            }
            switch outcome {
            case .wouldBlock:
                return
            case .endOfFile:
                // RFC 4271 Event 18; when closing, the peer's FIN is what we waited for.
                if state == .closing { teardown() } else { fail(.peerClosed(unframedBytes: readingStopped ? 0 : inbound.count)) }
                return
            case .bytes(let n):
                counters.bytesIn += n
                budget -= n
                if state == .closing || readingStopped {
                    inbound.consume(inbound.count)
                } else {
                    deliverMessages()
                    // The owner may have closed or started closing this connection.
                    guard state == .open else { return }
                }
            }
        }
    }

    /// Frames and delivers every whole message at the front of the buffer. Each body is copied
    /// into its own array before decoding: decoded UPDATEs keep slices of their bytes, which
    /// must not pin (or force copies of) the shared read buffer.
    private func deliverMessages() {
        while state == .open, !readingStopped {
            let framed: MessageFramer.Outcome
            do {
                framed = try MessageFramer.frame(inbound.unconsumed, maxMessageLength: decodeContext.maxMessageLength)
            } catch {
                stopReading()
                deliver(.malformed(error, messageType: nil))
                return
            }
            guard case let .message(type, body, totalLength) = framed else { return }
            let ownBody = body.isEmpty ? [] : Array(body)[...]
            inbound.consume(totalLength)
            counters.messagesIn += 1
            let message: BGPMessage
            do {
                message = try BGPMessage.decode(type: type, body: ownBody, context: decodeContext)
            } catch {
                stopReading()
                deliver(.malformed(error, messageType: type))
                return
            }
            deliver(.received(message))
        }
    }

    /// After a malformed message: deliver nothing more; bytes keep being read and discarded
    /// so the peer's FIN or reset is still seen.
    private func stopReading() {
        readingStopped = true
        inbound.consume(inbound.count)
    }
}
