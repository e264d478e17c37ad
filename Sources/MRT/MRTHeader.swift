/// The MRT common header (RFC 6396 §2) and the extended-timestamp header of the `_ET` types
/// (RFC 6396 §3), plus `MRTFramer`, which finds whole records in a byte stream.
public struct MRTHeader: Hashable, Sendable {
    /// Seconds since the Unix epoch.
    public var timestamp: UInt32
    public var type: UInt16
    public var subtype: UInt16
    /// Length of the message body, excluding the ET microsecond field (RFC 6396 §3: the
    /// length on the wire includes it; it is subtracted here).
    public var length: UInt32
    /// Microseconds, present for the `_ET` types only.
    public var microseconds: UInt32?

    public init(timestamp: UInt32, type: UInt16, subtype: UInt16, length: UInt32, microseconds: UInt32? = nil) {
        self.timestamp = timestamp; self.type = type; self.subtype = subtype
        self.length = length; self.microseconds = microseconds
    }

    /// Bytes the header occupies on the wire: 12, or 16 with the microsecond field.
    public var wireLength: Int { microseconds == nil ? 12 : 16 }

    /// Types whose header carries microseconds (RFC 6396 §3: BGP4MP_ET, ISIS_ET, OSPFv3_ET).
    public static func hasExtendedTimestamp(_ type: UInt16) -> Bool { type == 17 || type == 33 || type == 49 }
}

/// A framing failure or a truncated stream, with the byte offset (in the decompressed stream) of
/// the record it concerns.
public struct MRTError: Error, Hashable, Sendable, CustomStringConvertible {
    public var offset: Int
    public var reason: String
    public init(offset: Int, reason: String) { self.offset = offset; self.reason = reason }
    public var description: String { "record at byte offset \(offset): \(reason)" }
}

/// Finds record boundaries. Framing is separate from parsing: a record's body is only handed on
/// when all of it is present.
public enum MRTFramer {
    public enum Frame: Sendable {
        /// A whole record: its header and the index range of its body in the buffer.
        case record(MRTHeader, body: Range<Int>)
        /// The buffer ends before this record does.
        case needMore
        /// The header cannot be right (reason given); reading cannot go on.
        case malformed(String)
    }

    /// Reads the record that starts at `start` in `bytes`.
    public static func frame(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Frame {
        let available = bytes.count - start
        guard available >= 12 else { return .needMore }
        func u32(_ i: Int) -> UInt32 {
            UInt32(bytes[i]) << 24 | UInt32(bytes[i + 1]) << 16 | UInt32(bytes[i + 2]) << 8 | UInt32(bytes[i + 3])
        }
        let type = UInt16(bytes[start + 4]) << 8 | UInt16(bytes[start + 5])
        let subtype = UInt16(bytes[start + 6]) << 8 | UInt16(bytes[start + 7])
        var header = MRTHeader(timestamp: u32(start), type: type, subtype: subtype, length: u32(start + 8))
        if MRTHeader.hasExtendedTimestamp(type) {
            guard header.length >= 4 else {
                return .malformed("\(MRTType.name(type)) length field is \(header.length), too short for its 4-byte microsecond timestamp (RFC 6396 §3)")
            }
            guard available >= 16 else { return .needMore }
            header.microseconds = u32(start + 12)
            header.length -= 4
        }
        let bodyStart = start + header.wireLength
        // Compare in Int: a length near UInt32.max must not overflow (Int is 64-bit on Linux).
        guard bytes.count - bodyStart >= Int(header.length) else { return .needMore }
        return .record(header, body: bodyStart..<(bodyStart + Int(header.length)))
    }

    /// The error for a stream that ends in the middle of the record at `start` (`remaining`
    /// bytes of it present).
    public static func truncation(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, streamOffset: Int) -> MRTError {
        let remaining = bytes.count - start
        if remaining < 12 {
            return MRTError(offset: streamOffset, reason: "truncated MRT header: the file ends \(remaining) byte\(remaining == 1 ? "" : "s") into a 12-byte header")
        }
        let type = UInt16(bytes[start + 4]) << 8 | UInt16(bytes[start + 5])
        if MRTHeader.hasExtendedTimestamp(type) && remaining < 16 {
            return MRTError(offset: streamOffset, reason: "truncated MRT header: the file ends \(remaining) bytes into a 16-byte \(MRTType.name(type)) header")
        }
        let hl = MRTHeader.hasExtendedTimestamp(type) ? 16 : 12
        var length = UInt32(bytes[start + 8]) << 24 | UInt32(bytes[start + 9]) << 16
        length |= UInt32(bytes[start + 10]) << 8 | UInt32(bytes[start + 11])
        if hl == 16 { length -= 4 }
        let subtype = UInt16(bytes[start + 6]) << 8 | UInt16(bytes[start + 7])
        return MRTError(offset: streamOffset, reason: "truncated \(MRTType.name(type, subtype: subtype)) record: the length field says \(length) body bytes but only \(remaining - hl) remain in the file")
    }
}
