/// NetCore: AS numbers, router IDs and address families.
import Testing
@testable import NetCore

@Suite struct ASNTests {
    @Test func transAndWidth() {
        #expect(ASN.trans.rawValue == 23456)
        #expect(ASN(65535).isTwoOctet)
        #expect(!ASN(65536).isTwoOctet)
        #expect(ASN(4_200_000_000).description == "4200000000")
    }

    @Test func routerIDPrintsDotted() {
        #expect(RouterID(IPv4Address(192, 0, 2, 1)).description == "192.0.2.1")
        #expect(RouterID(rawValue: 1) < RouterID(rawValue: 2))
    }

    @Test func families() {
        #expect(AddressFamily.ipv4Unicast.description == "ipv4-unicast")
        #expect(AddressFamily(afi: AFI(rawValue: 25), safi: SAFI(rawValue: 70)).description == "afi25-safi70")
        #expect(AddressFamily.ipv4Unicast < AddressFamily.ipv6Unicast)
    }
}
