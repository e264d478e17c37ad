/// `InboundBuffer`: received bytes waiting to be framed. The kernel reads straight into its free
/// tail; framed messages are consumed from the front (RFC 4271 §4.1 framing by BGPWire's
/// `MessageFramer`). It grows only as far as one message of the largest allowed size needs.
import BGPWire

struct InboundBuffer {
    /// Initialised storage; bytes `start..<end` are unconsumed.
    private var storage: [UInt8]
    private var start = 0
    private var end = 0

    init(initialCapacity: Int = 8192) {
        storage = [UInt8](repeating: 0, count: initialCapacity)
    }

    /// Unconsumed bytes.
    var count: Int { end - start }

    /// The unconsumed bytes (indices are positions in the storage).
    var unconsumed: ArraySlice<UInt8> { storage[start..<end] }

    /// Marks `n` bytes at the front as consumed.
    mutating func consume(_ n: Int) {
        start += n
        if start == end { start = 0; end = 0 }
    }

    /// Makes at least `minimum` free bytes at the tail (compacting, then doubling), then calls
    /// `body` with the free tail; `body` returns how many bytes it wrote there.
    mutating func fill<E: Error>(minimum: Int,
                                 _ body: (UnsafeMutableRawBufferPointer) throws(E) -> Int) throws(E) -> Int {
        if storage.count - end < minimum {
            if start > 0 {
                storage.withUnsafeMutableBytes { raw in
                    guard let base = raw.baseAddress else { return }
                    base.copyMemory(from: base + start, byteCount: end - start)
                }
                end -= start; start = 0
            }
            if storage.count - end < minimum {
                var newCount = max(storage.count, 1)
                while newCount - end < minimum { newCount *= 2 }
                storage.append(contentsOf: repeatElement(0, count: newCount - storage.count))
            }
        }
        let tailStart = end
        // Array's withUnsafeMutableBytes is untyped `rethrows`: carry the typed error out.
        var result: Result<Int, E> = .success(0)
        storage.withUnsafeMutableBytes { raw in
            do throws(E) {
                result = .success(try body(UnsafeMutableRawBufferPointer(rebasing: raw[tailStart...])))
            } catch {
                result = .failure(error)
            }
        }
        let written = try result.get()
        end += written
        return written
    }
}
