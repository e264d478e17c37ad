/// Node semantics beyond the fixtures: the textual passive rule, export of blocks, hold time.
import CalicoModel
import NetCore
import Testing

@Suite struct SemanticsTests {
    static let v3 = "apiVersion: projectcalico.org/v3\n"

    func node(_ name: String, _ ip: String) -> String {
        Self.v3 + "kind: Node\nmetadata: {name: \(name)}\nspec: {bgp: {ipv4Address: \(ip)/24}}\n---\n"
    }

    @Test func passiveSideIsTheTextuallySmallerAddress() throws {
        let set = try ResourceSet.load(path: "t", contents: node("a", "192.0.2.10") + node("b", "192.0.2.9"))
        let a = try DesiredNodeConfig.compute(resources: set, nodeName: "a")
        let b = try DesiredNodeConfig.compute(resources: set, nodeName: "b")
        // "192.0.2.10" < "192.0.2.9" as text, so a waits for b although 10 > 9 numerically.
        #expect(a.peers.map(\.passive) == [true])
        #expect(b.peers.map(\.passive) == [false])
    }

    @Test func onlyConfirmedBlocksInExportedPoolsAreAdvertised() throws {
        let yaml = node("a", "192.0.2.1") + Self.v3 + """
            kind: IPPool
            metadata: {name: on}
            spec: {cidr: 100.64.0.0/24}
            ---
            \(Self.v3)kind: IPPool
            metadata: {name: off}
            spec: {cidr: 100.64.1.0/24, disableBGPExport: true}
            ---
            \(Self.v3)kind: BlockAffinity
            metadata: {name: b1}
            spec: {node: a, cidr: 100.64.0.0/26, state: confirmed}
            ---
            \(Self.v3)kind: BlockAffinity
            metadata: {name: b2}
            spec: {node: a, cidr: 100.64.0.64/26, state: pending}
            ---
            \(Self.v3)kind: BlockAffinity
            metadata: {name: b3}
            spec: {node: a, cidr: 100.64.1.0/26, state: confirmed}
            ---
            \(Self.v3)kind: BlockAffinity
            metadata: {name: b4}
            spec: {node: a, cidr: 203.0.113.0/26, state: confirmed}
            """
        let c = try DesiredNodeConfig.compute(resources: try ResourceSet.load(path: "t", contents: yaml), nodeName: "a")
        #expect(c.localBlocks.map(\.description) == ["100.64.0.0/26"])
        #expect(c.pools.map(\.exported) == [false, true])
    }

    @Test func holdTimeFromPeerOverridesDefault() throws {
        let yaml = node("a", "192.0.2.1") + Self.v3 + """
            kind: BGPConfiguration
            metadata: {name: default, annotations: {swiftlet.io/hold-time: 30s}}
            spec: {nodeToNodeMeshEnabled: false}
            ---
            \(Self.v3)kind: BGPPeer
            metadata: {name: p1, annotations: {swiftlet.io/hold-time: "0"}}
            spec: {peerIP: 198.51.100.1, asNumber: 65000}
            ---
            \(Self.v3)kind: BGPPeer
            metadata: {name: p2}
            spec: {peerIP: 198.51.100.2, asNumber: 65000, password: {secretKeyRef: {name: s, key: k}}}
            """
        let c = try DesiredNodeConfig.compute(resources: try ResourceSet.load(path: "t", contents: yaml),
                                              nodeName: "a", secretsDirectory: "/run/secrets/")
        #expect(c.holdTime == 30)
        #expect(c.peers.map(\.holdTime) == [0, 30])
        #expect(c.peers[1].password?.path == "/run/secrets/s/k")
    }

    @Test func unknownNodeIsAnError() throws {
        let set = try ResourceSet.load(path: "t", contents: node("a", "192.0.2.1"))
        #expect(throws: NodeConfigError.unknownNode("zz")) { try DesiredNodeConfig.compute(resources: set, nodeName: "zz") }
    }
}
