/// Every RFC 7606 class for UPDATE errors, with the exact RFC 4271 §6.3 NOTIFICATION
/// (code 3, subcode, data): per-attribute rules of RFC 7606 §7 (plus RFC 6793 §6, RFC 8092 §5,
/// RFC 9234 §5), flags (§3 c), missing well-known attributes (§3 d), duplicates (§3 g),
/// attribute-length conflicts (§4), NLRI fields (§5.3), MP attributes (§3 j, §7.11) and §5.2.
import Testing
@testable import BGPWire
import NetCore

/// One malformed-attribute case: the attribute, and what decoding must report.
struct AttributeErrorCase: Sendable, CustomTestStringConvertible {
    var name: String
    var attribute: [UInt8]
    var externalPeer = false
    var fourOctet = true
    var action: ErrorAction
    var subcode: UInt8
    /// true: the data is the attribute as received; false: no data.
    var dataIsAttribute: Bool
    var testDescription: String { name }
}

@Suite("RFC 7606 error classes")
struct UpdateErrorTests {
    typealias F = UpdateFixtures

    static let cases: [AttributeErrorCase] = [
        // §7.1 ORIGIN
        .init(name: "ORIGIN length 2", attribute: [0x40, 0x01, 0x02, 0x00, 0x00], action: .treatAsWithdraw, subcode: 5, dataIsAttribute: true),
        .init(name: "ORIGIN value 3", attribute: [0x40, 0x01, 0x01, 0x03], action: .treatAsWithdraw, subcode: 6, dataIsAttribute: true),
        // §7.2 AS_PATH: unknown segment type, zero-length segment, overrun, underrun
        .init(name: "AS_PATH segment type 5", attribute: [0x40, 0x02, 0x06, 0x05, 0x01, 0, 0, 0, 1], action: .treatAsWithdraw, subcode: 11, dataIsAttribute: false),
        .init(name: "AS_PATH zero-length segment", attribute: [0x40, 0x02, 0x02, 0x02, 0x00], action: .treatAsWithdraw, subcode: 11, dataIsAttribute: false),
        .init(name: "AS_PATH overrun", attribute: [0x40, 0x02, 0x06, 0x02, 0x03, 0, 0, 0, 1], action: .treatAsWithdraw, subcode: 11, dataIsAttribute: false),
        .init(name: "AS_PATH underrun", attribute: [0x40, 0x02, 0x07, 0x02, 0x01, 0, 0, 0, 1, 0x02], action: .treatAsWithdraw, subcode: 11, dataIsAttribute: false),
        .init(name: "AS_PATH 2-octet read on 4-octet session", attribute: [0x40, 0x02, 0x04, 0x02, 0x01, 0xFD, 0xE9], action: .treatAsWithdraw, subcode: 11, dataIsAttribute: false),
        // §7.3 NEXT_HOP, §7.4 MED, §7.5 LOCAL_PREF
        .init(name: "NEXT_HOP length 5", attribute: [0x40, 0x03, 0x05, 192, 0, 2, 1, 0], action: .treatAsWithdraw, subcode: 5, dataIsAttribute: true),
        .init(name: "MED length 3", attribute: [0x80, 0x04, 0x03, 0, 0, 1], action: .treatAsWithdraw, subcode: 5, dataIsAttribute: true),
        .init(name: "LOCAL_PREF length 2 from iBGP", attribute: [0x40, 0x05, 0x02, 0, 1], action: .treatAsWithdraw, subcode: 5, dataIsAttribute: true),
        .init(name: "LOCAL_PREF length 2 from eBGP", attribute: [0x40, 0x05, 0x02, 0, 1], externalPeer: true, action: .attributeDiscard, subcode: 5, dataIsAttribute: true),
        // §7.6 ATOMIC_AGGREGATE, §7.7 AGGREGATOR
        .init(name: "ATOMIC_AGGREGATE length 1", attribute: [0x40, 0x06, 0x01, 0x00], action: .attributeDiscard, subcode: 5, dataIsAttribute: true),
        .init(name: "AGGREGATOR 6 bytes on 4-octet session", attribute: [0xC0, 0x07, 0x06, 0xFD, 0xE9, 192, 0, 2, 9], action: .attributeDiscard, subcode: 5, dataIsAttribute: true),
        .init(name: "AGGREGATOR 8 bytes on 2-octet session", attribute: [0xC0, 0x07, 0x08, 0, 0, 0xFD, 0xE9, 192, 0, 2, 9], fourOctet: false, action: .attributeDiscard, subcode: 5, dataIsAttribute: true),
        // §7.8 COMMUNITIES
        .init(name: "COMMUNITIES length 0", attribute: [0xC0, 0x08, 0x00], action: .treatAsWithdraw, subcode: 5, dataIsAttribute: true),
        .init(name: "COMMUNITIES length 5", attribute: [0xC0, 0x08, 0x05, 0, 0, 0, 1, 2], action: .treatAsWithdraw, subcode: 5, dataIsAttribute: true),
        // §7.9 ORIGINATOR_ID, §7.10 CLUSTER_LIST
        .init(name: "ORIGINATOR_ID length 3", attribute: [0x80, 0x09, 0x03, 1, 2, 3], action: .treatAsWithdraw, subcode: 5, dataIsAttribute: true),
        .init(name: "ORIGINATOR_ID length 3 from eBGP", attribute: [0x80, 0x09, 0x03, 1, 2, 3], externalPeer: true, action: .attributeDiscard, subcode: 5, dataIsAttribute: true),
        .init(name: "CLUSTER_LIST length 6", attribute: [0x80, 0x0A, 0x06, 1, 2, 3, 4, 5, 6], action: .treatAsWithdraw, subcode: 5, dataIsAttribute: true),
        .init(name: "CLUSTER_LIST length 0 from eBGP", attribute: [0x80, 0x0A, 0x00], externalPeer: true, action: .attributeDiscard, subcode: 5, dataIsAttribute: true),
        // §7.14 EXTENDED_COMMUNITIES
        .init(name: "EXTENDED_COMMUNITIES length 7", attribute: [0xC0, 0x10, 0x07, 0, 2, 0, 0, 0, 0, 1], action: .treatAsWithdraw, subcode: 5, dataIsAttribute: true),
        // RFC 6793 §6 AS4_PATH / AS4_AGGREGATOR (2-octet session)
        .init(name: "AS4_PATH overrun", attribute: [0xC0, 0x11, 0x06, 0x02, 0x02, 0, 0, 0, 1], fourOctet: false, action: .attributeDiscard, subcode: 9, dataIsAttribute: true),
        .init(name: "AS4_PATH length 0", attribute: [0xC0, 0x11, 0x00], fourOctet: false, action: .attributeDiscard, subcode: 5, dataIsAttribute: true),
        .init(name: "AS4_AGGREGATOR length 6", attribute: [0xC0, 0x12, 0x06, 0xFD, 0xE9, 192, 0, 2, 9], fourOctet: false, action: .attributeDiscard, subcode: 5, dataIsAttribute: true),
        // RFC 8092 §5 LARGE_COMMUNITY, RFC 9234 §5 OTC
        .init(name: "LARGE_COMMUNITY length 11", attribute: [0xC0, 0x20, 0x0B] + [UInt8](repeating: 1, count: 11), action: .treatAsWithdraw, subcode: 5, dataIsAttribute: true),
        .init(name: "OTC length 2", attribute: [0xC0, 0x23, 0x02, 0xFD, 0xE9], action: .treatAsWithdraw, subcode: 5, dataIsAttribute: true),
        // §3 c flags (Optional / Transitive bits)
        .init(name: "ORIGIN flagged optional", attribute: [0xC0, 0x01, 0x01, 0x00], action: .treatAsWithdraw, subcode: 4, dataIsAttribute: true),
        .init(name: "MED flagged transitive", attribute: [0xC0, 0x04, 0x04, 0, 0, 0, 1], action: .treatAsWithdraw, subcode: 4, dataIsAttribute: true),
        .init(name: "COMMUNITIES flagged well-known", attribute: [0x40, 0x08, 0x04, 0, 0, 0, 1], action: .treatAsWithdraw, subcode: 4, dataIsAttribute: true),
        .init(name: "AGGREGATOR flagged non-transitive", attribute: [0x80, 0x07, 0x08, 0, 0, 0xFD, 0xE9, 192, 0, 2, 9], action: .treatAsWithdraw, subcode: 4, dataIsAttribute: true),
    ]

    /// Puts the case's attribute into an otherwise valid UPDATE with one prefix, replacing the
    /// mandatory attribute of the same code if there is one.
    static func body(for c: AttributeErrorCase) -> [UInt8] {
        var attrs: [UInt8] = []
        let asPath = c.fourOctet ? F.asPath4 : [0x40, 0x02, 0x04, 0x02, 0x01, 0xFD, 0xE9]
        for mandatory in [F.origin, asPath, F.nextHop] where mandatory[1] != c.attribute[1] { attrs += mandatory }
        return F.body(attrs: c.attribute + attrs, nlri: F.oneNLRI)
    }

    @Test(arguments: cases)
    func attributeErrorIsClassed(_ c: AttributeErrorCase) throws {
        var ctx = DecodeContext(fourOctetAS: c.fourOctet)
        ctx.externalPeer = c.externalPeer
        let u = try F.decode(Self.body(for: c), ctx)
        try #require(u.attributeErrors.count == 1)
        let e = u.attributeErrors[0]
        #expect(e.code.rawValue == c.attribute[1])
        #expect(e.action == c.action)
        #expect(e.notification == NotificationMessage(code: 3, subcode: c.subcode, data: c.dataIsAttribute ? c.attribute : []))
        #expect(e.reason.hasPrefix("\(attributeName(c.attribute[1])) at byte "))
        #expect(u.treatAsWithdraw == (c.action == .treatAsWithdraw))
        // The malformed attribute is never kept.
        #expect(!u.attributes.contains { $0.code.rawValue == c.attribute[1] })
        // Everything else stays.
        #expect(u.nlri.count == 1 && u.origin != nil || c.attribute[1] == 1)
    }

    @Test func reasonNamesAttributeOffsetAndFault() throws {
        let u = try F.decode(F.body(attrs: F.origin + [0x40, 0x02, 0x06, 0x02, 0x03, 0, 0, 0, 1] + F.nextHop, nlri: F.oneNLRI))
        // ORIGIN is bytes 23–26, AS_PATH starts at 27, its value (the segment) at 30.
        #expect(u.attributeErrors.first?.reason == "AS_PATH at byte 30: segment length 3 runs past the attribute (12 bytes needed, 4 bytes left)")
        // A flags error names the attribute's first byte: here the first attribute, byte 23.
        let v = try F.decode(F.body(attrs: [0xC0, 0x01, 0x01, 0x00] + F.asPath4 + F.nextHop, nlri: F.oneNLRI))
        #expect(v.attributeErrors.first?.reason == "ORIGIN at byte 23: flags 0xc0 have Optional=1 Transitive=1, expected Optional=0 Transitive=1")
    }

    @Test func wellFormedIBGPOnlyAttributesFromEBGPAreDropped() throws {
        var ctx = F.fourOctet
        ctx.externalPeer = true
        let lp: [UInt8] = [0x40, 0x05, 0x04, 0, 0, 0, 100]
        let u = try F.decode(F.body(attrs: F.mandatory + lp, nlri: F.oneNLRI), ctx)
        #expect(u.localPref == nil && u.attributeErrors.isEmpty)
        #expect(try F.decode(F.body(attrs: F.mandatory + lp, nlri: F.oneNLRI)).localPref == 100)
    }

    // §3 d: missing well-known attributes.

    @Test func missingWellKnownWithIPv4NLRI() throws {
        let u = try F.decode(F.body(attrs: F.asPath4, nlri: F.oneNLRI))
        #expect(u.treatAsWithdraw)
        #expect(u.attributeErrors.map(\.notification) == [NotificationMessage(code: 3, subcode: 3, data: [1]),
                                                          NotificationMessage(code: 3, subcode: 3, data: [3])])
        #expect(u.attributeErrors[0].reason == "UPDATE announces 1 IPv4 prefixes but has no ORIGIN attribute (type 1)")
    }

    @Test func missingWellKnownWithMPReach() throws {
        let nh = IPv6Address("2001:db8::1")!.bytes
        let reach: [UInt8] = [0x80, 0x0E, 0x1A, 0x00, 0x02, 0x01, 0x10] + nh + [0x00, 32, 0x20, 0x01, 0x0D, 0xB8]
        let u = try F.decode(F.body(attrs: reach + F.origin))
        #expect(u.attributeErrors.map(\.notification) == [NotificationMessage(code: 3, subcode: 3, data: [2])])
        #expect(u.treatAsWithdraw)
        // NEXT_HOP is not needed without IPv4 NLRI (RFC 4760 §3).
        #expect(try F.decode(F.body(attrs: reach + F.origin + F.asPath4)).attributeErrors.isEmpty)
    }

    @Test func malformedMandatoryIsNotAlsoReportedMissing() throws {
        let u = try F.decode(F.body(attrs: [0x40, 0x01, 0x01, 0x07] + F.asPath4 + F.nextHop, nlri: F.oneNLRI))
        #expect(u.attributeErrors.map(\.notification.subcode) == [6])
    }

    // §3 g: duplicates.

    @Test func duplicateAttributeKeepsFirst() throws {
        let c1: [UInt8] = [0xC0, 0x08, 0x04, 0, 0, 0, 1]
        let c2: [UInt8] = [0xC0, 0x08, 0x04, 0, 0, 0, 2]
        let u = try F.decode(F.body(attrs: F.mandatory + c1 + c2, nlri: F.oneNLRI))
        #expect(u.communities == [Community(rawValue: 1)])
        #expect(u.attributeErrors.map(\.action) == [.attributeDiscard])
        #expect(u.attributeErrors[0].notification == NotificationMessage(code: 3, subcode: 1))
        // A duplicate of a malformed first copy is still a duplicate (discarded), the first decides.
        let bad: [UInt8] = [0xC0, 0x08, 0x03, 0, 0, 0]
        let v = try F.decode(F.body(attrs: F.mandatory + bad + c2, nlri: F.oneNLRI))
        #expect(v.communities == nil && v.treatAsWithdraw)
        // Unknown attributes too.
        let x: [UInt8] = [0xC0, 0x63, 0x01, 0x01]
        #expect(try F.decode(F.body(attrs: F.mandatory + x + x, nlri: F.oneNLRI)).attributes.count == 4)
    }

    @Test func duplicateMPAttributesResetTheSession() {
        let unreach: [UInt8] = [0x80, 0x0F, 0x03, 0x00, 0x02, 0x01]
        let e = F.wireError(F.body(attrs: unreach + unreach))
        #expect(e?.notification == NotificationMessage(code: 3, subcode: 1))
        #expect(e?.reason == "MP_UNREACH_NLRI at byte 29: appears a second time in the UPDATE (RFC 7606 §3 g)")
        let nh = IPv6Address("2001:db8::1")!.bytes
        let reach: [UInt8] = [0x80, 0x0E, 0x15, 0x00, 0x02, 0x01, 0x10] + nh + [0x00]
        #expect(F.wireError(F.body(attrs: reach + F.origin + F.asPath4 + reach))?.notification.subcode == 1)
    }

    // Session reset cases.

    @Test func unrecognizedWellKnownResets() throws {
        let attr: [UInt8] = [0x40, 0x63, 0x01, 0x05]
        #expect(F.wireError(F.body(attrs: F.mandatory + attr, nlri: F.oneNLRI))?.notification
                == NotificationMessage(code: 3, subcode: 2, data: attr))
        // Unknown optional attributes are kept, flags and all.
        let opt: [UInt8] = [0x80, 0x63, 0x01, 0x05]
        #expect(try F.decode(F.body(attrs: F.mandatory + opt, nlri: F.oneNLRI)).attributes.last
                == .unknown(UnknownAttribute(flags: [.optional], code: AttributeCode(rawValue: 99), value: [5])))
    }

    @Test func mpAttributeFaultsReset() {
        let nh = IPv6Address("2001:db8::1")!.bytes
        // Flags (RFC 7606 §5.3): MP_UNREACH_NLRI marked well-known.
        let wk: [UInt8] = [0x40, 0x0F, 0x03, 0x00, 0x02, 0x01]
        #expect(F.wireError(F.body(attrs: wk))?.notification == NotificationMessage(code: 3, subcode: 4, data: wk))
        // MP_REACH_NLRI shorter than 5 bytes.
        let short: [UInt8] = [0x80, 0x0E, 0x04, 0x00, 0x02, 0x01, 0x10]
        #expect(F.wireError(F.body(attrs: short))?.notification == NotificationMessage(code: 3, subcode: 9, data: short))
        // MP_UNREACH_NLRI shorter than 3 bytes.
        let ushort: [UInt8] = [0x80, 0x0F, 0x02, 0x00, 0x02]
        #expect(F.wireError(F.body(attrs: ushort))?.notification.subcode == 9)
        // IPv6 next hop of 5 bytes (RFC 7606 §7.11).
        let badNH: [UInt8] = [0x80, 0x0E, 0x0A, 0x00, 0x02, 0x01, 0x05, 1, 2, 3, 4, 5, 0x00]
        let e = F.wireError(F.body(attrs: badNH + F.origin + F.asPath4))
        #expect(e?.notification == NotificationMessage(code: 3, subcode: 9, data: badNH))
        #expect(e?.reason == "MP_REACH_NLRI at byte 29: next-hop length 5 is not valid for ipv6-unicast (16 or 32 expected)")
        // Next-hop length running past the attribute.
        let overNH: [UInt8] = [0x80, 0x0E, 0x06, 0x00, 0x02, 0x01, 0x10, 1, 0]
        #expect(F.wireError(F.body(attrs: overNH))?.notification.subcode == 9)
        // IPv6 prefix longer than 128 (RFC 7606 §5.3).
        let long: [UInt8] = [0x80, 0x0E, 0x17, 0x00, 0x02, 0x01, 0x10] + nh + [0x00, 129, 0x20]
        #expect(F.wireError(F.body(attrs: long + F.origin + F.asPath4))?.notification.subcode == 9)
        // MP_UNREACH NLRI running past the attribute.
        let trunc: [UInt8] = [0x80, 0x0F, 0x05, 0x00, 0x02, 0x01, 48, 0x20]
        #expect(F.wireError(F.body(attrs: trunc))?.reason.contains("runs past the end of the attribute") == true)
        // An MP attribute whose length runs past the attribute list.
        let cut: [UInt8] = [0x80, 0x0F, 0x09, 0x00, 0x02, 0x01]
        #expect(F.wireError(F.body(attrs: cut))?.notification == NotificationMessage(code: 3, subcode: 1))
    }

    @Test func messageLengthFieldsReset() {
        // Body too short for the two length fields.
        #expect(F.wireError([0, 0, 0])?.notification == NotificationMessage(code: 3, subcode: 1))
        // Withdrawn Routes Length past the message.
        let w = F.wireError([0x00, 0x05, 0x10, 0x0A, 0x01, 0x00, 0x00])
        #expect(w?.notification == NotificationMessage(code: 3, subcode: 1))
        #expect(w?.reason == "UPDATE withdrawn routes length 5 at byte 19 runs past the message (3 bytes left for withdrawn routes and path attributes)")
        // Total Path Attribute Length past the message.
        let a = F.wireError([0x00, 0x00, 0x00, 0x08] + F.origin)
        #expect(a?.notification == NotificationMessage(code: 3, subcode: 1))
        #expect(a?.reason == "UPDATE total path attribute length 8 at byte 21 runs past the message (4 bytes left)")
    }

    @Test func malformedNetworkFieldsReset() {
        // NLRI prefix length 33.
        let n = F.wireError(F.body(attrs: F.mandatory, nlri: [33, 1, 2, 3, 4, 5]))
        #expect(n?.notification == NotificationMessage(code: 3, subcode: 10))
        #expect(n?.reason == "UPDATE NLRI field: prefix at byte 43 has length 33, more than 32")
        // Last NLRI running past the message.
        #expect(F.wireError(F.body(attrs: F.mandatory, nlri: [24, 198, 51]))?.notification.subcode == 10)
        // Withdrawn routes field malformed.
        #expect(F.wireError(F.body(withdrawn: [24, 10, 0]))?.reason == "UPDATE withdrawn routes field: entry at byte 21 runs past the end of the field")
    }

    // §4: attribute lengths in conflict with the attribute list.

    @Test func attributeOverrunIsTreatAsWithdraw() throws {
        // COMMUNITIES claims 9 bytes, 4 are left: treat-as-withdraw, walk stops, NLRI still located.
        let u = try F.decode(F.body(attrs: F.mandatory + [0xC0, 0x08, 0x09, 0, 0, 0, 1], nlri: F.oneNLRI))
        #expect(u.treatAsWithdraw)
        #expect(u.attributeErrors.map(\.notification) == [NotificationMessage(code: 3, subcode: 1)])
        #expect(u.attributeErrors[0].reason == "COMMUNITIES at byte 43: length 9 runs past the path attributes (4 bytes left)")
        #expect(u.nlri.count == 1 && u.attributes.count == 3)
        // Fewer than 3 bytes left for a header.
        let v = try F.decode(F.body(attrs: F.mandatory + [0xC0, 0x08], nlri: F.oneNLRI))
        #expect(v.treatAsWithdraw && v.attributeErrors[0].reason == "path attribute at byte 43: only 2 bytes left, an attribute header needs 3")
        // Extended length header cut short.
        let x = try F.decode(F.body(attrs: F.mandatory + [0xD0, 0x08, 0x00], nlri: F.oneNLRI))
        #expect(x.treatAsWithdraw)
    }

    // §5.2: treat-as-withdraw without reachable NLRI becomes session reset.

    @Test func treatAsWithdrawWithoutNLRIResets() throws {
        let med: [UInt8] = [0x80, 0x04, 0x03, 0, 0, 1]
        let e = F.wireError(F.body(withdrawn: [24, 10, 0, 0], attrs: med))
        #expect(e?.notification == NotificationMessage(code: 3, subcode: 5, data: med))
        #expect(e?.reason.hasSuffix("(RFC 7606 §5.2)") == true)
        // Attribute discard alone does not escalate.
        let u = try F.decode(F.body(withdrawn: [24, 10, 0, 0], attrs: [0x40, 0x06, 0x01, 0x00]))
        #expect(u.attributeErrors.map(\.action) == [.attributeDiscard] && u.withdrawn.count == 1)
    }

    @Test func strongestActionWins() throws {
        // A discard and a treat-as-withdraw in one UPDATE: both recorded, verdict treat-as-withdraw.
        let u = try F.decode(F.body(attrs: F.mandatory + [0x40, 0x06, 0x01, 0x00] + [0x80, 0x04, 0x03, 0, 0, 1], nlri: F.oneNLRI))
        #expect(u.attributeErrors.map(\.action) == [.attributeDiscard, .treatAsWithdraw])
        #expect(u.treatAsWithdraw)
        // A session-reset error anywhere wins over both.
        #expect(F.wireError(F.body(attrs: [0x80, 0x04, 0x03, 0, 0, 1] + F.mandatory + [0x40, 0x63, 0x00], nlri: F.oneNLRI))?
                    .notification.subcode == 2)
    }

    @Test func notificationDataIsCutToFit() throws {
        // A 300-byte malformed COMMUNITIES (extended length) still gives data that fits 4096.
        let value = [UInt8](repeating: 7, count: 4099)
        let attr: [UInt8] = [0xD0, 0x08, 0x10, 0x03] + value
        let u = try F.decode(F.body(attrs: F.mandatory + attr, nlri: F.oneNLRI))
        #expect(u.attributeErrors[0].notification.data.count == 4096 - 21)
    }
}
