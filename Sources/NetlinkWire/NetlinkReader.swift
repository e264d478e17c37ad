/// A bounds-checked cursor over netlink bytes: host byte order (little-endian) integers, plus
/// big-endian reads for the few network-order fields. Every read succeeds or throws
/// `NetlinkDecodeError.truncated`; nothing reads past the end. Integers are assembled byte by
/// byte, so unaligned offsets are harmless (no `load` at an unaligned address).
public struct NetlinkReader: Sendable {
    /// The unread bytes (indices are those of the underlying array).
    public private(set) var bytes: ArraySlice<UInt8>
    /// What is being read, for error messages ("rtmsg", "RTA_MULTIPATH"…).
    public var context: String

    public init(_ bytes: ArraySlice<UInt8>, context: String = "message") {
        self.bytes = bytes
        self.context = context
    }

    public init(_ bytes: [UInt8], context: String = "message") { self.init(bytes[...], context: context) }

    public var remaining: Int { bytes.count }
    public var isAtEnd: Bool { bytes.isEmpty }

    @inline(__always)
    private func need(_ n: Int) throws(NetlinkDecodeError) {
        if n < 0 || n > bytes.count {
            throw .truncated(context: context, needed: n, available: bytes.count)
        }
    }

    public mutating func readUInt8() throws(NetlinkDecodeError) -> UInt8 {
        try need(1)
        let v = bytes[bytes.startIndex]
        bytes = bytes.dropFirst()
        return v
    }

    /// Host (little-endian) order.
    public mutating func readUInt16() throws(NetlinkDecodeError) -> UInt16 {
        try need(2)
        let i = bytes.startIndex
        let v = UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8
        bytes = bytes.dropFirst(2)
        return v
    }

    /// Host (little-endian) order.
    public mutating func readUInt32() throws(NetlinkDecodeError) -> UInt32 {
        try need(4)
        let i = bytes.startIndex
        let v = UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24
        bytes = bytes.dropFirst(4)
        return v
    }

    public mutating func readInt32() throws(NetlinkDecodeError) -> Int32 {
        Int32(bitPattern: try readUInt32())
    }

    /// Network (big-endian) order, e.g. IFLA_VXLAN_PORT.
    public mutating func readUInt16BigEndian() throws(NetlinkDecodeError) -> UInt16 {
        try need(2)
        let i = bytes.startIndex
        let v = UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1])
        bytes = bytes.dropFirst(2)
        return v
    }

    /// The next `count` bytes, sharing storage.
    public mutating func readSlice(_ count: Int) throws(NetlinkDecodeError) -> ArraySlice<UInt8> {
        try need(count)
        let s = bytes.prefix(count)
        bytes = bytes.dropFirst(count)
        return s
    }

    public mutating func skip(_ count: Int) throws(NetlinkDecodeError) {
        try need(count)
        bytes = bytes.dropFirst(count)
    }

    /// Skips up to `count` bytes (alignment padding may be missing after the last item).
    public mutating func skipPadding(_ count: Int) {
        bytes = bytes.dropFirst(max(0, min(count, bytes.count)))
    }

    /// Everything left; the reader is then at its end.
    public mutating func readRest() -> ArraySlice<UInt8> {
        let s = bytes
        bytes = bytes.suffix(0)
        return s
    }
}
