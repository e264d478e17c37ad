/// `NetlinkTunnelDevices` against the real kernel, one network namespace per test (veth pair,
/// documentation addresses): `vxlan.calico` created with Calico's settings (VNI 4096, port 4789,
/// local = the node's address, underlay = its interface, MTU − 50, learning off, the node's MAC,
/// its /32) with permanent neighbour and FDB entries and a route `via <VTEP> dev vxlan.calico
/// onlink` through it; a device made by hand adopted and fixed in place, recreated when its VNI
/// is wrong, stray entries removed, and deleted only when Swiftlet created it; `tunl0` on a
/// kernel without the ipip module fails with the mapped error while vxlan keeps working.
import Foundation
import Kernel
import NetCore
import NetlinkWire
import Testing

@Suite(.serialized, .enabled(if: NetworkNamespace.unavailableReason == nil,
                             Comment(rawValue: NetworkNamespace.unavailableReason ?? "")))
struct TunnelNamespaceTests {
    static func v4(_ s: String) -> IPv4Address {
        guard let a = IPv4Address(s) else { fatalError("bad test address \(s)") }
        return a
    }

    static func mac(_ s: String) -> LinkLayerAddress {
        guard let m = LinkLayerAddress(s) else { fatalError("bad test MAC \(s)") }
        return m
    }

    /// A namespace with a veth pair v0/v1 up; v0 (MTU 1500) holds 192.0.2.1/24, the node's address.
    func lab() throws -> NetworkNamespace {
        let ns = try NetworkNamespace()
        do {
            try ns.ip("link", "set", "lo", "up")
            try ns.ip("link", "add", "v0", "type", "veth", "peer", "name", "v1")
            try ns.ip("link", "set", "v0", "up")
            try ns.ip("link", "set", "v1", "up")
            try ns.ip("addr", "add", "192.0.2.1/24", "dev", "v0")
        } catch {
            ns.close()
            throw error
        }
        return ns
    }

    static let peers = [
        VXLANPeer(vtep: v4("100.64.2.0"), mac: mac("66:55:44:33:22:02"), node: v4("192.0.2.2")),
        VXLANPeer(vtep: v4("100.64.3.0"), mac: mac("66:55:44:33:22:03"), node: v4("192.0.2.3")),
    ]

    static let vxlan = VXLANDeviceSpec(local: v4("192.0.2.1"), mac: mac("66:55:44:33:22:01"), address: v4("100.64.1.0"))

    @Test func vxlanDeviceNeighboursFDBAndOnlinkRoute() throws {
        let ns = try lab()
        defer { ns.close() }
        let tunnels = try ns.withNetwork { try NetlinkTunnelDevices() }
        let report = try tunnels.apply(TunnelSpec(vxlan: Self.vxlan, peers: Self.peers))
        #expect(report.status.failures.isEmpty, Comment(rawValue: "\(report.status.failures)"))
        #expect(report.interfacesChanged)

        let link = try ns.ip("-d", "link", "show", "vxlan.calico")
        for part in ["vxlan id 4096", "local 192.0.2.1 dev v0", "dstport 4789", "nolearning", "mtu 1450",
                     "link/ether 66:55:44:33:22:01", "alias created by swiftletd", ",UP,"] {
            #expect(link.contains(part), Comment(rawValue: "\(part) missing in:\n\(link)"))
        }
        let addr = try ns.ip("-4", "addr", "show", "dev", "vxlan.calico")
        #expect(addr.contains("inet 100.64.1.0/32"), Comment(rawValue: addr))
        let neigh = try ns.ip("neigh", "show", "dev", "vxlan.calico")
        #expect(neigh.contains("100.64.2.0 lladdr 66:55:44:33:22:02 PERMANENT"), Comment(rawValue: neigh))
        #expect(neigh.contains("100.64.3.0 lladdr 66:55:44:33:22:03 PERMANENT"), Comment(rawValue: neigh))
        let fdb = try NetworkNamespace.check(["bridge", "-n", ns.name, "fdb", "show", "dev", "vxlan.calico"])
        #expect(fdb.contains("66:55:44:33:22:02 dst 192.0.2.2 self permanent"), Comment(rawValue: fdb))
        #expect(fdb.contains("66:55:44:33:22:03 dst 192.0.2.3 self permanent"), Comment(rawValue: fdb))
        let device = try #require(report.status.ready("vxlan.calico"))
        #expect(device.created && device.mtu == 1450 && device.addresses == ["100.64.1.0/32"])

        // The route form of a VXLAN pool goes through the device.
        let table = try ns.withNetwork { try NetlinkRouteTable() }
        table.setDesired([.via(prefix("100.64.2.0/26"), [hop("100.64.2.0", "vxlan.calico", onlink: true)])])
        let routes = try table.apply()
        #expect(routes.added == 1 && table.status.failures.isEmpty, Comment(rawValue: "\(table.status.failures)"))
        let shown = try ns.ip("route", "show", "100.64.2.0/26")
        #expect(shown.contains("via 100.64.2.0 dev vxlan.calico proto 201 onlink"), Comment(rawValue: shown))

        // Nothing to do the second time.
        let again = try tunnels.apply(TunnelSpec(vxlan: Self.vxlan, peers: Self.peers))
        #expect(again.writes == 0 && !again.interfacesChanged && again.status == report.status)
    }

    @Test func adoptFixRecreateCleanAndRemove() throws {
        let ns = try lab()
        defer { ns.close() }
        // Made by hand: right VNI/port/underlay, but learning on, MTU 1400, down, another MAC and address.
        try ns.ip("link", "add", "vxlan.calico", "mtu", "1400", "address", "66:55:44:33:22:aa", "type", "vxlan", "id", "4096",
                  "dstport", "4789", "dev", "v0", "local", "192.0.2.1", "learning")
        try ns.ip("addr", "add", "100.64.9.1/24", "dev", "vxlan.calico")
        let index = try ns.ip("-o", "link", "show", "vxlan.calico").prefix { $0 != ":" }
        let tunnels = try ns.withNetwork { try NetlinkTunnelDevices() }
        let adopted = try tunnels.apply(TunnelSpec(vxlan: Self.vxlan, peers: Self.peers))
        #expect(adopted.status.failures.isEmpty, Comment(rawValue: "\(adopted.status.failures)"))
        #expect(!adopted.interfacesChanged, "fixed in place, not recreated")
        let fixed = try ns.ip("-d", "link", "show", "vxlan.calico")
        #expect(fixed.hasPrefix("\(index):"), Comment(rawValue: fixed))
        for part in ["nolearning", "mtu 1450", "link/ether 66:55:44:33:22:01", ",UP,"] {
            #expect(fixed.contains(part), Comment(rawValue: "\(part) missing in:\n\(fixed)"))
        }
        #expect(!fixed.contains("alias"), "an adopted device is not marked as Swiftlet's")
        let addr = try ns.ip("-4", "addr", "show", "dev", "vxlan.calico")
        #expect(addr.contains("100.64.1.0/32") && !addr.contains("100.64.9.1"), Comment(rawValue: addr))
        #expect(adopted.status.devices.first?.created == false)

        // No VXLAN pool any more: an adopted device stays.
        try tunnels.apply(TunnelSpec())
        #expect((try? ns.ip("link", "show", "vxlan.calico")) != nil, "an adopted vxlan.calico is never deleted")

        // A wrong VNI cannot be fixed in place: deleted and created again, now Swiftlet's.
        try ns.ip("link", "del", "vxlan.calico")
        try ns.ip("link", "add", "vxlan.calico", "type", "vxlan", "id", "4097", "dstport", "4789", "dev", "v0", "local", "192.0.2.1")
        let recreated = try tunnels.apply(TunnelSpec(vxlan: Self.vxlan, peers: Self.peers))
        #expect(recreated.interfacesChanged && recreated.status.failures.isEmpty, Comment(rawValue: "\(recreated.status.failures)"))
        let now = try ns.ip("-d", "link", "show", "vxlan.calico")
        #expect(now.contains("vxlan id 4096") && now.contains("alias created by swiftletd"), Comment(rawValue: now))

        // Stray entries go, the wanted ones stay.
        try ns.ip("neigh", "add", "100.64.7.0", "lladdr", "66:55:44:33:22:07", "dev", "vxlan.calico", "nud", "permanent")
        try NetworkNamespace.check(["bridge", "-n", ns.name, "fdb", "append", "66:55:44:33:22:07", "dev", "vxlan.calico",
                                    "dst", "192.0.2.7", "self", "permanent"])
        let cleaned = try tunnels.apply(TunnelSpec(vxlan: Self.vxlan, peers: [Self.peers[0]]))
        #expect(cleaned.status.failures.isEmpty, Comment(rawValue: "\(cleaned.status.failures)"))
        let neigh = try ns.ip("neigh", "show", "dev", "vxlan.calico")
        #expect(neigh.contains("100.64.2.0 lladdr") && !neigh.contains("100.64.7.0") && !neigh.contains("100.64.3.0"), Comment(rawValue: neigh))
        let fdb = try NetworkNamespace.check(["bridge", "-n", ns.name, "fdb", "show", "dev", "vxlan.calico"])
        #expect(fdb.contains("dst 192.0.2.2") && !fdb.contains("192.0.2.7") && !fdb.contains("192.0.2.3"), Comment(rawValue: fdb))

        // After a restart (a new instance), the alias still says it is Swiftlet's: deleted.
        let restarted = try ns.withNetwork { try NetlinkTunnelDevices() }
        let removed = try restarted.apply(TunnelSpec())
        #expect(removed.interfacesChanged && removed.status.failures.isEmpty)
        #expect((try? ns.ip("link", "show", "vxlan.calico")) == nil, "Swiftlet's vxlan.calico is deleted with the last VXLAN pool")
    }

    /// This kernel may lack the ipip module: then creating tunl0 fails with EOPNOTSUPP and a
    /// message naming the remedy, and the vxlan device in the same pass is still built. With
    /// the module, the kernel's fallback tunl0 is adopted with MTU − 20 and the /32.
    @Test func tunl0OnThisKernel() throws {
        let ns = try lab()
        defer { ns.close() }
        let hasIPIP = (try? ns.ip("link", "show", "tunl0")) != nil
        let tunnels = try ns.withNetwork { try NetlinkTunnelDevices() }
        let spec = TunnelSpec(vxlan: Self.vxlan, ipip: IPIPDeviceSpec(local: Self.v4("192.0.2.1"), address: Self.v4("100.65.1.0")),
                              peers: Self.peers)
        let report = try tunnels.apply(spec)
        #expect(report.status.ready("vxlan.calico") != nil, Comment(rawValue: "\(report.status.failures)"))
        if hasIPIP {
            let tunl0 = try #require(report.status.ready("tunl0"), Comment(rawValue: "\(report.status.failures)"))
            #expect(tunl0.mtu == 1480 && tunl0.addresses == ["100.65.1.0/32"] && !tunl0.created)
        } else {
            let failure = try #require(report.status.blocking("tunl0"))
            #expect(failure.errno == 95 && failure.extendedAck == "Unknown device type")
            #expect(failure.message == "create device tunl0 (ipip): Operation not supported (EOPNOTSUPP): Unknown device type "
                + "(this kernel has no ipip support: load the ipip module (modprobe ipip) or use vxlanMode for the pool)")
            #expect((try? ns.ip("link", "show", "tunl0")) == nil)
            print("tunl0 on this kernel: \(failure.message)")
        }
    }
}
