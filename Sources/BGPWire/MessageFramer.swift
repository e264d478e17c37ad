/// Framing: is there one whole BGP message at the start of this buffer? (RFC 4271 §4.1 header,
/// §6.1 header checks.) Framing is separate from parsing: the framer only looks at the 19-byte
/// header (and, for a ROUTE-REFRESH of the wrong length, at the whole message, RFC 7313 §5),
/// and hands back the body as a slice of the caller's buffer, without copying.
///
/// A socket layer keeps one growing buffer, calls `frame` after every read, and on `.message`
/// decodes the body and then drops `totalLength` bytes from the front; on `.needMoreBytes` it
/// reads more. Every header error is found as soon as the bytes that show it have arrived.

public struct MessageFramer: Hashable, Sendable {
    /// Largest acceptable message: 4096 (RFC 4271 §4), or 65535 once Extended Messages are
    /// negotiated (RFC 8654 §4).
    public var maxMessageLength: Int

    public init(maxMessageLength: Int = BGPHeader.maxLength) {
        self.maxMessageLength = maxMessageLength
    }

    public init(context: DecodeContext) {
        self.maxMessageLength = context.maxMessageLength
    }

    /// What the start of a buffer holds.
    public enum Outcome: Hashable, Sendable {
        /// Not yet a whole message (possibly not even a whole header); nothing wrong so far.
        case needMoreBytes
        /// One whole message: its type, its body (a slice of the input, sharing its indices and
        /// storage) and the number of bytes it occupies from the start of the buffer.
        case message(type: MessageType, body: ArraySlice<UInt8>, totalLength: Int)
    }

    /// Frames the message at the start of `buffer` (RFC 4271 §6.1). Throws the NOTIFICATION to
    /// send when the header is bad:
    /// - marker not all ones → 1/1 Connection Not Synchronized (checked byte by byte as the
    ///   marker arrives);
    /// - length < 19 or > `maxMessageLength` → 1/2 Bad Message Length, data = the length field;
    /// - unknown type → 1/3 Bad Message Type, data = the type octet;
    /// - length wrong for the type (OPEN ≥ 29 and ≤ 4096 per RFC 8654 §4, UPDATE ≥ 23,
    ///   KEEPALIVE = 19, NOTIFICATION ≥ 21, ROUTE-REFRESH = 23) → 1/2 with the length field,
    ///   except a ROUTE-REFRESH of subtype BoRR/EoRR → 7/1 with the whole message (RFC 7313 §5).
    public func frame(_ buffer: ArraySlice<UInt8>) throws(WireError) -> Outcome {
        try MessageFramer.frame(buffer, maxMessageLength: maxMessageLength)
    }

    /// `frame` without keeping a framer value around.
    public static func frame(_ buffer: ArraySlice<UInt8>, maxMessageLength: Int) throws(WireError) -> Outcome {
        let start = buffer.startIndex
        let available = buffer.count
        let markerBytes = min(available, BGPHeader.markerLength)
        for k in 0..<markerBytes where buffer[start + k] != 0xFF {
            throw WireError(NotificationMessage(MessageHeaderErrorSubcode.connectionNotSynchronized),
                            "message header: marker byte \(k) is \(buffer[start + k]), not 255")
        }
        guard available >= BGPHeader.markerLength + 2 else { return .needMoreBytes }
        let length = Int(buffer[start + 16]) << 8 | Int(buffer[start + 17])
        guard length >= BGPHeader.length, length <= maxMessageLength else {
            throw badLength(length,
                            "message header: length \(length) is outside 19...\(maxMessageLength)")
        }
        guard available >= BGPHeader.length else { return .needMoreBytes }
        let rawType = buffer[start + 18]
        guard let type = MessageType(rawValue: rawType) else {
            throw WireError(NotificationMessage(MessageHeaderErrorSubcode.badMessageType, data: [rawType]),
                            "message header: unknown message type \(rawType)")
        }
        if !lengthFits(type, length) {
            if type == .routeRefresh {
                // RFC 7313 §5 needs the subtype and the whole message: wait for all of it.
                guard available >= length else { return .needMoreBytes }
                throw RouteRefreshMessage.lengthError(message: buffer.prefix(length))
            }
            throw badLength(length, "message header: length \(length) is invalid for \(type)")
        }
        guard available >= length else { return .needMoreBytes }
        let body = buffer[(start + BGPHeader.length)..<(start + length)]
        return .message(type: type, body: body, totalLength: length)
    }

    /// The per-type length rules of RFC 4271 §6.1 (minimum OPEN 29, UPDATE 23, NOTIFICATION 21,
    /// KEEPALIVE exactly 19), RFC 2918 §3 (ROUTE-REFRESH exactly 23) and RFC 8654 §4 (OPEN is
    /// never an extended message).
    public static func lengthFits(_ type: MessageType, _ length: Int) -> Bool {
        switch type {
        case .open: length >= 29 && length <= BGPHeader.maxLength
        case .update: length >= 23
        case .notification: length >= 21
        case .keepalive: length == 19
        case .routeRefresh: length == 23
        }
    }

    /// 1/2 Bad Message Length whose data is the 2-octet length field of a message of `length`
    /// bytes (used by the body decoders, which may be called without the framer, e.g. by MRT).
    static func badLength(_ length: Int, _ reason: String) -> WireError {
        let field = UInt16(clamping: length)
        return WireError(NotificationMessage(MessageHeaderErrorSubcode.badMessageLength,
                                             data: [UInt8(field >> 8), UInt8(field & 0xFF)]), reason)
    }

    /// The 19-byte header for a message of `type` with a body of `bodyLength` bytes.
    /// The length field saturates at 65535; callers keep messages within the negotiated size.
    public static func header(type: MessageType, bodyLength: Int) -> [UInt8] {
        var h = [UInt8](repeating: 0xFF, count: BGPHeader.markerLength)
        let length = UInt16(clamping: BGPHeader.length + bodyLength)
        h.append(UInt8(length >> 8))
        h.append(UInt8(length & 0xFF))
        h.append(type.rawValue)
        return h
    }
}

extension MessageType: CustomStringConvertible {
    public var description: String {
        switch self {
        case .open: "OPEN"
        case .update: "UPDATE"
        case .notification: "NOTIFICATION"
        case .keepalive: "KEEPALIVE"
        case .routeRefresh: "ROUTE-REFRESH"
        }
    }
}
