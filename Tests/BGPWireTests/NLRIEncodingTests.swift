/// NLRI entries written by `NLRIList.encode` (RFC 4271 §4.3: a length octet, then only the
/// octets the length covers) and the `ByteWriter.writeLeading` it uses for IPv4.
import Testing
@testable import BGPWire
import NetCore

@Suite("NLRI entry encoding")
struct NLRIEncodingTests {
    private func encoded(_ text: String, pathID: UInt32? = nil) throws -> [UInt8] {
        let prefix = try #require(IPPrefix(text))
        var w = ByteWriter()
        NLRIList.encode(NLRI(prefix: prefix, pathID: pathID), addPath: pathID != nil, into: &w)
        return w.bytes
    }

    @Test("IPv4 entries carry only the octets their length covers")
    func ipv4Octets() throws {
        #expect(try encoded("0.0.0.0/0") == [0])
        #expect(try encoded("10.0.0.0/8") == [8, 10])
        #expect(try encoded("100.64.0.0/10") == [10, 100, 64])
        #expect(try encoded("198.51.100.0/24") == [24, 198, 51, 100])
        #expect(try encoded("198.51.100.128/25") == [25, 198, 51, 100, 128])
        #expect(try encoded("192.0.2.7/32") == [32, 192, 0, 2, 7])
        #expect(try encoded("192.0.2.0/24", pathID: 0x0102_0304) == [1, 2, 3, 4, 24, 192, 0, 2])
    }

    @Test("writeLeading appends the leading octets big-endian and nothing else")
    func writeLeading() {
        var w = ByteWriter()
        w.write(UInt8(0xAA))
        w.writeLeading(0, of: 0x0102_0304_0506_0708)
        w.writeLeading(3, of: 0x0102_0304_0506_0708)
        w.writeLeading(8, of: 0x1112_1314_1516_1718)
        #expect(w.bytes == [0xAA, 1, 2, 3, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18])
    }

    @Test("every IPv4 length round-trips through the list decoder")
    func roundTrip() throws {
        for length in 0...32 {
            // 203.0.113.255 with host bits: the initialiser masks them, as the decoder does.
            let prefix = IPPrefix.v4(try #require(IPv4Prefix(address: IPv4Address(rawValue: 0xCB00_71FF), length: UInt8(length))))
            let list = NLRIList([NLRI(prefix: prefix, pathID: nil)], afi: .ipv4, addPath: false)
            #expect(Array(list).map(\.prefix) == [prefix])
        }
    }
}
