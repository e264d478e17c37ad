/// Appends big-endian integers and byte runs; supports back-patching a length field written
/// before its content (`reserveLength` / `patchLength`).
public struct ByteWriter: Sendable {
    public private(set) var bytes: [UInt8]

    public init(capacity: Int = 64) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    public var count: Int { bytes.count }

    public mutating func write(_ v: UInt8) { bytes.append(v) }

    public mutating func write(_ v: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: v >> 8))
        bytes.append(UInt8(truncatingIfNeeded: v))
    }

    public mutating func write(_ v: UInt32) {
        bytes.append(UInt8(truncatingIfNeeded: v >> 24))
        bytes.append(UInt8(truncatingIfNeeded: v >> 16))
        bytes.append(UInt8(truncatingIfNeeded: v >> 8))
        bytes.append(UInt8(truncatingIfNeeded: v))
    }

    public mutating func write(_ v: UInt64) {
        write(UInt32(truncatingIfNeeded: v >> 32))
        write(UInt32(truncatingIfNeeded: v))
    }

    /// Appends the first `count` (0…8) octets of `v` in big-endian order, in one append.
    public mutating func writeLeading(_ count: Int, of v: UInt64) {
        precondition(count >= 0 && count <= 8, "ByteWriter.writeLeading: \(count) octets of a UInt64")
        withUnsafeBytes(of: v.bigEndian) { bytes.append(contentsOf: $0[..<count]) }
    }

    public mutating func write<S: Sequence>(contentsOf s: S) where S.Element == UInt8 {
        bytes.append(contentsOf: s)
    }

    /// Reserves a 1- or 2-byte length field; returns its offset for `patchLength`.
    public mutating func reserveLength(width: Int) -> Int {
        let at = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: width))
        return at
    }

    /// Overwrites two bytes at `offset` with `v` (big-endian).
    mutating func set(_ v: UInt16, at offset: Int) {
        bytes[offset] = UInt8(truncatingIfNeeded: v >> 8)
        bytes[offset + 1] = UInt8(truncatingIfNeeded: v)
    }

    /// Writes the number of bytes written after the field at `offset` into that field.
    /// Returns false (and leaves the field) if the length does not fit the width.
    @discardableResult
    public mutating func patchLength(at offset: Int, width: Int) -> Bool {
        let length = bytes.count - offset - width
        switch width {
        case 1:
            guard length <= 0xff else { return false }
            bytes[offset] = UInt8(length)
        case 2:
            guard length <= 0xffff else { return false }
            bytes[offset] = UInt8(truncatingIfNeeded: length >> 8)
            bytes[offset + 1] = UInt8(truncatingIfNeeded: length)
        default:
            return false
        }
        return true
    }
}
