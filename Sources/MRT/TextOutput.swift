/// Appending ASCII text to a byte buffer without building Strings: decimal numbers, dotted IPv4
/// and IPv6 in the form of bgpdump's fmt_ipv6 (zero-run compression, plus the `::a.b.c.d` and
/// `::ffff:a.b.c.d` forms for IPv4-compatible and -mapped addresses), as bgpdump prints them.
extension Array where Element == UInt8 {
    @inline(__always)
    mutating func appendASCII(_ s: StaticString) {
        s.withUTF8Buffer { append(contentsOf: $0) }
    }

    /// Unsigned decimal.
    mutating func appendDecimal(_ value: UInt64) {
        if value < 10 {
            append(UInt8(truncatingIfNeeded: value) &+ 48)
            return
        }
        var digits = 1
        var t = value
        while t >= 10 { t /= 10; digits += 1 }
        let start = count
        append(contentsOf: repeatElement(48, count: digits))
        var v = value
        var i = start + digits - 1
        while v > 0 {
            self[i] = UInt8(truncatingIfNeeded: v % 10) &+ 48
            v /= 10
            i -= 1
        }
    }

    @inline(__always)
    mutating func appendDecimal(_ value: UInt32) { appendDecimal(UInt64(value)) }

    /// Signed decimal (bgpdump prints some fields with `%d`).
    mutating func appendSignedDecimal(_ value: Int32) {
        if value < 0 {
            append(UInt8(ascii: "-"))
            appendDecimal(UInt64(value.magnitude))
        } else {
            appendDecimal(UInt64(value))
        }
    }

    @inline(__always)
    mutating func appendOctet(_ o: UInt8) {
        if o >= 100 {
            append(o / 100 &+ 48); append(o / 10 % 10 &+ 48); append(o % 10 &+ 48)
        } else if o >= 10 {
            append(o / 10 &+ 48); append(o % 10 &+ 48)
        } else {
            append(o &+ 48)
        }
    }

    /// Dotted quad of a host-order value.
    mutating func appendIPv4(_ a: UInt32) {
        appendOctet(UInt8(truncatingIfNeeded: a >> 24)); append(46)
        appendOctet(UInt8(truncatingIfNeeded: a >> 16)); append(46)
        appendOctet(UInt8(truncatingIfNeeded: a >> 8)); append(46)
        appendOctet(UInt8(truncatingIfNeeded: a))
    }

    mutating func appendHex16(_ w: UInt16) {
        var started = false
        for shift in stride(from: 12, through: 0, by: -4) {
            let nib = UInt8(truncatingIfNeeded: w >> UInt16(shift)) & 0xf
            if nib != 0 || started || shift == 0 {
                append(nib < 10 ? nib &+ 48 : nib &+ 87)
                started = true
            }
        }
    }

    /// IPv6 text as bgpdump's `fmt_ipv6` writes it: IPv4-mapped (`::ffff:a.b.c.d`) and
    /// IPv4-compatible (`::a.b.c.d`, last word > 1) forms; otherwise lowercase hex groups with
    /// the first longest run of zero groups, even a run of one, written as `::`.
    mutating func appendIPv6(_ a: IPv6Bytes) {
        func word(_ i: Int) -> UInt16 {
            let w = i < 4 ? a.hi : a.lo
            return UInt16(truncatingIfNeeded: w >> UInt64(48 - 16 * (i % 4)))
        }
        let low32 = UInt32(truncatingIfNeeded: a.lo)
        if a.hi == 0, a.lo >> 32 == 0xffff || (a.lo >> 32 == 0 && low32 > 1) {
            appendASCII("::")
            if a.lo >> 32 == 0xffff { appendASCII("ffff:") }
            appendIPv4(low32)
            return
        }
        var bestBase = -1, bestLen = 0, run = 0
        var i = 7
        var runAt = [Int](repeating: 0, count: 8)
        while i >= 0 {
            run = word(i) == 0 ? run + 1 : 0
            runAt[i] = run
            i -= 1
        }
        for k in 0..<8 where runAt[k] > bestLen { bestBase = k; bestLen = runAt[k] }
        i = 0
        while i < 8 {
            if i == bestBase {
                if i == 0 { append(58) }
                append(58)
                i += bestLen
                continue
            }
            appendHex16(word(i))
            if i != 7 { append(58) }
            i += 1
        }
    }
}
