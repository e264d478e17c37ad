/// Decode/encode dispatch for whole BGP messages (RFC 4271 §4): a framed body goes to the
/// decoder of its type; encoding writes the 19-byte header (§4.1) in front of the body.
/// `decodeNext` and `decode(message:)` frame and decode in one call.

extension BGPMessage {
    /// Decodes the body of a message already framed as `type` (by `MessageFramer`, or taken
    /// from an MRT record). Each body decoder re-checks its own length, so a body that did not
    /// come through the framer gets the same errors.
    public static func decode(type: MessageType, body: ArraySlice<UInt8>,
                              context: DecodeContext) throws(WireError) -> BGPMessage {
        switch type {
        case .open:
            return .open(try OpenMessage.decode(body: body))
        case .update:
            return .update(try UpdateMessage.decode(body: body, context: context))
        case .notification:
            return .notification(try NotificationMessage.decode(body: body))
        case .keepalive:
            // RFC 4271 §4.4: a KEEPALIVE is the header alone.
            guard body.isEmpty else {
                throw MessageFramer.badLength(BGPHeader.length + body.count,
                                              "KEEPALIVE with a body of \(body.count) bytes")
            }
            return .keepalive
        case .routeRefresh:
            return .routeRefresh(try RouteRefreshMessage.decode(body: body))
        }
    }

    /// As above for a raw type octet: an unknown type is 1/3 Bad Message Type (RFC 4271 §6.1).
    public static func decode(rawType: UInt8, body: ArraySlice<UInt8>,
                              context: DecodeContext) throws(WireError) -> BGPMessage {
        guard let type = MessageType(rawValue: rawType) else {
            throw WireError(NotificationMessage(MessageHeaderErrorSubcode.badMessageType, data: [rawType]),
                            "unknown message type \(rawType)")
        }
        return try decode(type: type, body: body, context: context)
    }

    /// Frames and decodes the message at the start of `buffer`; nil when it is not all there
    /// yet. `length` is how many bytes of `buffer` it used.
    public static func decodeNext(from buffer: ArraySlice<UInt8>,
                                  context: DecodeContext) throws(WireError) -> (message: BGPMessage, length: Int)? {
        switch try MessageFramer.frame(buffer, maxMessageLength: context.maxMessageLength) {
        case .needMoreBytes:
            return nil
        case let .message(type, body, totalLength):
            return (try decode(type: type, body: body, context: context), totalLength)
        }
    }

    /// Decodes `bytes` holding exactly one whole message (header included). Missing bytes or
    /// bytes after the message are 1/2 Bad Message Length with the header's length field.
    public static func decode(message bytes: ArraySlice<UInt8>, context: DecodeContext) throws(WireError) -> BGPMessage {
        guard let (message, length) = try decodeNext(from: bytes, context: context) else {
            throw truncation(bytes, "message truncated: \(bytes.count) bytes")
        }
        guard length == bytes.count else {
            throw truncation(bytes, "\(bytes.count - length) bytes after a \(length)-byte message")
        }
        return message
    }

    public static func decode(message bytes: [UInt8], context: DecodeContext) throws(WireError) -> BGPMessage {
        try decode(message: bytes[...], context: context)
    }

    private static func truncation(_ bytes: ArraySlice<UInt8>, _ reason: String) -> WireError {
        let i = bytes.startIndex
        let field = bytes.count >= 18 ? [bytes[i + 16], bytes[i + 17]] : []
        return WireError(NotificationMessage(MessageHeaderErrorSubcode.badMessageLength, data: field), reason)
    }

    /// The message body (no header).
    public func encodeBody(context: EncodeContext) -> [UInt8] {
        switch self {
        case .open(let open): open.encode()
        case .update(let update): update.encode(context: context)
        case .notification(let notification): notification.encode()
        case .keepalive: []
        case .routeRefresh(let refresh): refresh.encode()
        }
    }

    /// The whole message: marker, length, type, body. The caller keeps the message within the
    /// negotiated size (`context.maxMessageLength`); UPDATE packing is where that is decided.
    public func encode(context: EncodeContext) -> [UInt8] {
        if case .update(let update) = self {
            // One buffer, header first: the full table sends ~89,000 UPDATEs, and encoding the
            // body on its own and then copying it behind a header showed in the profile.
            var w = ByteWriter(capacity: BGPHeader.length + update.encodedBodyCapacity(context: context))
            w.write(contentsOf: BGPMessage.updateHeader)
            update.encode(into: &w, context: context)
            w.set(UInt16(clamping: w.count), at: BGPHeader.markerLength)
            return w.bytes
        }
        let body = encodeBody(context: context)
        var out = MessageFramer.header(type: type, bodyLength: body.count)
        out.reserveCapacity(BGPHeader.length + body.count)
        out.append(contentsOf: body)
        return out
    }

    /// An UPDATE header with its length field 0, patched by `encode`.
    static let updateHeader: [UInt8] = MessageFramer.header(type: .update, bodyLength: -BGPHeader.length)

    /// A KEEPALIVE on the wire (RFC 4271 §4.4), ready to send.
    public static let keepaliveBytes: [UInt8] = MessageFramer.header(type: .keepalive, bodyLength: 0)
}
