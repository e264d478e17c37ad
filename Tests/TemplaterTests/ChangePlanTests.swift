/// ChangePlan: every peer field's reset-or-live classification (table-driven), node identity and
/// settings, prefixes, kernel changes, and properties over random configuration pairs.
import CalicoModel
import NetCore
import Testing
@testable import Templater

/// A small cluster in documentation ranges: three nodes, a global peer with a filter, an IPIP pool
/// with this node's block, a prefix advertisement with a community.
enum PlanFixture {
    static let yaml = """
    kind: BGPConfiguration
    apiVersion: projectcalico.org/v3
    metadata: {name: default}
    spec:
      asNumber: 64512
      communities:
      - {name: tagged, value: "65000:100"}
      prefixAdvertisements:
      - {cidr: 100.64.1.0/26, communities: [tagged]}
    ---
    kind: Node
    apiVersion: projectcalico.org/v3
    metadata: {name: node-a}
    spec:
      bgp: {ipv4Address: 192.0.2.1/24}
    ---
    kind: Node
    apiVersion: projectcalico.org/v3
    metadata: {name: node-b}
    spec:
      bgp: {ipv4Address: 192.0.2.2/24, ipv4IPIPTunnelAddr: 100.64.2.1}
    ---
    kind: Node
    apiVersion: projectcalico.org/v3
    metadata: {name: node-c}
    spec:
      bgp: {ipv4Address: 192.0.2.3/24}
    ---
    kind: BGPPeer
    apiVersion: projectcalico.org/v3
    metadata: {name: tor}
    spec:
      peerIP: 198.51.100.1
      asNumber: 65000
      filters: [only-pods]
    ---
    kind: BGPFilter
    apiVersion: projectcalico.org/v3
    metadata: {name: only-pods}
    spec:
      exportV4:
      - {action: Accept, matchOperator: In, cidr: 100.64.0.0/16}
    ---
    kind: IPPool
    apiVersion: projectcalico.org/v3
    metadata: {name: pods}
    spec: {cidr: 100.64.0.0/16, ipipMode: Always}
    ---
    kind: BlockAffinity
    apiVersion: projectcalico.org/v3
    metadata: {name: node-a-100-64-1-0-26}
    spec: {node: node-a, cidr: 100.64.1.0/26, state: confirmed, deleted: "false"}
    """

    static func resources() throws -> ResourceSet { try ResourceSet.load(path: "plan-fixture.yaml", contents: yaml) }

    static func config(_ edit: (inout ResourceSet) -> Void = { _ in }) throws -> DesiredNodeConfig {
        var r = try resources()
        edit(&r)
        return try DesiredNodeConfig.compute(resources: r, nodeName: "node-a", secretsDirectory: "/secrets")
    }

    static let torName = "Global_198_51_100_1"

    /// A password reference as compute makes it (its initializer is internal to CalicoModel).
    static let torPassword: PeerConfig.Password? = (try? config { $0.bgpPeers[0].password = SecretKeyRef(name: "bgp", key: "tor") })?
        .peers.first { $0.name == torName }?.password
}

/// One row of the classification table: a change to the global peer and what the plan must say.
struct PeerFieldCase: Sendable, CustomStringConvertible {
    let field: PeerField
    let effect: ChangeEffect
    let mutate: @Sendable (inout PeerConfig) -> Void
    var description: String { "\(field.rawValue) → \(effect.rawValue)" }
}

@Suite struct ChangePlanTests {
    static let peerCases: [PeerFieldCase] = [
        PeerFieldCase(field: .port, effect: .reset) { $0.port = 1790 },
        PeerFieldCase(field: .remoteAS, effect: .reset) { $0.remoteAS = 65001 },
        PeerFieldCase(field: .localAS, effect: .reset) { $0.localAS = 64600; $0.explicitLocalAS = true },
        PeerFieldCase(field: .password, effect: .reset) {
            $0.password = PlanFixture.torPassword
        },
        PeerFieldCase(field: .sourceAddress, effect: .reset) { $0.sourceAddress = nil },
        PeerFieldCase(field: .ttlSecurity, effect: .reset) { $0.ttlSecurity = 1 },
        PeerFieldCase(field: .passive, effect: .reset) { $0.passive.toggle() },
        PeerFieldCase(field: .keepaliveTime, effect: .live) { $0.keepaliveTime = 10 },
        PeerFieldCase(field: .holdTime, effect: .live) { $0.holdTime = 30 },
        PeerFieldCase(field: .gracefulRestartTime, effect: .live) { $0.gracefulRestartTime = 120 },
        PeerFieldCase(field: .nextHop, effect: .live) { $0.nextHop = .self },
        PeerFieldCase(field: .routeReflectorClient, effect: .live) { $0.routeReflectorClient = true },
        PeerFieldCase(field: .routeReflectorClusterID, effect: .live) { $0.routeReflectorClusterID = IPv4Address("192.0.2.250") },
        PeerFieldCase(field: .numAllowedLocalAS, effect: .live) { $0.numAllowedLocalAS = 2 },
        PeerFieldCase(field: .filters, effect: .live) { $0.filters = [] },
        PeerFieldCase(field: .reachableBy, effect: .live) { $0.reachableBy = IPAddress("192.0.2.254") },
        PeerFieldCase(field: .kind, effect: .live) { $0.kind = .node },
        PeerFieldCase(field: .isCalicoNode, effect: .live) { $0.isCalicoNode.toggle() },
        PeerFieldCase(field: .resource, effect: .live) { $0.resource = "tor-renamed" },
    ]

    @Test func tableCoversEveryField() {
        #expect(Set(Self.peerCases.map(\.field)) == Set(PeerField.allCases))
    }

    @Test(arguments: peerCases)
    func peerFieldClassification(_ c: PeerFieldCase) throws {
        let old = try PlanFixture.config()
        var new = old
        let i = try #require(new.peers.firstIndex { $0.name == PlanFixture.torName })
        c.mutate(&new.peers[i])
        let plan = ChangePlan.between(old, new)
        #expect(c.field.effect == c.effect)
        #expect(plan.addedPeers.isEmpty && plan.removedPeers.isEmpty, "a field change is not a new peer")
        #expect(plan.changedPeers.count == 1)
        let change = try #require(plan.changedPeers.first)
        #expect(change.fields.map(\.field) == [c.field])
        #expect(change.needsReset == (c.effect == .reset))
        #expect(plan.resetPeers.count == (c.effect == .reset ? 1 : 0))
        #expect(plan.livePeers.count == (c.effect == .live ? 1 : 0))
        // Mesh peers were not touched and appear nowhere.
        #expect(!plan.lines.joined().contains("Mesh_"))
        let line = try #require(plan.lines.first { $0.hasPrefix("peer ") })
        #expect(line.hasPrefix(c.effect == .reset ? "peer reset: \(new.peers[i].name)" : "peer updated live: \(new.peers[i].name)"))
    }

    /// A change made through the resources reaches the plan with the right fields.
    @Test func resourceEditsBecomeFieldChanges() throws {
        let old = try PlanFixture.config()
        let new = try PlanFixture.config { r in
            r.bgpPeers[0].keepaliveTime = GoDuration("20s")
            r.bgpPeers[0].ttlSecurity = 2
        }
        let plan = ChangePlan.between(old, new)
        let change = try #require(plan.changedPeers.first)
        #expect(plan.changedPeers.count == 1)
        #expect(change.fields == [
            PeerFieldChange(field: .ttlSecurity, old: "off (multihop)", new: "2 hops"),
            PeerFieldChange(field: .keepaliveTime, old: "default", new: "20 s"),
        ])
        #expect(change.needsReset)
    }

    /// Equivalent spellings are not changes: port nil is 179, allowed local AS nil is 0 (as the
    /// Speaker maps them), so no session is touched.
    @Test func defaultsAreNotChanges() throws {
        let old = try PlanFixture.config()
        var new = old
        let i = try #require(new.peers.firstIndex { $0.name == PlanFixture.torName })
        new.peers[i].port = 179
        new.peers[i].numAllowedLocalAS = 0
        #expect(ChangePlan.between(old, new).isEmpty)
    }

    @Test func portChangeOfTheOnlyPeerOnAnAddressIsAReset() throws {
        let old = try PlanFixture.config()
        var new = old
        let i = try #require(new.peers.firstIndex { $0.name == PlanFixture.torName })
        new.peers[i] = {
            var p = PeerConfig(kind: .global, address: new.peers[i].address, port: 1790, remoteAS: 65000, localAS: 64512)
            p.sourceAddress = new.peers[i].sourceAddress
            p.filters = new.peers[i].filters
            p.resource = new.peers[i].resource
            return p
        }()
        let plan = ChangePlan.between(old, new)
        #expect(plan.addedPeers.isEmpty && plan.removedPeers.isEmpty)
        #expect(plan.changedPeers.first?.fields.map(\.field) == [.port])
        #expect(plan.changedPeers.first?.old.name == "Global_198_51_100_1")
        #expect(plan.changedPeers.first?.new.name == "Global_198_51_100_1_port_1790")
    }

    @Test func newAddressIsRemovedAndAdded() throws {
        let old = try PlanFixture.config()
        let new = try PlanFixture.config { $0.bgpPeers[0].peerIP = PeerAddress("198.51.100.2") }
        let plan = ChangePlan.between(old, new)
        #expect(plan.removedPeers.map(\.name) == ["Global_198_51_100_1"])
        #expect(plan.addedPeers.map(\.name) == ["Global_198_51_100_2"])
        #expect(plan.changedPeers.isEmpty)
        #expect(plan.lines.contains("peer removed: Global_198_51_100_1 (198.51.100.1 AS 65000)"))
        #expect(plan.lines.contains("peer added: Global_198_51_100_2 (198.51.100.2 AS 65000)"))
    }

    /// The same password file with a different key inside: a reset only when the keys are given.
    @Test func passwordKeyChangeInTheSameFile() throws {
        let old = try PlanFixture.config { $0.bgpPeers[0].password = SecretKeyRef(name: "bgp", key: "tor") }
        let path = "/secrets/bgp/tor"
        #expect(ChangePlan.between(old, old).isEmpty)
        let keys = ChangePlan.PasswordKeys(old: [path: "first-key"], new: [path: "second-key"])
        let plan = ChangePlan.between(old, old, passwordKeys: keys)
        let change = try #require(plan.changedPeers.first)
        #expect(change.fields.map(\.field) == [.password])
        #expect(change.needsReset)
        #expect(!plan.lines.joined().contains("first-key") && !plan.lines.joined().contains("second-key"), "keys never logged")
        let same = ChangePlan.PasswordKeys(old: [path: "k"], new: [path: "k"])
        #expect(ChangePlan.between(old, old, passwordKeys: same).isEmpty)
    }

    // MARK: node identity and settings

    struct NodeCase: Sendable, CustomStringConvertible {
        let setting: String
        let restarts: Bool
        let edit: @Sendable (inout DesiredNodeConfig) -> Void
        var description: String { setting }
    }

    static let nodeCases: [NodeCase] = [
        NodeCase(setting: "router ID", restarts: true) { $0.routerID = RouterID(IPv4Address("192.0.2.9")!) },
        NodeCase(setting: "AS", restarts: true) { $0.asNumber = 64513 },
        NodeCase(setting: "listen port", restarts: true) { $0.listenPort = 1790 },
        NodeCase(setting: "listen addresses", restarts: true) { $0.listenAddresses = [IPAddress("192.0.2.1")!] },
        NodeCase(setting: "route reflector cluster ID", restarts: true) { $0.routeReflectorClusterID = IPv4Address("192.0.2.250") },
        NodeCase(setting: "node name", restarts: true) { $0.nodeName = "node-z" },
        NodeCase(setting: "default hold time", restarts: false) { $0.holdTime = 30 },
        NodeCase(setting: "IPv6 address", restarts: false) {
            $0.ipv6Address = InterfaceAddress(address: IPAddress("2001:db8::1")!, prefixLength: 64)
        },
        NodeCase(setting: "log severity", restarts: false) { $0.logSeverity = "Debug" },
        NodeCase(setting: "ignored interfaces", restarts: false) { $0.ignoredInterfaces = ["eth9"] },
    ]

    @Test(arguments: nodeCases)
    func nodeSettingClassification(_ c: NodeCase) throws {
        let old = try PlanFixture.config()
        var new = old
        c.edit(&new)
        let plan = ChangePlan.between(old, new)
        #expect(plan.restartsEverything == c.restarts)
        let settings = (c.restarts ? plan.identityChanges : plan.settings).map(\.setting)
        #expect(settings == [c.setting])
        #expect(plan.changedPeers.isEmpty)
        #expect(plan.lines.first?.hasPrefix(c.restarts ? "restart: \(c.setting)" : "node: \(c.setting)") == true)
    }

    @Test func meshOffRemovesMeshPeersOnly() throws {
        let old = try PlanFixture.config()
        let new = try PlanFixture.config { r in
            r.bgpConfigurations[0].nodeToNodeMeshEnabled = false
        }
        let plan = ChangePlan.between(old, new)
        #expect(plan.removedPeers.map(\.name) == ["Mesh_192_0_2_2", "Mesh_192_0_2_3"])
        #expect(plan.addedPeers.isEmpty && plan.changedPeers.isEmpty)
        #expect(plan.settings.map(\.setting) == ["node-to-node mesh"])
        #expect(!plan.restartsEverything)
    }

    // MARK: prefixes and kernel

    @Test func blocksAreOriginatedAndBlackholed() throws {
        let old = try PlanFixture.config()
        let new = try PlanFixture.config { r in
            var b = r.blockAffinities[0]
            b.metadata.name = "node-a-100-64-3-0-26"
            b.cidr = IPPrefix("100.64.3.0/26")!
            r.blockAffinities = [b]
        }
        let plan = ChangePlan.between(old, new)
        #expect(plan.originate.map(\.prefix.description) == ["100.64.3.0/26"])
        // 100.64.1.0/26 stays originated: it is also a prefixAdvertisement.
        #expect(plan.withdraw.isEmpty)
        #expect(plan.kernel.blackholesAdded.map(\.description) == ["100.64.3.0/26"])
        #expect(plan.kernel.blackholesRemoved.map(\.description) == ["100.64.1.0/26"])
        #expect(plan.lines.contains("kernel: blackhole 100.64.1.0/26 removed"))
    }

    @Test func advertisementCommunitiesAreReannounced() throws {
        let old = try PlanFixture.config()
        let new = try PlanFixture.config { r in
            r.bgpConfigurations[0].prefixAdvertisements[0].communities = ["65000:200"]
        }
        let plan = ChangePlan.between(old, new)
        #expect(plan.reannounce.count == 1)
        #expect(plan.lines.contains("re-announce: 100.64.1.0/26 communities 65000:100 → 65000:200"))
        #expect(plan.originate.isEmpty && plan.withdraw.isEmpty)
    }

    @Test func withdrawnAdvertisement() throws {
        let old = try PlanFixture.config()
        let new = try PlanFixture.config { r in
            r.bgpConfigurations[0].prefixAdvertisements = []
            r.blockAffinities = []
        }
        let plan = ChangePlan.between(old, new)
        #expect(plan.withdraw.map(\.description) == ["100.64.1.0/26"])
        #expect(plan.lines.contains("withdraw: 100.64.1.0/26"))
    }

    @Test func poolEncapsulationIsAKernelChangeAndExportIsAPolicyChange() throws {
        let old = try PlanFixture.config()
        let ipipOff = try PlanFixture.config { $0.ipPools[0].ipipMode = .never }
        let plan = ChangePlan.between(old, ipipOff)
        #expect(plan.kernel.pools.map(\.name) == ["pods"])
        #expect(plan.kernel.pools.first?.fields.map(\.setting) == ["ipipMode"])
        #expect(plan.exportPools.isEmpty)
        #expect(plan.lines.contains("kernel: pool pods (100.64.0.0/16) changed: ipipMode Always → Never"))

        let noExport = try PlanFixture.config { $0.ipPools[0].disableBGPExport = true }
        let export = ChangePlan.between(old, noExport)
        #expect(export.exportPools.map(\.name) == ["pods"])
        #expect(export.kernel.pools.isEmpty)
        // Blocks outside exported pools are not originated (docs/config.md).
        #expect(export.kernel.blackholesRemoved.map(\.description) == ["100.64.1.0/26"])
    }

    @Test func remoteTunnelAddressChange() throws {
        let old = try PlanFixture.config()
        let new = try PlanFixture.config { r in
            let i = r.nodes.firstIndex { $0.name == "node-b" }!
            r.nodes[i].bgp?.ipv4IPIPTunnelAddr = IPv4Address("100.64.2.9")
        }
        let plan = ChangePlan.between(old, new)
        #expect(plan.kernel.remoteNodes == [ChangePlan.RemoteNodeChange(kind: .changed, name: "node-b", fields: [
            ChangePlan.SettingChange(setting: "IPIP tunnel address", old: "100.64.2.1", new: "100.64.2.9",
                                     consequence: "tunl0 route to the node"),
        ])])
        #expect(plan.changedPeers.isEmpty, "the mesh peer's session does not depend on the tunnel address")
    }

    @Test func reachableByAddsAPeerRoute() throws {
        let old = try PlanFixture.config()
        let new = try PlanFixture.config { $0.bgpPeers[0].reachableBy = IPAddress("192.0.2.254") }
        let plan = ChangePlan.between(old, new)
        #expect(plan.kernel.peerRoutesAdded.map { "\($0.peer) via \($0.gateway)" } == ["198.51.100.1 via 192.0.2.254"])
        #expect(plan.changedPeers.first?.needsReset == false)
    }

    @Test func changedFilterRulesAreReported() throws {
        let old = try PlanFixture.config()
        let new = try PlanFixture.config { r in
            r.bgpFilters[0].exportV4[0].action = .reject
        }
        let plan = ChangePlan.between(old, new)
        #expect(plan.changedFilters == ["only-pods"])
        #expect(plan.changedPeers.isEmpty, "the peer's own settings did not change")
    }

    @Test func initialPlanAddsEverything() throws {
        let new = try PlanFixture.config()
        let plan = ChangePlan.between(nil, new)
        #expect(plan.isInitial && !plan.isEmpty)
        #expect(plan.addedPeers.map(\.name) == ["Global_198_51_100_1", "Mesh_192_0_2_2", "Mesh_192_0_2_3"])
        #expect(plan.originate == [ChangePlan.OriginatedPrefix(prefix: IPPrefix("100.64.1.0/26")!,
                                                               communities: [.standard(65000, 100)])])
        #expect(plan.kernel.blackholesAdded.map(\.description) == ["100.64.1.0/26"])
        #expect(plan.kernel.pools.map(\.name) == ["pods"])
        #expect(plan.kernel.remoteNodes.map(\.name) == ["node-b"])
        #expect(plan.lines.first == "initial configuration")
    }

    @Test func emptyPlanSaysSo() throws {
        let c = try PlanFixture.config()
        #expect(ChangePlan.between(c, c).lines == ["no changes"])
    }
}
