/// ROUTE-REFRESH encode/decode (RFC 2918 §3: AFI, reserved octet, SAFI), with the reserved
/// octet read as the Message Subtype of RFC 7313 §3.2 (0 normal, 1 BoRR, 2 EoRR; any other value
/// is kept, and RFC 7313 §5 tells the session to ignore such a message).
import NetCore

extension RouteRefreshMessage {
    /// The body length: AFI (2), subtype (1), SAFI (1).
    public static let bodyLength = 4

    /// Decodes a ROUTE-REFRESH body. A body that is not 4 bytes is refused as the framer would
    /// refuse it (see `lengthError(message:)`); the header is rebuilt for the error's data.
    public static func decode(body: ArraySlice<UInt8>) throws(WireError) -> RouteRefreshMessage {
        guard body.count == bodyLength else {
            let whole = MessageFramer.header(type: .routeRefresh, bodyLength: body.count) + Array(body)
            throw lengthError(message: whole[...])
        }
        let i = body.startIndex
        let afi = UInt16(body[i]) << 8 | UInt16(body[i + 1])
        return RouteRefreshMessage(family: AddressFamily(afi: AFI(rawValue: afi), safi: SAFI(rawValue: body[i + 3])),
                                   subtypeRaw: body[i + 2])
    }

    /// The body: AFI, subtype, SAFI.
    public func encode() -> [UInt8] {
        [UInt8(family.afi.rawValue >> 8), UInt8(family.afi.rawValue & 0xFF), subtypeRaw, family.safi.rawValue]
    }

    /// The error for a ROUTE-REFRESH `message` (header included) whose length is not 23.
    /// RFC 7313 §5: when the subtype is BoRR or EoRR, 7/1 Invalid Message Length with the complete
    /// message as data. Otherwise (subtype 0, or too short to hold one) RFC 7313 says nothing and
    /// the RFC 4271 §6.1 header rule applies: 1/2 Bad Message Length with the length field.
    public static func lengthError(message: ArraySlice<UInt8>) -> WireError {
        let subtypeIndex = message.startIndex + BGPHeader.length + 2
        if message.count > BGPHeader.length + 2,
           let subtype = Subtype(rawValue: message[subtypeIndex]), subtype != .normal {
            return WireError(NotificationMessage(RouteRefreshErrorSubcode.invalidMessageLength, data: Array(message)),
                             "ROUTE-REFRESH (\(subtype == .beginning ? "BoRR" : "EoRR")) of \(message.count) bytes, not 23")
        }
        return MessageFramer.badLength(message.count, "ROUTE-REFRESH of \(message.count) bytes, not 23")
    }
}
