/// The UPDATE message body (RFC 4271 §4.3) both ways, with the message-level error rules:
/// RFC 4271 §6.3 length checks, RFC 7606 §5.3 / §3 j malformed NLRI fields (session reset),
/// §3 d missing well-known attributes (treat-as-withdraw) and §5.2 (treat-as-withdraw with
/// no reachable NLRI becomes a session reset).
///
/// Decoding choices, each from the RFC:
/// - Withdrawn Routes Length or Total Path Attribute Length running past the message: 3/1,
///   session reset (§6.3, kept by RFC 7606 §3 b).
/// - A withdrawn-routes or NLRI field that cannot be parsed (prefix longer than 32, last prefix
///   past the end): 3/10 Invalid Network Field, session reset (RFC 7606 §5.3, §3 i, §3 j). Both
///   fields use 3/10: RFC 4271 names no other subcode for the withdrawn routes.
/// - An attribute running past the attribute list: treat-as-withdraw (RFC 7606 §4), since the
///   Total Path Attribute Length still locates the NLRI. Byte offsets in reasons count from the
///   first byte of the 19-byte header.
///
/// Encoding writes MP_UNREACH_NLRI / MP_REACH_NLRI first (RFC 7606 §5.1), then the other
/// attributes in the order given. For a 2-octet session (`fourOctetAS == false`) AS_PATH and
/// AGGREGATOR carry AS_TRANS for numbers above 65535 and AS4_PATH / AS4_AGGREGATOR are added
/// right after them (RFC 6793 §4.2.2), replacing any AS4_PATH / AS4_AGGREGATOR in `attributes`;
/// for a 4-octet session AS4_PATH / AS4_AGGREGATOR in `attributes` are not sent (RFC 6793 §4.1).
/// The encoder does not check the message size limit: the caller packs UPDATEs to fit.
import NetCore

extension UpdateMessage {
    /// Decodes an UPDATE body (the bytes after the 19-byte header).
    public static func decode(body: ArraySlice<UInt8>, context: DecodeContext) throws(WireError) -> UpdateMessage {
        let base = body.startIndex
        func offset(_ i: Int) -> Int { BGPHeader.length + (i - base) }
        guard body.count >= 4 else {
            throw .update(UpdateMessageErrorSubcode.malformedAttributeList.rawValue,
                          "UPDATE at byte 19: body is \(body.count) bytes; the withdrawn-routes and path-attribute length fields need 4",
                          context: context)
        }
        let withdrawnLength = Int(body[base]) << 8 | Int(body[base + 1])
        guard withdrawnLength <= body.count - 4 else {
            throw .update(UpdateMessageErrorSubcode.malformedAttributeList.rawValue,
                          "UPDATE withdrawn routes length \(withdrawnLength) at byte 19 runs past the message (\(body.count - 4) bytes left for withdrawn routes and path attributes)",
                          context: context)
        }
        let withdrawnStart = base + 2
        let attributeLengthAt = withdrawnStart + withdrawnLength
        let attributeLength = Int(body[attributeLengthAt]) << 8 | Int(body[attributeLengthAt + 1])
        let attributeStart = attributeLengthAt + 2
        guard attributeLength <= body.endIndex - attributeStart else {
            throw .update(UpdateMessageErrorSubcode.malformedAttributeList.rawValue,
                          "UPDATE total path attribute length \(attributeLength) at byte \(offset(attributeLengthAt)) runs past the message (\(body.endIndex - attributeStart) bytes left)",
                          context: context)
        }
        let nlriStart = attributeStart + attributeLength
        let addPath = context.addPath(.ipv4Unicast)

        let withdrawn = try networkField(body[withdrawnStart..<attributeLengthAt], name: "withdrawn routes",
                                         addPath: addPath, base: base, context: context)
        var seen = AttributeCodeSet()
        let list = try PathAttribute.decodeList(body[attributeStart..<nlriStart], context: context,
                                                messageOffset: offset(attributeStart), mrtRIBFamily: nil, seen: &seen)
        let nlri = try networkField(body[nlriStart...], name: "NLRI", addPath: addPath, base: base, context: context)

        var update = UpdateMessage(withdrawn: withdrawn, attributes: list.attributes, nlri: nlri, attributeErrors: list.errors)
        if list.complete { update.checkWellKnownPresent(context: context, seen: seen) }
        try update.escalateWithoutReachableNLRI()
        return update
    }

    /// RFC 4271 §4.3 withdrawn routes / NLRI field; RFC 7606 §5.3: unparseable means session reset.
    private static func networkField(_ bytes: ArraySlice<UInt8>, name: String, addPath: Bool, base: Int,
                                     context: DecodeContext) throws(WireError) -> NLRIList {
        do {
            return try NLRIList(validating: bytes, afi: .ipv4, addPath: addPath)
        } catch {
            let detail: String
            switch error {
            case let .prefixLengthTooLong(at, length, max):
                detail = "prefix at byte \(BGPHeader.length + at - base) has length \(length), more than \(max)"
            case .truncated(let at):
                detail = "entry at byte \(BGPHeader.length + at - base) runs past the end of the field"
            case .unsupportedFamily(let afi):
                detail = "address family \(afi) cannot be parsed"
            }
            throw .update(UpdateMessageErrorSubcode.invalidNetworkField.rawValue, "UPDATE \(name) field: \(detail)", context: context)
        }
    }

    /// RFC 4271 §6.3 / RFC 7606 §3 d: with IPv4 NLRI, ORIGIN, AS_PATH and NEXT_HOP must be
    /// present; with MP_REACH_NLRI NLRI, ORIGIN and AS_PATH (RFC 4760 §3). A missing one is
    /// treat-as-withdraw, 3/3 with the missing type code as data. An attribute that was present
    /// but malformed already has its own finding and is not reported again.
    /// `seen`: the codes `decodeList` walked (for these three codes the same as those of the
    /// attributes and findings; scanning the attributes again showed in the decoding profile).
    mutating func checkWellKnownPresent(context: DecodeContext, seen present: AttributeCodeSet) {
        guard !nlri.isEmpty || (mpReach.map { !$0.nlri.isEmpty } ?? false) else { return }
        let needNextHop = !nlri.isEmpty
        guard !present.contains(AttributeCode.origin.rawValue) || !present.contains(AttributeCode.asPath.rawValue)
                || (needNextHop && !present.contains(AttributeCode.nextHop.rawValue)) else { return }
        let required: [AttributeCode] = needNextHop ? [.origin, .asPath, .nextHop] : [.origin, .asPath]
        let what = needNextHop ? "\(nlri.count) IPv4 prefixes" : "MP_REACH_NLRI prefixes"
        for code in required where !present.contains(code.rawValue) {
            attributeErrors.append(AttributeError(
                code: code, action: .treatAsWithdraw,
                notification: .updateError(UpdateMessageErrorSubcode.missingWellKnownAttribute.rawValue, data: [code.rawValue],
                                           maxMessageLength: context.maxMessageLength),
                reason: "UPDATE announces \(what) but has no \(attributeName(code.rawValue)) attribute (type \(code.rawValue))"))
        }
    }

    /// RFC 7606 §5.2: an UPDATE with path attributes but no reachable NLRI whose errors call for
    /// more than attribute discard ends the session (there is nothing to treat as withdrawn).
    func escalateWithoutReachableNLRI() throws(WireError) {
        guard let first = attributeErrors.first(where: { $0.action >= .treatAsWithdraw }) else { return }
        let reachable = !nlri.isEmpty || (mpReach.map { !$0.nlri.isEmpty } ?? false)
        guard !reachable else { return }
        throw WireError(first.notification,
                        first.reason + "; the UPDATE carries no reachable NLRI, so the session is reset (RFC 7606 §5.2)")
    }

    /// Encodes the body (no header) for a session with the facts in `context`.
    public func encode(context: EncodeContext) -> [UInt8] {
        var w = ByteWriter(capacity: encodedBodyCapacity(context: context))
        encode(into: &w, context: context)
        return w.bytes
    }

    /// Appends the body (no header).
    func encode(into w: inout ByteWriter, context: EncodeContext) {
        let addPath = context.addPath(.ipv4Unicast)
        let withdrawnAt = w.reserveLength(width: 2)
        withdrawn.write(into: &w, addPath: addPath)
        w.patchLength(at: withdrawnAt, width: 2)
        let attributesAt = w.reserveLength(width: 2)
        writeAttributes(into: &w, context: context)
        w.patchLength(at: attributesAt, width: 2)
        nlri.write(into: &w, addPath: addPath)
    }

    /// The body's length when the attribute bytes are cached for `context` (nil otherwise),
    /// else an estimate for reserving a buffer.
    func encodedBodyCapacity(context: EncodeContext) -> Int {
        if let n = cachedBodyLength(context: context) { return n }
        let addPath = context.addPath(.ipv4Unicast)
        return 8 + withdrawn.encodedLength(addPath: addPath) + nlri.encodedLength(addPath: addPath) + storedAttributes.count * 16
    }

    private func cachedBodyLength(context: EncodeContext) -> Int? {
        guard let cache = encodedAttributes, cache.fourOctetAS == context.fourOctetAS else { return nil }
        let addPath = context.addPath(.ipv4Unicast)
        var n = 4 + withdrawn.encodedLength(addPath: addPath) + nlri.encodedLength(addPath: addPath) + cache.bytes.count
        for i in storedAttributes.indices {
            let code = storedAttributes[i].code
            guard code == .mpReachNLRI || code == .mpUnreachNLRI else { continue }
            let length = storedAttributes[i].encodedValueLength(context: context)
            n += (length > 255 ? 4 : 3) + length
        }
        return n
    }

    /// Encodes the attributes other than MP_REACH_NLRI / MP_UNREACH_NLRI for `context` now and
    /// keeps the bytes: every later `encode` and `encodedLength` for a context of the same AS
    /// number width copies them instead of encoding each attribute again. The RIB does this
    /// once per attribute set it sends (sizing the UPDATE, then encoding it, and any further
    /// UPDATEs of the same set, used to encode the attributes each time). Changing `attributes`
    /// drops the bytes; `setMPReachNLRI` keeps them.
    public mutating func cacheEncodedAttributes(context: EncodeContext) {
        var w = ByteWriter(capacity: storedAttributes.count * 16)
        writeNonMPAttributes(into: &w, context: context)
        encodedAttributes = EncodedAttributes(fourOctetAS: context.fourOctetAS, bytes: w.bytes)
    }

    /// Replaces the NLRI of the MP_REACH_NLRI attribute (RFC 4760 §3), if there is one,
    /// keeping the bytes of `cacheEncodedAttributes` (they leave the MP attributes out).
    public mutating func setMPReachNLRI(_ nlri: MPNLRI) {
        guard let i = storedAttributes.firstIndex(where: { $0.code == .mpReachNLRI }),
              case .mpReachNLRI(var reach) = storedAttributes[i] else { return }
        reach.nlri = nlri
        storedAttributes[i] = .mpReachNLRI(reach)
    }

    /// The whole message's encoded length (header included) for `context`; without cached
    /// attribute bytes this encodes the message.
    public func encodedLength(context: EncodeContext) -> Int {
        BGPHeader.length + (cachedBodyLength(context: context) ?? encode(context: context).count)
    }

    private func writeAttributes(into w: inout ByteWriter, context: EncodeContext) {
        for i in storedAttributes.indices {
            let code = storedAttributes[i].code
            if code == .mpReachNLRI || code == .mpUnreachNLRI { storedAttributes[i].encode(into: &w, context: context) }
        }
        if let cache = encodedAttributes, cache.fourOctetAS == context.fourOctetAS {
            w.write(contentsOf: cache.bytes)
        } else {
            writeNonMPAttributes(into: &w, context: context)
        }
    }

    private func writeNonMPAttributes(into w: inout ByteWriter, context: EncodeContext) {
        let twoOctet = !context.fourOctetAS
        let addAS4Path = twoOctet && (asPath?.hasFourOctetOnlyASN ?? false)
        let addAS4Aggregator = twoOctet && (aggregator.map { !$0.asn.isTwoOctet } ?? false)
        for a in storedAttributes {
            switch a {
            case .mpUnreachNLRI, .mpReachNLRI:
                continue
            case .as4Path:
                if !twoOctet || addAS4Path { continue }
                a.encode(into: &w, context: context)
            case .as4Aggregator:
                if !twoOctet || addAS4Aggregator { continue }
                a.encode(into: &w, context: context)
            case .asPath(let path):
                a.encode(into: &w, context: context)
                if addAS4Path {
                    let path4 = path.withoutConfederationSegments
                    if !path4.segments.isEmpty { PathAttribute.as4Path(path4).encode(into: &w, context: context) }
                }
            case .aggregator(let agg):
                a.encode(into: &w, context: context)
                if addAS4Aggregator { PathAttribute.as4Aggregator(agg).encode(into: &w, context: context) }
            default:
                a.encode(into: &w, context: context)
            }
        }
    }
}
