/// `tunl0` adopted where the kernel provides it (ipip module loaded) — against `FakeTunnelKernel`,
/// since this machine's kernel has none: MTU set to underlay − 20, brought up, this node's /32
/// the only IPv4 address; never deleted, only its address taken back when no pool needs IPIP. A
/// `tunl0` of another kind, and a node address no interface holds, are reported.
import Kernel
import NetCore
import NetlinkWire
import Testing

@Suite struct TunnelAdoptionTests {
    static func v4(_ s: String) -> IPv4Address { IPv4Address(s) ?? .zero }   // test literals

    func kernel(tunl0Kind: LinkInfo = .ipip(IPIPInfo())) -> FakeTunnelKernel {
        FakeTunnelKernel(links: [
            Link(index: 2, name: "eth0", mtu: 9000, flags: IFF.up),
            Link(index: 5, name: "tunl0", mtu: 1480, info: tunl0Kind),
        ], addresses: [
            InterfaceAddress(interfaceIndex: 2, local: .v4(Self.v4("192.0.2.1")), prefixLength: 24),
            InterfaceAddress(interfaceIndex: 5, local: .v4(Self.v4("100.66.9.9")), prefixLength: 32),
        ])
    }

    @Test func tunl0IsAdoptedAndFixed() throws {
        let fake = kernel()
        let devices = NetlinkTunnelDevices(transport: fake)
        let spec = TunnelSpec(ipip: IPIPDeviceSpec(local: Self.v4("192.0.2.1"), address: Self.v4("100.66.1.0")))
        let report = try devices.apply(spec)
        #expect(report.status.failures.isEmpty, "\(report.status.failures)")
        #expect(!report.interfacesChanged)
        #expect(fake.writes == ["set #5 mtu 8980", "set #5 up", "addr del 100.66.9.9/32 dev #5", "addr add 100.66.1.0/32 dev #5"])
        let tunl0 = try #require(report.status.ready("tunl0"))
        #expect(tunl0.mtu == 8980 && tunl0.addresses == ["100.66.1.0/32"] && !tunl0.created)
        #expect(tunl0.description.hasSuffix("adopted (never deleted by swiftletd)"))

        // Nothing to do the second time; with no IPIP pool only the address goes, tunl0 stays.
        #expect(try devices.apply(spec).writes == 0)
        try devices.apply(TunnelSpec())
        #expect(fake.writes.last == "addr del 100.66.1.0/32 dev #5")
        #expect(fake.links.contains { $0.name == "tunl0" })
    }

    @Test func tunl0OfAnotherKindIsReportedNotReplaced() throws {
        let fake = kernel(tunl0Kind: .other(kind: "dummy"))
        let devices = NetlinkTunnelDevices(transport: fake)
        let report = try devices.apply(TunnelSpec(ipip: IPIPDeviceSpec(local: Self.v4("192.0.2.1"))))
        let failure = try #require(report.status.blocking("tunl0"))
        #expect(failure.message.hasPrefix("device tunl0 exists but is of kind dummy, not ipip"))
        #expect(fake.writes.isEmpty)
    }

    @Test func noUnderlayIsNamed() throws {
        let fake = kernel()
        let devices = NetlinkTunnelDevices(transport: fake)
        let report = try devices.apply(TunnelSpec(ipip: IPIPDeviceSpec(local: Self.v4("198.51.100.7"))))
        let failure = try #require(report.status.blocking("tunl0"))
        #expect(failure.operation == "find underlay" && failure.message.contains("no interface in this network namespace holds 198.51.100.7"))
    }
}
