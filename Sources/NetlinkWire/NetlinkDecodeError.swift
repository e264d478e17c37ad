/// Why bytes received from the kernel could not be decoded. Decoding never traps; every
/// malformed length, truncated struct or impossible value ends up here, with context.
public enum NetlinkDecodeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A fixed-size read needed more bytes than were left (`context` names the struct or attribute).
    case truncated(context: String, needed: Int, available: Int)
    /// nlmsg_len smaller than the header or larger than what is left of the datagram.
    case badMessageLength(length: Int, available: Int)
    /// nla_len smaller than the attribute header or larger than what is left.
    case badAttributeLength(type: UInt16, length: Int, available: Int)
    /// An attribute whose payload does not fit its type (e.g. a 3-byte IPv4 address).
    case badAttribute(type: UInt16, context: String)
    /// A message of a type this decoder was not asked to handle (e.g. RTM_NEWLINK to Route).
    case unexpectedMessageType(UInt16)
    /// An address family this module does not model where one is required.
    case unsupportedFamily(UInt8)
    /// A prefix length beyond the family's maximum.
    case badPrefixLength(UInt8)

    public var description: String {
        switch self {
        case let .truncated(context, needed, available):
            "truncated \(context): needed \(needed) bytes, \(available) left"
        case let .badMessageLength(length, available):
            "bad nlmsg_len \(length) (\(available) bytes left in datagram)"
        case let .badAttributeLength(type, length, available):
            "bad length \(length) for attribute \(type) (\(available) bytes left)"
        case let .badAttribute(type, context):
            "malformed attribute \(type) in \(context)"
        case let .unexpectedMessageType(t):
            "unexpected message type \(t)"
        case let .unsupportedFamily(f):
            "unsupported address family \(f)"
        case let .badPrefixLength(l):
            "bad prefix length \(l)"
        }
    }
}
