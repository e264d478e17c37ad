import NetCore

/// A validated run of encoded prefixes (RFC 4271 §4.3 "length, prefix" pairs, each preceded by
/// a 4-byte path identifier under ADD-PATH, RFC 7911 §3). Holding the bytes instead of an array
/// of prefixes is what keeps UPDATE decoding free of per-prefix heap allocation: iteration
/// builds each `NLRI` on the stack from the shared buffer.
public struct NLRIList: Sequence, Hashable, Sendable {
    public let afi: AFI
    public let addPath: Bool
    /// The encoded entries (validated: every length in range, no trailing bytes).
    public let bytes: ArraySlice<UInt8>
    /// Number of entries.
    public let count: Int

    public var isEmpty: Bool { count == 0 }

    /// Why a run of NLRI bytes is malformed (RFC 7606 §5.3: the whole NLRI field is unusable).
    public enum Malformed: Error, Hashable, Sendable, CustomStringConvertible {
        case prefixLengthTooLong(offset: Int, length: UInt8, max: UInt8)
        case truncated(offset: Int)
        case unsupportedFamily(AFI)

        public var description: String {
            switch self {
            case let .prefixLengthTooLong(offset, length, max):
                "NLRI at byte \(offset): prefix length \(length) exceeds \(max)"
            case .truncated(let offset):
                "NLRI at byte \(offset): entry runs past the end of the field"
            case .unsupportedFamily(let afi):
                "NLRI of address family \(afi) cannot be parsed as prefixes"
            }
        }
    }

    /// Validates `bytes` as NLRI of `afi`. O(n), no allocation.
    public init(validating bytes: ArraySlice<UInt8>, afi: AFI, addPath: Bool) throws(Malformed) {
        let maxLen: UInt8
        switch afi {
        case .ipv4: maxLen = 32
        case .ipv6: maxLen = 128
        default: throw .unsupportedFamily(afi)
        }
        var i = bytes.startIndex
        var n = 0
        let end = bytes.endIndex
        while i < end {
            if addPath {
                guard end - i >= 5 else { throw .truncated(offset: i) }
                i += 4
            }
            let len = bytes[i]
            guard len <= maxLen else { throw .prefixLengthTooLong(offset: i, length: len, max: maxLen) }
            let octets = (Int(len) + 7) / 8
            guard end - i - 1 >= octets else { throw .truncated(offset: i) }
            i += 1 + octets
            n += 1
        }
        self.afi = afi
        self.addPath = addPath
        self.bytes = bytes
        self.count = n
    }

    /// Encodes `entries` (all of family `afi`). Entries without a path ID get 0 under ADD-PATH.
    public init(_ entries: [NLRI], afi: AFI, addPath: Bool) {
        var w = ByteWriter(capacity: entries.count * 5)
        for e in entries { NLRIList.encode(e, addPath: addPath, into: &w) }
        self.afi = afi
        self.addPath = addPath
        self.bytes = w.bytes[...]
        self.count = entries.count
    }

    /// Entries already encoded for `afi` / `addPath` (by `NLRIListBuilder`).
    init(encoded bytes: ArraySlice<UInt8>, afi: AFI, addPath: Bool, count: Int) {
        self.afi = afi
        self.addPath = addPath
        self.bytes = bytes
        self.count = count
    }

    public static let emptyIPv4 = NLRIList([], afi: .ipv4, addPath: false)

    public static func encode(_ e: NLRI, addPath: Bool, into w: inout ByteWriter) {
        if addPath { w.write(e.pathID ?? 0) }
        switch e.prefix {
        case .v4(let p):
            // Length octet and the significant address octets (RFC 4271 §4.3) in one append:
            // a write per octet was ~200 instructions per prefix sent (docs/benchmarks.md).
            w.writeLeading(1 + (Int(p.length) + 7) / 8, of: UInt64(p.length) << 56 | UInt64(p.address.rawValue) << 24)
        case .v6(let p):
            w.write(p.length)
            let n = (Int(p.length) + 7) / 8
            for k in 0..<n {
                let word = k < 8 ? p.address.high : p.address.low
                w.write(UInt8(truncatingIfNeeded: word >> UInt64(56 - 8 * (k % 8))))
            }
        }
    }

    /// Encoded size of one entry.
    public static func encodedSize(_ e: NLRI, addPath: Bool) -> Int {
        (addPath ? 4 : 0) + 1 + (Int(e.prefix.length) + 7) / 8
    }

    public struct Iterator: IteratorProtocol {
        let bytes: ArraySlice<UInt8>
        let afi: AFI
        let addPath: Bool
        var i: Int

        public mutating func next() -> NLRI? {
            guard i < bytes.endIndex else { return nil }
            var pathID: UInt32? = nil
            if addPath {
                pathID = UInt32(bytes[i]) << 24 | UInt32(bytes[i + 1]) << 16 | UInt32(bytes[i + 2]) << 8 | UInt32(bytes[i + 3])
                i += 4
            }
            let len = bytes[i]
            i += 1
            let octets = (Int(len) + 7) / 8
            // Host bits set on the wire are masked off by the prefix initialisers.
            if afi == .ipv4 {
                var raw: UInt32 = 0
                for k in 0..<octets { raw |= UInt32(bytes[i + k]) << UInt32(24 - 8 * k) }
                i += octets
                // Length was validated ≤ 32 at construction, so the initialiser cannot fail.
                guard let p = IPv4Prefix(address: IPv4Address(rawValue: raw), length: len) else { return nil }
                return NLRI(prefix: .v4(p), pathID: pathID)
            } else {
                var hi: UInt64 = 0, lo: UInt64 = 0
                for k in 0..<octets {
                    let b = UInt64(bytes[i + k])
                    if k < 8 { hi |= b << UInt64(56 - 8 * k) } else { lo |= b << UInt64(56 - 8 * (k - 8)) }
                }
                i += octets
                guard let p = IPv6Prefix(address: IPv6Address(high: hi, low: lo), length: len) else { return nil }
                return NLRI(prefix: .v6(p), pathID: pathID)
            }
        }
    }

    public func makeIterator() -> Iterator {
        Iterator(bytes: bytes, afi: afi, addPath: addPath, i: bytes.startIndex)
    }

    public var underestimatedCount: Int { count }

    /// Equality is by content, not by the position of the slice in its buffer.
    public static func == (l: NLRIList, r: NLRIList) -> Bool {
        l.afi == r.afi && l.addPath == r.addPath && l.count == r.count && l.bytes.elementsEqual(r.bytes)
    }

    public func hash(into h: inout Hasher) {
        h.combine(afi); h.combine(addPath); h.combine(count)
        for b in bytes { h.combine(b) }
    }
}

/// Builds an `NLRIList` one entry at a time, encoding each straight into the list's bytes
/// (UPDATE packing used to collect an `[NLRI]` and encode it afterwards).
public struct NLRIListBuilder: Sendable {
    private var writer: ByteWriter
    public let afi: AFI
    public let addPath: Bool
    /// Entries appended so far.
    public private(set) var count = 0

    public init(afi: AFI, addPath: Bool, capacity: Int = 64) {
        writer = ByteWriter(capacity: capacity)
        self.afi = afi
        self.addPath = addPath
    }

    /// Appends `entry` (of family `afi`; without a path ID it gets 0 under ADD-PATH).
    public mutating func append(_ entry: NLRI) {
        NLRIList.encode(entry, addPath: addPath, into: &writer)
        count += 1
    }

    /// The list of the entries appended.
    public var list: NLRIList { NLRIList(encoded: writer.bytes[...], afi: afi, addPath: addPath, count: count) }
}
