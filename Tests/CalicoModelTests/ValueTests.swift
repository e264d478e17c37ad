/// Go durations, the hold-time annotation, AS number text, peer addresses and communities.
import CalicoModel
import NetCore
import Testing

@Suite struct ValueTests {
    @Test(arguments: [("90s", 90), ("1m30s", 90), ("3m", 180), ("1h", 3600), ("0", 0), ("0s", 0), ("1.5m", 90)])
    func goDurations(_ text: String, _ seconds: Int64) {
        #expect(GoDuration(text)?.seconds == seconds, "\(text)")
    }

    @Test(arguments: ["", "90", "s", "-5s", "1x", "1..5s", "5 s"])
    func badDurations(_ text: String) { #expect(GoDuration(text) == nil, "\(text)") }

    @Test func durationCanonicalText() {
        #expect(GoDuration("90s")?.description == "1m30s")
        #expect(GoDuration("1500ms")?.description == "1.5s")
        #expect(GoDuration("2h0m5s")?.description == "2h0m5s")
    }

    @Test func holdTimeRules() {
        #expect(HoldTimeAnnotation.parse("90s") == .success(90))
        #expect(HoldTimeAnnotation.parse("0s") == .success(0))
        #expect(HoldTimeAnnotation.parse("3s") == .success(3))
        #expect(HoldTimeAnnotation.parse("2s") == .failure(.tooShort))
        #expect(HoldTimeAnnotation.parse("1.5s") == .failure(.notWholeSeconds))
        #expect(HoldTimeAnnotation.parse("20h") == .failure(.tooLong))
        #expect(HoldTimeAnnotation.parse("ninety") == .failure(.notADuration))
    }

    @Test func asNumbers() {
        #expect(ASNumberText.parse("64512") == ASN(64512))
        #expect(ASNumberText.parse("1.10") == ASN(65546))
        #expect(ASNumberText.parse("4294967295") == ASN(4_294_967_295))
        #expect(ASNumberText.parse("4294967296") == nil)
        #expect(ASNumberText.parse("1.65536") == nil)
        #expect(ASNumberText.parse("AS1") == nil)
    }

    @Test func peerAddresses() {
        #expect(PeerAddress("10.0.0.1") == PeerAddress(ip: .v4(IPv4Address(10, 0, 0, 1))))
        #expect(PeerAddress("10.0.0.1:1790")?.port == 1790)
        #expect(PeerAddress("[2001:db8::1]:1790")?.description == "[2001:db8::1]:1790")
        #expect(PeerAddress("2001:db8::1")?.port == nil)
        #expect(PeerAddress("10.0.0.1:0") == nil)
        #expect(PeerAddress("[2001:db8::1]") == nil)
        #expect(PeerAddress("host:179") == nil)
    }

    @Test func communities() {
        #expect(BGPCommunity("100:6532") == .standard(100, 6532))
        #expect(BGPCommunity("100:555:107") == .large(100, 555, 107))
        #expect(BGPCommunity("70000:1") == nil)
    }

    @Test func interfaceAddress() {
        #expect(InterfaceAddress("10.192.0.2/16")?.subnet?.description == "10.192.0.0/16")
        #expect(InterfaceAddress("10.0.0.1")?.prefixLength == 32)
        #expect(InterfaceAddress("10.0.0.1/33") == nil)
    }
}
