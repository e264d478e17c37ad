/// AS_PATH: path length (RFC 4271 §9.1.2.2), segment splitting at 255, the bgpdump text form,
/// the RFC 6793 §4.2.3 AS4_PATH merge and AGGREGATOR rules, and RFC 6793 §4.2.2 encoding for a
/// 2-octet session.
import Testing
@testable import BGPWire
import NetCore

@Suite("AS_PATH and AS4_PATH")
struct ASPathTests {
    typealias F = UpdateFixtures

    func seq(_ a: [UInt32]) -> ASPathSegment { ASPathSegment(type: .sequence, asns: a.map { ASN($0) }) }
    func set(_ a: [UInt32]) -> ASPathSegment { ASPathSegment(type: .set, asns: a.map { ASN($0) }) }
    func cseq(_ a: [UInt32]) -> ASPathSegment { ASPathSegment(type: .confedSequence, asns: a.map { ASN($0) }) }
    func cset(_ a: [UInt32]) -> ASPathSegment { ASPathSegment(type: .confedSet, asns: a.map { ASN($0) }) }
    func path(_ s: ASPathSegment...) -> ASPath { ASPath(segments: s) }
    let trans: UInt32 = 23456

    @Test func lengthCountsSetAsOneAndConfedAsZero() {
        #expect(path(seq([1, 2, 3]), set([4, 5, 6]), cseq([7, 8]), cset([9])).length == 4)
        #expect(ASPath.empty.length == 0)
    }

    @Test func textFormMatchesBgpdump() {
        #expect(path(seq([1, 2]), set([3, 4]), seq([5])).description == "1 2 {3,4} 5")
        #expect(path(cseq([64512, 64513]), cset([1, 2]), seq([7])).description == "(64512 64513) [1,2] 7")
    }

    @Test func longSegmentsAreSplitAt255() throws {
        let asns = (1...300).map { UInt32($0) }
        let a = PathAttribute.asPath(path(seq(asns)))
        let bytes = a.encoded(context: F.fourOctet)
        // Extended length: 2 segments (2 × 2 header bytes) + 300 × 4 = 1204 = 0x04B4.
        #expect(Array(bytes.prefix(6)) == [0x50, 0x02, 0x04, 0xB4, 0x02, 0xFF])
        #expect(bytes[4 + 2 + 255 * 4] == 0x02 && bytes[4 + 3 + 255 * 4] == 45)
        let decoded = try PathAttribute.decode(flags: AttributeFlags(rawValue: bytes[0]), code: .asPath, value: bytes[4...], context: F.fourOctet)
        #expect(decoded == .asPath(path(seq(Array(asns.prefix(255))), seq(Array(asns.dropFirst(255))))))
    }

    // RFC 6793 §4.2.3 merge cases.

    @Test func mergeReplacesTrailingASTrans() {
        // AS_PATH 65001 23456 23456, AS4_PATH 4200000000 4200000001 → 65001 4200000000 4200000001.
        let merged = path(seq([65001, trans, trans])).merging(as4Path: path(seq([4_200_000_000, 4_200_000_001])))
        #expect(merged == path(seq([65001, 4_200_000_000, 4_200_000_001])))
        #expect(merged.description == "65001 4200000000 4200000001")
    }

    @Test func mergeIgnoresLongerAS4Path() {
        let p = path(seq([65001, trans]))
        #expect(p.merging(as4Path: path(seq([1, 2, 3]))) == p)
    }

    @Test func mergeWithEqualCountsIsAS4Path() {
        #expect(path(seq([trans, trans])).merging(as4Path: path(seq([4_200_000_000, 4_200_000_001])))
                == path(seq([4_200_000_000, 4_200_000_001])))
    }

    @Test func mergeTakesLeadingSetWhole() {
        // AS_PATH {1,2} 23456 (count 2), AS4_PATH 4200000000 (count 1): prepend the set.
        #expect(path(set([1, 2]), seq([trans])).merging(as4Path: path(seq([4_200_000_000])))
                == path(set([1, 2]), seq([4_200_000_000])))
    }

    @Test func mergeKeepsLeadingConfederationSegment() {
        // (64512) 65001 23456 with AS4_PATH 4200000000: confed leading segment is prepended whole.
        #expect(path(cseq([64512]), seq([65001, trans])).merging(as4Path: path(seq([4_200_000_000])))
                == path(cseq([64512]), seq([65001, 4_200_000_000])))
        // With equal counts the leading confederation segment is still prepended.
        #expect(path(cseq([64512]), seq([trans])).merging(as4Path: path(seq([4_200_000_000])))
                == path(cseq([64512]), seq([4_200_000_000])))
    }

    @Test func mergeWithSetInAS4Path() {
        // AS_PATH 65001 65002 {23456,65003} (count 3), AS4_PATH {4200000000,65003} (count 1).
        #expect(path(seq([65001, 65002]), set([trans, 65003])).merging(as4Path: path(set([4_200_000_000, 65003])))
                == path(seq([65001, 65002]), set([4_200_000_000, 65003])))
    }

    // Effective path and aggregator on an UPDATE from a 2-octet session.

    func update(_ attrs: [UInt8]) throws -> UpdateMessage {
        try F.decode(F.body(attrs: F.origin + attrs + F.nextHop, nlri: F.oneNLRI), F.twoOctet)
    }

    // 2-octet AS_PATH 65001 23456; AS4_PATH 4200000000.
    let asPath2: [UInt8] = [0x40, 0x02, 0x06, 0x02, 0x02, 0xFD, 0xE9, 0x5B, 0xA0]
    let as4Path: [UInt8] = [0xC0, 0x11, 0x06, 0x02, 0x01, 0xFA, 0x56, 0xEA, 0x00]

    @Test func effectivePathMergesOnTwoOctetSession() throws {
        let u = try update(asPath2 + as4Path)
        #expect(u.attributeErrors.isEmpty)
        #expect(u.asPath == path(seq([65001, trans])))
        #expect(u.effectiveASPath == path(seq([65001, 4_200_000_000])))
    }

    @Test func aggregatorNotASTransMeansAS4PathIgnored() throws {
        // AGGREGATOR 65002 (not AS_TRANS) with AS4_AGGREGATOR present: AS4_PATH and AS4_AGGREGATOR ignored.
        let agg: [UInt8] = [0xC0, 0x07, 0x06, 0xFD, 0xEA, 192, 0, 2, 9]
        let agg4: [UInt8] = [0xC0, 0x12, 0x08, 0xFA, 0x56, 0xEA, 0x00, 192, 0, 2, 9]
        let u = try update(asPath2 + agg + as4Path + agg4)
        #expect(u.effectiveASPath == path(seq([65001, trans])))
        #expect(u.effectiveAggregator == Aggregator(asn: 65002, address: IPv4Address(192, 0, 2, 9)))
    }

    @Test func aggregatorASTransUsesAS4Aggregator() throws {
        let agg: [UInt8] = [0xC0, 0x07, 0x06, 0x5B, 0xA0, 192, 0, 2, 9]
        let agg4: [UInt8] = [0xC0, 0x12, 0x08, 0xFA, 0x56, 0xEA, 0x00, 192, 0, 2, 9]
        let u = try update(asPath2 + agg + as4Path + agg4)
        #expect(u.effectiveASPath == path(seq([65001, 4_200_000_000])))
        #expect(u.effectiveAggregator == Aggregator(asn: 4_200_000_000, address: IPv4Address(192, 0, 2, 9)))
        // AS4_AGGREGATOR without AGGREGATOR is ignored.
        #expect(try update(asPath2 + agg4).effectiveAggregator == nil)
    }

    @Test func as4AttributesFromFourOctetSessionAreDiscarded() throws {
        // RFC 6793 §4.1: AS4_PATH between NEW speakers is discarded (attribute discard, noted).
        let u = try F.decode(F.body(attrs: F.mandatory + as4Path, nlri: F.oneNLRI))
        #expect(u.as4Path == nil)
        #expect(u.attributeErrors.map(\.action) == [.attributeDiscard])
        #expect(!u.treatAsWithdraw)
        #expect(u.effectiveASPath == path(seq([65001])))
    }

    @Test func confederationSegmentsRemovedFromAS4Path() throws {
        // RFC 6793 §3: AS4_PATH (64512) 4200000000 → confed segment removed, rest kept, logged.
        let bad: [UInt8] = [0xC0, 0x11, 0x0C, 0x03, 0x01, 0x00, 0x00, 0xFC, 0x00, 0x02, 0x01, 0xFA, 0x56, 0xEA, 0x00]
        let u = try update(asPath2 + bad)
        #expect(u.as4Path == path(seq([4_200_000_000])))
        #expect(u.attributeErrors.count == 1 && u.attributeErrors[0].action == .attributeDiscard)
    }

    @Test func twoOctetEncodingAddsAS4PathAndAS4Aggregator() throws {
        let p = path(seq([65001, 4_200_000_000]))
        let agg = Aggregator(asn: 4_200_000_001, address: IPv4Address(192, 0, 2, 9))
        let u = UpdateMessage(attributes: [.origin(.igp), .asPath(p), .nextHop(IPv4Address(192, 0, 2, 1)), .aggregator(agg)],
                              nlri: NLRIList([NLRI(prefix: IPPrefix("198.51.100.0/24")!)], afi: .ipv4, addPath: false))
        let bytes = u.encode(context: F.twoOctet)
        let expectedAttrs: [UInt8] = F.origin
            + [0x40, 0x02, 0x06, 0x02, 0x02, 0xFD, 0xE9, 0x5B, 0xA0]                      // AS_PATH 65001 AS_TRANS
            + [0xC0, 0x11, 0x0A, 0x02, 0x02, 0x00, 0x00, 0xFD, 0xE9, 0xFA, 0x56, 0xEA, 0x00] // AS4_PATH 65001 4200000000
            + F.nextHop
            + [0xC0, 0x07, 0x06, 0x5B, 0xA0, 192, 0, 2, 9]                                 // AGGREGATOR AS_TRANS
            + [0xC0, 0x12, 0x08, 0xFA, 0x56, 0xEA, 0x01, 192, 0, 2, 9]                     // AS4_AGGREGATOR
        #expect(bytes == F.body(attrs: expectedAttrs, nlri: F.oneNLRI))
        // The receiver (2-octet session) recovers the 4-octet path and aggregator.
        let back = try F.decode(bytes, F.twoOctet)
        #expect(back.effectiveASPath == p)
        #expect(back.effectiveAggregator == agg)
        // Encoding the decoded message again for a 4-octet session drops AS4_* (RFC 6793 §4.1).
        let four = try F.decode(back.encode(context: F.fourOctet))
        #expect(four.as4Path == nil && four.as4Aggregator == nil)
    }

    @Test func mappableTwoOctetPathSendsNoAS4Path() {
        let u = UpdateMessage(attributes: [.asPath(path(seq([65001])))])
        #expect(u.encode(context: F.twoOctet) == F.body(attrs: [0x40, 0x02, 0x04, 0x02, 0x01, 0xFD, 0xE9]))
    }
}
