/// One netlink attribute (struct nlattr / struct rtattr, <linux/netlink.h>): type, flags and
import NetCore
/// payload. Unknown attributes survive decoding as these raw values, so nothing is lost and
/// nothing unknown is misread.
public struct NetlinkAttribute: Hashable, Sendable {
    /// nla_type with NLA_F_NESTED and NLA_F_NET_BYTEORDER masked off.
    public var type: UInt16
    public var isNested: Bool
    public var isNetworkByteOrder: Bool
    public var payload: ArraySlice<UInt8>

    public init(type: UInt16, isNested: Bool = false, isNetworkByteOrder: Bool = false, payload: ArraySlice<UInt8>) {
        self.type = type
        self.isNested = isNested
        self.isNetworkByteOrder = isNetworkByteOrder
        self.payload = payload
    }

    /// Parses a run of attributes (the tail of a message or a nested attribute's payload).
    public static func parse(_ bytes: ArraySlice<UInt8>) throws(NetlinkDecodeError) -> [NetlinkAttribute] {
        var out: [NetlinkAttribute] = []
        var reader = NetlinkReader(bytes, context: "nlattr")
        while !reader.isAtEnd {
            let available = reader.remaining
            let length = Int(try reader.readUInt16())
            let rawType = try reader.readUInt16()
            guard length >= Netlink.attributeHeaderLength, length <= available else {
                throw .badAttributeLength(type: rawType & NLA.typeMask, length: length, available: available)
            }
            let payload = try reader.readSlice(length - Netlink.attributeHeaderLength)
            out.append(NetlinkAttribute(
                type: rawType & NLA.typeMask,
                isNested: rawType & NLA.nested != 0,
                isNetworkByteOrder: rawType & NLA.netByteOrder != 0,
                payload: payload))
            reader.skipPadding(Netlink.align(length) - length)
        }
        return out
    }

    // MARK: typed payloads (each checks the exact size)

    private func exact(_ n: Int, _ context: String) throws(NetlinkDecodeError) -> NetlinkReader {
        guard payload.count == n else { throw .badAttribute(type: type, context: context) }
        return NetlinkReader(payload, context: context)
    }

    public func uint8() throws(NetlinkDecodeError) -> UInt8 {
        var r = try exact(1, "u8"); return try r.readUInt8()
    }

    public func uint16() throws(NetlinkDecodeError) -> UInt16 {
        var r = try exact(2, "u16"); return try r.readUInt16()
    }

    public func uint16BigEndian() throws(NetlinkDecodeError) -> UInt16 {
        var r = try exact(2, "be16"); return try r.readUInt16BigEndian()
    }

    public func uint32() throws(NetlinkDecodeError) -> UInt32 {
        var r = try exact(4, "u32"); return try r.readUInt32()
    }

    /// A NUL-terminated (or unterminated) string; invalid UTF-8 is repaired, never trapped on.
    public func string() -> String {
        let text = payload.prefix { $0 != 0 }
        return String(decoding: text, as: UTF8.self)
    }

    /// The payload as nested attributes.
    public func nested() throws(NetlinkDecodeError) -> [NetlinkAttribute] {
        try NetlinkAttribute.parse(payload)
    }

    /// An IPv4 (4 bytes) or IPv6 (16 bytes) address.
    public func address() throws(NetlinkDecodeError) -> IPAddress {
        guard let a = IPAddress(wireBytes: payload) else { throw .badAttribute(type: type, context: "address") }
        return a
    }

    /// An address of the given family (AF_INET / AF_INET6).
    public func address(family: UInt8) throws(NetlinkDecodeError) -> IPAddress {
        let a = try address()
        guard a.netlinkFamily == family else { throw .badAttribute(type: type, context: "address of family \(family)") }
        return a
    }
}

extension Array where Element == NetlinkAttribute {
    /// The first attribute of `type` (the kernel never repeats the ones modelled here).
    public func first(_ type: UInt16) -> NetlinkAttribute? { first { $0.type == type } }
}
