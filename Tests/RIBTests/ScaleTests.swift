/// A table of 100k routes from one peer: counts, sharing, export to a second peer, and a
/// memory figure per route (printed, not asserted: the benchmark owns comparisons with BIRD).
import BGPWire
import Glibc
import NetCore
import Testing
@testable import RIB

@Suite struct ScaleTests {
    /// UPDATEs of 500 /24s each in 10.0.0.0/8 onward, 100 attribute sets in all.
    static func feed(_ count: Int) -> [UpdateMessage] {
        stride(from: 0, to: count, by: 500).map { start in
            let nlri = (start..<min(count, start + 500)).map { i in
                NLRI(prefix: .v4(IPv4Prefix(address: IPv4Address(rawValue: 0x0A00_0000 + UInt32(i) << 8), length: 24)!))
            }
            let attributes: [PathAttribute] = [.origin(.igp), .asPath(asPath([65001, UInt32(64600 + start / 1000)])),
                                               .nextHop(v4("198.51.100.2"))]
            return UpdateMessage(attributes: attributes, nlri: NLRIList(nlri, afi: .ipv4, addPath: false))
        }
    }

    @Test func hundredThousandRoutesFromOnePeer() {
        let feed = Self.feed(100_000)
        let before = heapInUse()
        var rib = makeRIB()
        let a = addPeer(&rib, "198.51.100.2", asn: 65001)
        var changed = 0
        for u in feed { changed += rib.apply(u, from: a).changed.count }
        let after = heapInUse()
        #expect(changed == 100_000)
        #expect(rib.acceptedPathCount(from: a, family: .ipv4Unicast) == 100_000)
        #expect(rib.locRIBCount(.ipv4Unicast) == 100_000)
        #expect(rib.attributeTable.count == 100)
        print("RIB memory: \((after &- before) / 100_000) bytes per route (Adj-RIB-In + Loc-RIB, 100k routes)")

        let b = addPeer(&rib, "198.51.100.3", asn: 65002)
        var sent = 0
        var messages = 0
        while rib.hasPendingMessages(for: b) {
            for m in rib.nextMessages(for: b, maxBytes: 65536) {
                messages += 1
                if case .update(let u) = m { sent += u.nlri.count }
            }
        }
        #expect(sent == 100_000)
        #expect(messages < 200)  // 100 attribute sets, ~1000 /24s each: 2 messages each, + EoRs
        #expect(rib.advertisedCount(to: b, family: .ipv4Unicast) == 100_000)
        #expect(rib.attributeTable.count == 200)  // received sets + their eBGP exports
        print("RIB memory with one Adj-RIB-Out: \((heapInUse() &- before) / 100_000) bytes per route")

        _ = rib.sessionDown(a)
        #expect(rib.locRIBCount(.ipv4Unicast) == 0)
    }
}

/// Resident set size in bytes from /proc/self/statm (test-only: the RIB itself never touches
/// the C library). Noisy at this scale, so it is printed, never asserted.
func heapInUse() -> Int {
    let fd = open("/proc/self/statm", O_RDONLY)
    guard fd >= 0 else { return 0 }
    defer { close(fd) }
    var buffer = [UInt8](repeating: 0, count: 128)
    let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, 127) }
    guard n > 0 else { return 0 }
    let fields = String(decoding: buffer[0..<n], as: UTF8.self).split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}
