/// OPEN encode/decode (RFC 4271 §4.2) with capabilities (RFC 5492) and the extended optional
/// parameters length of RFC 9072.
///
/// Decoding checks only what makes the bytes unreadable; RFC 4271 §6.2 says every error found
/// while processing an OPEN is code 2, and a recognised but malformed optional parameter is
/// 2/0 Unspecific. So: body shorter than 10 → 1/2 (header rule, RFC 4271 §6.1); optional
/// parameters length disagreeing with the message length, a parameter or capability running past
/// its container, a truncated RFC 9072 header → 2/0. Value checks that need configuration or
/// policy (version 2/1, peer AS 2/2, BGP Identifier 2/3, unsupported optional parameter 2/4,
/// hold time 2/6, unsupported capability 2/7, role mismatch 2/11) belong to the session: the
/// decoder keeps every field as received, and parameters other than Capabilities (type 2) in
/// `otherParameters`.
import NetCore

extension OpenMessage {
    /// Version, My AS, Hold Time, BGP Identifier, Opt Parm Len.
    public static let minimumBodyLength = 10

    /// RFC 9072 §2: Non-Ext OP Type 255 announces the extended encoding.
    public static let extendedParametersMarker: UInt8 = 255

    /// Decodes an OPEN body (everything after the header).
    public static func decode(body: ArraySlice<UInt8>) throws(WireError) -> OpenMessage {
        guard body.count >= minimumBodyLength else {
            throw MessageFramer.badLength(BGPHeader.length + body.count,
                                          "OPEN body of \(body.count) bytes is shorter than \(minimumBodyLength)")
        }
        // The ten fixed octets are present (checked above), so these reads cannot fail.
        let b = body.startIndex
        let version = body[b]
        let myAS = UInt16(body[b + 1]) << 8 | UInt16(body[b + 2])
        let holdTime = UInt16(body[b + 3]) << 8 | UInt16(body[b + 4])
        let identifier = RouterID(rawValue: UInt32(body[b + 5]) << 24 | UInt32(body[b + 6]) << 16
                                      | UInt32(body[b + 7]) << 8 | UInt32(body[b + 8]))
        let nonExtLength = body[b + 9]
        let rest = body[(b + 10)...]
        // RFC 9072 §2: a non-zero length followed by type 255 means the extended encoding,
        // whatever the length octet says (it is ignored once the marker is seen).
        let extended = nonExtLength != 0 && rest.first == extendedParametersMarker
        let parameters: ArraySlice<UInt8>
        if extended {
            guard rest.count >= 3 else {
                throw WireError(NotificationMessage(OpenMessageErrorSubcode.unspecific),
                                "OPEN: extended optional parameters length (RFC 9072) is truncated")
            }
            let r = rest.startIndex
            let extLength = Int(rest[r + 1]) << 8 | Int(rest[r + 2])
            parameters = rest.dropFirst(3)
            guard extLength == parameters.count else {
                throw WireError(NotificationMessage(OpenMessageErrorSubcode.unspecific),
                                "OPEN: extended optional parameters length \(extLength) but \(parameters.count) bytes follow")
            }
        } else {
            parameters = rest
            guard Int(nonExtLength) == parameters.count else {
                throw WireError(NotificationMessage(OpenMessageErrorSubcode.unspecific),
                                "OPEN: optional parameters length \(nonExtLength) but \(parameters.count) bytes follow")
            }
        }
        var open = OpenMessage(version: version, myAS: myAS, holdTime: holdTime, identifier: identifier,
                               extendedParameters: extended)
        try decodeParameters(parameters, lengthWidth: extended ? 2 : 1, into: &open)
        return open
    }

    /// Optional parameters: type (1), length (1, or 2 under RFC 9072), value.
    private static func decodeParameters(_ bytes: ArraySlice<UInt8>, lengthWidth: Int,
                                         into open: inout OpenMessage) throws(WireError) {
        var r = ByteReader(bytes)
        while !r.isAtEnd {
            let type: UInt8
            let value: ArraySlice<UInt8>
            do throws(ByteReader.Underflow) {
                type = try r.readUInt8()
                let length = lengthWidth == 2 ? Int(try r.readUInt16()) : Int(try r.readUInt8())
                value = try r.readSlice(length)
            } catch {
                throw WireError(NotificationMessage(OpenMessageErrorSubcode.unspecific),
                                "OPEN: optional parameter at byte \(r.position) runs past the parameters "
                                    + "(needs \(error.needed), \(error.available) left)")
            }
            if type == 2 {
                open.capabilities.append(contentsOf: try Capability.decodeList(value))
            } else {
                // Including type 255 met as a real parameter: unrecognised (RFC 9072 §3).
                open.otherParameters.append(OptionalParameter(type: type, value: Array(value)))
            }
        }
    }

    /// The OPEN body. Capabilities go first, packed into as few Capabilities parameters as fit
    /// (RFC 5492 §4 allows several per parameter), then `otherParameters` in order. The RFC 4271
    /// encoding is used unless `extendedParameters` is set or the parameters do not fit it
    /// (RFC 9072 §2: more than 255 octets, or one parameter value over 255).
    public func encode() -> [UInt8] {
        var w = ByteWriter(capacity: 64)
        w.write(version)
        w.write(myAS)
        w.write(holdTime)
        w.write(identifier.rawValue)
        if let classic = classicParameters() {
            let total = classic.reduce(0) { $0 + 2 + $1.value.count }
            w.write(UInt8(total))
            for p in classic {
                w.write(p.type); w.write(UInt8(p.value.count)); w.write(contentsOf: p.value)
            }
        } else {
            w.write(UInt8(255))
            w.write(OpenMessage.extendedParametersMarker)
            let at = w.reserveLength(width: 2)
            for p in parameters(limit: 0xFFFF) {
                w.write(p.type); w.write(UInt16(clamping: p.value.count)); w.write(contentsOf: p.value.prefix(0xFFFF))
            }
            w.patchLength(at: at, width: 2)
        }
        return w.bytes
    }

    /// True when `encode()` uses the RFC 9072 encoding.
    public var encodesExtendedParameters: Bool { classicParameters() == nil }

    /// The parameters in the RFC 4271 encoding, or nil when it cannot carry them.
    private func classicParameters() -> [OptionalParameter]? {
        guard !extendedParameters else { return nil }
        let params = parameters(limit: 255)
        let total = params.reduce(0) { $0 + 2 + $1.value.count }
        guard total <= 255, params.allSatisfy({ $0.value.count <= 255 }),
              params.first?.type != OpenMessage.extendedParametersMarker else { return nil }
        return params
    }

    /// Capabilities packed into parameters of at most `limit` value bytes, then the others.
    private func parameters(limit: Int) -> [OptionalParameter] {
        var out = [OptionalParameter]()
        var current = [UInt8]()
        for capability in capabilities {
            let tlv = capability.encode()
            if !current.isEmpty, current.count + tlv.count > limit {
                out.append(OptionalParameter(type: 2, value: current))
                current = []
            }
            current.append(contentsOf: tlv)
        }
        if !current.isEmpty { out.append(OptionalParameter(type: 2, value: current)) }
        return out + otherParameters
    }
}
