/// A bounds-checked cursor over bytes. Every read either succeeds or throws
/// `ByteReader.Underflow`; nothing ever reads past `bytes.endIndex`.
public struct ByteReader: Sendable {
    /// The unread bytes (indices are those of the underlying array: slices share storage).
    public private(set) var bytes: ArraySlice<UInt8>

    /// Thrown when a read needs more bytes than remain; callers map it to the RFC error that fits.
    public struct Underflow: Error, Hashable, Sendable {
        public var needed: Int
        public var available: Int
    }

    public init(_ bytes: ArraySlice<UInt8>) { self.bytes = bytes }
    public init(_ bytes: [UInt8]) { self.bytes = bytes[...] }

    public var remaining: Int { bytes.count }
    public var isAtEnd: Bool { bytes.isEmpty }
    /// Index (in the underlying array) of the next unread byte; used for error offsets.
    public var position: Int { bytes.startIndex }

    @inline(__always)
    private func need(_ n: Int) throws(Underflow) {
        if n > bytes.count || n < 0 { throw Underflow(needed: n, available: bytes.count) }
    }

    public mutating func readUInt8() throws(Underflow) -> UInt8 {
        try need(1)
        let v = bytes[bytes.startIndex]
        bytes = bytes.dropFirst()
        return v
    }

    public mutating func readUInt16() throws(Underflow) -> UInt16 {
        try need(2)
        let i = bytes.startIndex
        let v = UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1])
        bytes = bytes.dropFirst(2)
        return v
    }

    public mutating func readUInt32() throws(Underflow) -> UInt32 {
        try need(4)
        let i = bytes.startIndex
        let v = UInt32(bytes[i]) << 24 | UInt32(bytes[i + 1]) << 16 | UInt32(bytes[i + 2]) << 8 | UInt32(bytes[i + 3])
        bytes = bytes.dropFirst(4)
        return v
    }

    public mutating func readUInt64() throws(Underflow) -> UInt64 {
        let hi = try readUInt32()
        let lo = try readUInt32()
        return UInt64(hi) << 32 | UInt64(lo)
    }

    /// The next `count` bytes as a slice sharing storage (no copy).
    public mutating func readSlice(_ count: Int) throws(Underflow) -> ArraySlice<UInt8> {
        try need(count)
        let s = bytes.prefix(count)
        bytes = bytes.dropFirst(count)
        return s
    }

    /// The next `count` bytes copied into a new array.
    public mutating func readBytes(_ count: Int) throws(Underflow) -> [UInt8] {
        Array(try readSlice(count))
    }

    /// A sub-reader over the next `count` bytes; this reader moves past them.
    public mutating func subReader(_ count: Int) throws(Underflow) -> ByteReader {
        ByteReader(try readSlice(count))
    }

    public mutating func skip(_ count: Int) throws(Underflow) {
        try need(count)
        bytes = bytes.dropFirst(count)
    }

    /// All remaining bytes (shared storage); the reader is then at its end.
    public mutating func readRest() -> ArraySlice<UInt8> {
        let s = bytes
        bytes = bytes.suffix(0)
        return s
    }

    /// Peek without consuming.
    public func peekUInt8() throws(Underflow) -> UInt8 {
        try need(1)
        return bytes[bytes.startIndex]
    }
}
