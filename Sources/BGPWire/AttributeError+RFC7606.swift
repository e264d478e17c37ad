/// How UPDATE errors are classed and reported: the RFC 4271 §6.3 subcodes, the RFC 7606 §2
/// approach for each attribute (§7 per attribute, RFC 6793 §6, RFC 8092 §5, RFC 9234 §5), and the
/// builders that turn a finding into an `AttributeError` or a `WireError` with a sentence naming
/// the attribute, the byte offset (counted from the first byte of the message header) and the fault.

/// `AttributeError` is thrown by `PathAttribute.decode(flags:code:value:context:)`.
extension AttributeError: Error {}

/// A fault found in one attribute's value, before it is classed (the class depends on the
/// attribute and the session, not on the fault).
struct AttributeMalformation: Error {
    var subcode: UInt8
    var detail: String
    /// Index (in the underlying buffer) of the faulty byte, or nil for the attribute as a whole.
    var at: Int?
    /// RFC 4271 §6.3: subcodes 2, 4, 5, 6, 8 and 9 carry the erroneous attribute as data; 1, 10
    /// and 11 carry none.
    var carriesAttribute: Bool

    static func length(_ detail: String) -> AttributeMalformation {
        AttributeMalformation(subcode: UpdateMessageErrorSubcode.attributeLengthError.rawValue, detail: detail, at: nil, carriesAttribute: true)
    }
    static func optional(_ detail: String, at: Int? = nil) -> AttributeMalformation {
        AttributeMalformation(subcode: UpdateMessageErrorSubcode.optionalAttributeError.rawValue, detail: detail, at: at, carriesAttribute: true)
    }
    static func asPath(_ detail: String, at: Int?) -> AttributeMalformation {
        AttributeMalformation(subcode: UpdateMessageErrorSubcode.malformedASPath.rawValue, detail: detail, at: at, carriesAttribute: false)
    }
}

/// Where an attribute sits, so that errors can name byte offsets and carry the attribute bytes.
struct AttributeSite {
    /// The Attribute Flags octet as received (low four bits included: RFC 4271 §4.3 says ignore them).
    var flags: UInt8
    var code: UInt8
    var value: ArraySlice<UInt8>
    /// Offset, in the message (header included), of the attribute's flags octet.
    var messageOffset: Int

    var headerLength: Int { flags & AttributeFlags.extendedLength.rawValue != 0 ? 4 : 3 }

    /// Message offset of the byte at `index` of the underlying buffer (an index into `value`).
    func offset(of index: Int) -> Int { messageOffset + headerLength + (index - value.startIndex) }

    /// The attribute as received: flags, type code, length and value (RFC 4271 §6.3 "type,
    /// length and value"; the attribute type is the flags octet followed by the code, §4.3).
    var rawBytes: [UInt8] {
        var out: [UInt8] = [flags, code]
        out.reserveCapacity(4 + value.count)
        if headerLength == 4 {
            out.append(UInt8(truncatingIfNeeded: value.count >> 8))
        }
        out.append(UInt8(truncatingIfNeeded: value.count))
        out.append(contentsOf: value)
        return out
    }
}

/// RFC 7606 §7 (and the RFCs of later attributes): the approach for a malformed attribute.
/// `externalPeer` only matters for the attributes that are discarded when they come from eBGP.
func rfc7606Action(for code: UInt8, externalPeer: Bool) -> ErrorAction {
    switch code {
    case AttributeCode.origin.rawValue,            // §7.1
         AttributeCode.asPath.rawValue,            // §7.2
         AttributeCode.nextHop.rawValue,           // §7.3
         AttributeCode.multiExitDisc.rawValue,     // §7.4
         AttributeCode.communities.rawValue,       // §7.8
         AttributeCode.extendedCommunities.rawValue, // §7.14
         AttributeCode.largeCommunities.rawValue,  // RFC 8092 §5
         AttributeCode.onlyToCustomer.rawValue:    // RFC 9234 §5
        return .treatAsWithdraw
    case AttributeCode.localPref.rawValue,         // §7.5
         AttributeCode.originatorID.rawValue,      // §7.9
         AttributeCode.clusterList.rawValue:       // §7.10
        return externalPeer ? .attributeDiscard : .treatAsWithdraw
    case AttributeCode.atomicAggregate.rawValue,   // §7.6
         AttributeCode.aggregator.rawValue,        // §7.7
         AttributeCode.as4Path.rawValue,           // RFC 6793 §6
         AttributeCode.as4Aggregator.rawValue:     // RFC 6793 §6
        return .attributeDiscard
    case AttributeCode.mpReachNLRI.rawValue,       // §7.11, §5.3, §3 j (AFI/SAFI disable not used)
         AttributeCode.mpUnreachNLRI.rawValue:     // §7.12
        return .sessionReset
    default:
        // Unknown optional attributes are never interpreted, so never malformed; a known code
        // not listed above would be a programming error, and the safe class is treat-as-withdraw.
        return .treatAsWithdraw
    }
}

/// Printable attribute name for error sentences.
func attributeName(_ code: UInt8) -> String {
    switch code {
    case 1: "ORIGIN"
    case 2: "AS_PATH"
    case 3: "NEXT_HOP"
    case 4: "MULTI_EXIT_DISC"
    case 5: "LOCAL_PREF"
    case 6: "ATOMIC_AGGREGATE"
    case 7: "AGGREGATOR"
    case 8: "COMMUNITIES"
    case 9: "ORIGINATOR_ID"
    case 10: "CLUSTER_LIST"
    case 14: "MP_REACH_NLRI"
    case 15: "MP_UNREACH_NLRI"
    case 16: "EXTENDED_COMMUNITIES"
    case 17: "AS4_PATH"
    case 18: "AS4_AGGREGATOR"
    case 32: "LARGE_COMMUNITY"
    case 35: "OTC"
    default: "attribute \(code)"
    }
}

extension NotificationMessage {
    /// An UPDATE Message Error (code 3) whose data is cut to what fits one NOTIFICATION
    /// (19-byte header, code and subcode) under `maxMessageLength`.
    static func updateError(_ subcode: UInt8, data: [UInt8] = [], maxMessageLength: Int) -> NotificationMessage {
        let room = max(0, maxMessageLength - BGPHeader.length - 2)
        let cut = data.count > room ? Array(data.prefix(room)) : data
        return NotificationMessage(code: NotificationCode.updateMessageError.rawValue, subcode: subcode, data: cut)
    }
}

extension AttributeError {
    /// Builds the error for `fault` in the attribute at `site`, classed as `action`.
    init(site: AttributeSite, fault: AttributeMalformation, action: ErrorAction, context: DecodeContext) {
        let where_ = fault.at.map { site.offset(of: $0) } ?? site.messageOffset
        let data = fault.carriesAttribute ? site.rawBytes : []
        self.init(
            code: AttributeCode(rawValue: site.code), action: action,
            notification: .updateError(fault.subcode, data: data, maxMessageLength: context.maxMessageLength),
            reason: "\(attributeName(site.code)) at byte \(where_): \(fault.detail)")
    }

    /// The same finding as a session-ending `WireError`.
    var wireError: WireError { WireError(notification, reason) }
}

extension WireError {
    /// Session reset with an UPDATE Message Error.
    static func update(_ subcode: UInt8, _ reason: String, data: [UInt8] = [], context: DecodeContext) -> WireError {
        WireError(.updateError(subcode, data: data, maxMessageLength: context.maxMessageLength), reason)
    }
}
