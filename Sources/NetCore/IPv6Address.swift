/// An IPv6 address as two host-order 64-bit halves (numeric comparison, no heap storage).
public struct IPv6Address: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var high: UInt64
    public var low: UInt64

    public init(high: UInt64, low: UInt64) { self.high = high; self.low = low }

    /// From 16 network-order bytes; nil if `bytes.count != 16`.
    public init?<C: Collection>(bytes: C) where C.Element == UInt8 {
        guard bytes.count == 16 else { return nil }
        var h: UInt64 = 0, l: UInt64 = 0
        var i = 0
        for b in bytes {
            if i < 8 { h = h << 8 | UInt64(b) } else { l = l << 8 | UInt64(b) }
            i += 1
        }
        high = h; low = l
    }

    public var bytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(16)
        for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: high >> UInt64(shift))) }
        for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: low >> UInt64(shift))) }
        return out
    }

    /// The eight 16-bit groups.
    public var groups: [UInt16] {
        (0..<8).map { i in
            let word = i < 4 ? high : low
            return UInt16(truncatingIfNeeded: word >> UInt64((3 - i % 4) * 16))
        }
    }

    public init(groups g: [UInt16]) {
        precondition(g.count == 8, "IPv6Address(groups:) needs 8 groups")
        var h: UInt64 = 0, l: UInt64 = 0
        for i in 0..<4 { h = h << 16 | UInt64(g[i]) }
        for i in 4..<8 { l = l << 16 | UInt64(g[i]) }
        high = h; low = l
    }

    /// Parses RFC 4291 §2.2 text forms, including `::` and an embedded dotted IPv4 tail.
    public init?(_ text: some StringProtocol) {
        let s = String(text)
        guard !s.isEmpty, s.utf8.count <= 45 else { return nil }
        let halves = s.components(separatedByDoubleColon: ())
        guard let halves else { return nil }
        func parseGroups(_ part: Substring, allowV4Tail: Bool) -> [UInt16]? {
            if part.isEmpty { return [] }
            var out = [UInt16]()
            let fields = part.split(separator: ":", omittingEmptySubsequences: false)
            for (i, f) in fields.enumerated() {
                if allowV4Tail, i == fields.count - 1, f.contains(".") {
                    guard let v4 = IPv4Address(f) else { return nil }
                    out.append(UInt16(v4.rawValue >> 16)); out.append(UInt16(v4.rawValue & 0xffff))
                    continue
                }
                guard (1...4).contains(f.utf8.count), let v = UInt16(f, radix: 16) else { return nil }
                out.append(v)
            }
            return out
        }
        if halves.count == 1 {
            guard let g = parseGroups(halves[0], allowV4Tail: true), g.count == 8 else { return nil }
            self.init(groups: g)
        } else {
            guard let a = parseGroups(halves[0], allowV4Tail: false),
                  let b = parseGroups(halves[1], allowV4Tail: true),
                  a.count + b.count <= 7 else { return nil }
            self.init(groups: a + Array(repeating: 0, count: 8 - a.count - b.count) + b)
        }
    }

    /// RFC 5952 canonical text: lowercase, longest run (≥2) of zero groups as `::`.
    public var description: String {
        let g = groups
        var bestStart = -1, bestLen = 0, i = 0
        while i < 8 {
            if g[i] == 0 {
                var j = i
                while j < 8, g[j] == 0 { j += 1 }
                if j - i > bestLen, j - i >= 2 { bestStart = i; bestLen = j - i }
                i = j
            } else { i += 1 }
        }
        func hex(_ r: Range<Int>) -> String { r.map { String(g[$0], radix: 16) }.joined(separator: ":") }
        if bestStart < 0 { return hex(0..<8) }
        return hex(0..<bestStart) + "::" + hex((bestStart + bestLen)..<8)
    }

    public static func < (lhs: IPv6Address, rhs: IPv6Address) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }

    public static let zero = IPv6Address(high: 0, low: 0)
}

extension String {
    /// Splits at the single `::` of an IPv6 text; nil when there is more than one.
    fileprivate func components(separatedByDoubleColon _: Void) -> [Substring]? {
        guard let r = range(of: "::") else { return [self[...]] }
        let rest = self[r.upperBound...]
        if rest.contains("::") { return nil }
        return [self[..<r.lowerBound], rest]
    }

    private func range(of needle: String) -> Range<String.Index>? {
        var idx = startIndex
        while idx < endIndex {
            if self[idx...].hasPrefix(needle) { return idx..<index(idx, offsetBy: needle.count) }
            idx = index(after: idx)
        }
        return nil
    }
}
