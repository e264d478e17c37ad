/// A cursor with bgpdump's stream semantics: a read past the end yields zero bytes for what is
/// missing and leaves the cursor at the end. It never reads outside `start..<end` of its buffer.
/// (This mirrors libbgpdump's `mstream`, so that malformed records print as bgpdump prints them.)
struct LenientReader {
    let base: UnsafeBufferPointer<UInt8>
    private(set) var position: Int
    let end: Int

    init(_ base: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        self.base = base
        // Clamp to the buffer so that every index later read is valid.
        let lo = max(0, min(range.lowerBound, base.count))
        self.position = lo
        self.end = max(lo, min(range.upperBound, base.count))
    }

    var remaining: Int { end - position }
    var range: Range<Int> { position..<end }

    /// The byte at the cursor without consuming it (0 at the end).
    func peek() -> UInt8 { position < end ? base[position] : 0 }

    @inline(__always)
    mutating func u8() -> UInt8 {
        guard position < end else { return 0 }
        let v = base[position]
        position += 1
        return v
    }

    @inline(__always)
    mutating func u16() -> UInt16 {
        if end - position >= 2 {
            let v = UInt16(base[position]) << 8 | UInt16(base[position + 1])
            position += 2
            return v
        }
        return UInt16(truncatingIfNeeded: partial(2))
    }

    @inline(__always)
    mutating func u32() -> UInt32 {
        if end - position >= 4 {
            let p = position
            let v = UInt32(base[p]) << 24 | UInt32(base[p + 1]) << 16 | UInt32(base[p + 2]) << 8 | UInt32(base[p + 3])
            position += 4
            return v
        }
        return UInt32(truncatingIfNeeded: partial(4))
    }

    /// Reads what is left of an `n`-byte big-endian field, zero-filling the missing low bytes.
    private mutating func partial(_ n: Int) -> UInt64 {
        var v: UInt64 = 0
        for k in 0..<n {
            v <<= 8
            if position + k < end { v |= UInt64(base[position + k]) }
        }
        position = end
        return v
    }

    /// Copies `n` bytes into a 16-byte value (zero-filled past the end or past 16), advancing by
    /// up to `n` bytes.
    mutating func bytes16(_ n: Int) -> IPv6Bytes {
        var out = IPv6Bytes()
        let take = min(n, remaining)
        for k in 0..<min(take, 16) { out[k] = base[position + k] }
        position += take
        return out
    }

    mutating func skip(_ n: Int) { position += min(max(n, 0), remaining) }

    /// A reader over the next `n` bytes (fewer if fewer remain); this one moves past them.
    mutating func take(_ n: Int) -> LenientReader {
        let k = min(max(n, 0), remaining)
        let sub = LenientReader(base, position..<(position + k))
        position += k
        return sub
    }
}

/// Sixteen bytes held inline (an IPv6 address, or an IPv4 one in the first four).
struct IPv6Bytes: Hashable {
    var hi: UInt64 = 0
    var lo: UInt64 = 0

    subscript(_ i: Int) -> UInt8 {
        get {
            i < 8 ? UInt8(truncatingIfNeeded: hi >> UInt64(56 - 8 * i)) : UInt8(truncatingIfNeeded: lo >> UInt64(56 - 8 * (i - 8)))
        }
        set {
            if i < 8 {
                let s = UInt64(56 - 8 * i)
                hi = hi & ~(0xff << s) | UInt64(newValue) << s
            } else {
                let s = UInt64(56 - 8 * (i - 8))
                lo = lo & ~(0xff << s) | UInt64(newValue) << s
            }
        }
    }

    /// The first four bytes as a host-order IPv4 value.
    var ipv4: UInt32 { UInt32(truncatingIfNeeded: hi >> 32) }
}
