/// Walking a whole path attribute list (RFC 4271 §4.3) with the list-level rules of RFC 7606:
/// attribute headers that run past the list (§4), duplicates (§3 g), and collecting the
/// per-attribute findings (§3 h: the strongest approach wins; a session reset ends the walk).
import NetCore

/// A decoded path attribute list.
public struct PathAttributeList: Hashable, Sendable {
    /// The attributes kept, in wire order (discarded and malformed ones are left out).
    public var attributes: [PathAttribute]
    /// RFC 7606 findings (attribute discard, treat-as-withdraw), in wire order.
    public var errors: [AttributeError]
    /// False when the walk stopped early because an attribute ran past the end of the list
    /// (RFC 7606 §4, treat-as-withdraw): attributes after that point are unknown.
    public var complete: Bool
}

/// Which of the 256 type codes have been seen (no allocation).
struct AttributeCodeSet {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    /// Inserts `code`; returns false when it was already there.
    mutating func insert(_ code: UInt8) -> Bool {
        let bit = UInt64(1) << UInt64(code & 63)
        switch code >> 6 {
        case 0: if words.0 & bit != 0 { return false }; words.0 |= bit
        case 1: if words.1 & bit != 0 { return false }; words.1 |= bit
        case 2: if words.2 & bit != 0 { return false }; words.2 |= bit
        default: if words.3 & bit != 0 { return false }; words.3 |= bit
        }
        return true
    }

    func contains(_ code: UInt8) -> Bool {
        let bit = UInt64(1) << UInt64(code & 63)
        switch code >> 6 {
        case 0: return words.0 & bit != 0
        case 1: return words.1 & bit != 0
        case 2: return words.2 & bit != 0
        default: return words.3 & bit != 0
        }
    }
}

extension PathAttribute {
    /// Decodes the path attribute list `bytes` (the "Path Attributes" field of an UPDATE, or the
    /// attributes of an MRT RIB entry).
    ///
    /// - `messageOffset`: where `bytes` starts in the message, header included, so that error
    ///   sentences name message offsets (0 if there is no enclosing message).
    /// - `mrtRIBFamily`: set for TABLE_DUMP_V2 RIB entries, whose MP_REACH_NLRI may be the
    ///   abbreviated form of RFC 6396 §4.3.4 (next hop only) for that family.
    ///
    /// Throws (session reset) for: a duplicate MP_REACH_NLRI or MP_UNREACH_NLRI (§3 g, 3/1); an
    /// MP attribute that runs past the list or is malformed (§3 j, §5.3, §7.11: 3/1 or 3/9);
    /// an unrecognized well-known attribute (RFC 4271 §6.3, 3/2). Everything else is returned
    /// in `errors`: an attribute header or length running past the list is treat-as-withdraw
    /// with 3/1 and stops the walk (§4); later copies of any other attribute are discarded (§3 g).
    public static func decodeList(_ bytes: ArraySlice<UInt8>, context: DecodeContext, messageOffset: Int = 0,
                                  mrtRIBFamily: AddressFamily? = nil) throws(WireError) -> PathAttributeList {
        var seen = AttributeCodeSet()
        return try decodeList(bytes, context: context, messageOffset: messageOffset, mrtRIBFamily: mrtRIBFamily,
                              seen: &seen)
    }

    /// `decodeList`, also leaving in `seen` the type code of every attribute walked (kept,
    /// discarded or malformed), which for ORIGIN, AS_PATH and NEXT_HOP — never dropped
    /// silently — is exactly the codes in the list's attributes and errors.
    static func decodeList(_ bytes: ArraySlice<UInt8>, context: DecodeContext, messageOffset: Int,
                           mrtRIBFamily: AddressFamily?, seen: inout AttributeCodeSet) throws(WireError) -> PathAttributeList {
        var attributes: [PathAttribute] = []
        attributes.reserveCapacity(min(12, bytes.count / 3))
        var errors: [AttributeError] = []
        let base = bytes.startIndex
        let end = bytes.endIndex
        var i = base
        func offset(_ index: Int) -> Int { messageOffset + (index - base) }

        while i < end {
            let left = end - i
            guard left >= 3 else {
                // §4, second case: too few bytes for an attribute header.
                errors.append(AttributeError(
                    code: AttributeCode(rawValue: 0), action: .treatAsWithdraw,
                    notification: .updateError(UpdateMessageErrorSubcode.malformedAttributeList.rawValue, maxMessageLength: context.maxMessageLength),
                    reason: "path attribute at byte \(offset(i)): only \(left) bytes left, an attribute header needs 3"))
                return PathAttributeList(attributes: attributes, errors: errors, complete: false)
            }
            let flags = bytes[i]
            let code = bytes[i + 1]
            let extended = flags & AttributeFlags.extendedLength.rawValue != 0
            let headerLength = extended ? 4 : 3
            guard left >= headerLength else {
                errors.append(AttributeError(
                    code: AttributeCode(rawValue: code), action: .treatAsWithdraw,
                    notification: .updateError(UpdateMessageErrorSubcode.malformedAttributeList.rawValue, maxMessageLength: context.maxMessageLength),
                    reason: "\(attributeName(code)) at byte \(offset(i)): only \(left) bytes left, an extended-length attribute header needs 4"))
                return PathAttributeList(attributes: attributes, errors: errors, complete: false)
            }
            let length = extended ? Int(bytes[i + 2]) << 8 | Int(bytes[i + 3]) : Int(bytes[i + 2])
            guard length <= left - headerLength else {
                let reason = "\(attributeName(code)) at byte \(offset(i)): length \(length) runs past the path attributes (\(left - headerLength) bytes left)"
                if code == AttributeCode.mpReachNLRI.rawValue || code == AttributeCode.mpUnreachNLRI.rawValue {
                    // §3 j / §5.3: the MP NLRI cannot be located, so nothing can be withdrawn.
                    throw .update(UpdateMessageErrorSubcode.malformedAttributeList.rawValue, reason, context: context)
                }
                // §4, first case: treat-as-withdraw; the rest of the list cannot be walked.
                errors.append(AttributeError(
                    code: AttributeCode(rawValue: code), action: .treatAsWithdraw,
                    notification: .updateError(UpdateMessageErrorSubcode.malformedAttributeList.rawValue, maxMessageLength: context.maxMessageLength),
                    reason: reason))
                return PathAttributeList(attributes: attributes, errors: errors, complete: false)
            }
            let valueStart = i + headerLength
            let site = AttributeSite(flags: flags, code: code, value: bytes[valueStart..<(valueStart + length)],
                                     messageOffset: offset(i))
            i = valueStart + length

            guard seen.insert(code) else {
                // §3 g.
                if code == AttributeCode.mpReachNLRI.rawValue || code == AttributeCode.mpUnreachNLRI.rawValue {
                    throw .update(UpdateMessageErrorSubcode.malformedAttributeList.rawValue,
                                  "\(attributeName(code)) at byte \(site.messageOffset): appears a second time in the UPDATE (RFC 7606 §3 g)",
                                  context: context)
                }
                errors.append(AttributeError(
                    code: AttributeCode(rawValue: code), action: .attributeDiscard,
                    notification: .updateError(UpdateMessageErrorSubcode.malformedAttributeList.rawValue, maxMessageLength: context.maxMessageLength),
                    reason: "\(attributeName(code)) at byte \(site.messageOffset): appears a second time; this copy is discarded (RFC 7606 §3 g)"))
                continue
            }
            do {
                if let a = try decode(site: site, context: context, mrtFamily: mrtRIBFamily, notes: &errors) {
                    attributes.append(a)
                }
            } catch {
                if error.action == .sessionReset { throw error.wireError }
                errors.append(error)
            }
        }
        return PathAttributeList(attributes: attributes, errors: errors, complete: true)
    }
}
