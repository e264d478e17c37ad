/// Strict parsing: accepted forms, and errors naming file, document, field, value and reason.
import CalicoModel
import NetCore
import Testing

@Suite struct ParsingTests {
    func load(_ yaml: String) throws -> ResourceSet { try ResourceSet.load(path: "t.yaml", contents: yaml) }

    func errors(_ yaml: String, files: [SourceFile] = []) -> [ConfigError] {
        do {
            _ = try ResourceSet.load([SourceFile(path: "t.yaml", contents: yaml)] + files)
            return []
        } catch { return error.errors }
    }

    static let header = "apiVersion: projectcalico.org/v3\n"

    @Test func parsesEveryKind() throws {
        let set = try load("""
            apiVersion: projectcalico.org/v3
            kind: BGPConfiguration
            metadata: {name: default, annotations: {swiftlet.io/hold-time: "1m30s"}}
            spec: {asNumber: "64512", nodeToNodeMeshEnabled: false, listenPort: 1790, logSeverityScreen: Info,
                   communities: [{name: c1, value: "65000:100"}],
                   prefixAdvertisements: [{cidr: 192.0.2.0/24, communities: [c1, "65000:1:2"]}]}
            ---
            apiVersion: projectcalico.org/v3
            kind: Node
            metadata: {name: n1, labels: {rack: r1, rr: yes}}
            spec: {bgp: {ipv4Address: 192.0.2.1/24, ipv6Address: "2001:db8::1/64", asNumber: 64513,
                         routeReflectorClusterID: 224.0.0.1}, ipv4VXLANTunnelAddr: 100.64.0.1,
                   vxlanTunnelMACAddr: "66:aa:bb:cc:dd:ee"}
            ---
            apiVersion: projectcalico.org/v3
            kind: BGPPeer
            metadata: {name: tor, annotations: {swiftlet.io/hold-time: "9s"}}
            spec: {peerIP: "[2001:db8::ff]:1790", asNumber: 1.10, nodeSelector: "rack == 'r1'", keepaliveTime: 3s,
                   maxRestartTime: 2m, password: {secretKeyRef: {name: s, key: k}}, sourceAddress: None,
                   ttlSecurity: 1, numAllowedLocalASNumbers: 2, localASNumber: 64999, filters: [f],
                   nextHopMode: Self}
            ---
            apiVersion: projectcalico.org/v3
            kind: IPPool
            metadata: {name: p}
            spec: {cidr: 100.64.0.0/16, blockSize: 24, vxlanMode: CrossSubnet, natOutgoing: true}
            ---
            apiVersion: projectcalico.org/v3
            kind: BlockAffinity
            metadata: {name: b}
            spec: {node: n1, cidr: 100.64.1.0/24, state: confirmed, deleted: "false"}
            ---
            apiVersion: projectcalico.org/v3
            kind: BGPFilter
            metadata: {name: f}
            spec: {exportV4: [{action: Accept, matchOperator: In, cidr: 100.64.0.0/16, prefixLength: {min: 24, max: 26}}],
                   importV6: [{action: Reject, source: RemotePeers, interface: "eth*"}]}
            """)
        #expect(set.count == 6)
        #expect(set.defaultConfiguration?.holdTime == 90)
        #expect(set.nodes[0].labels["rr"] == "true")
        let peer = try #require(set.bgpPeers.first)
        #expect(peer.asNumber == ASN(65546))
        #expect(peer.peerIP?.port == 1790)
        #expect(peer.holdTime == 9)
        #expect(peer.nextHopMode == .self)
        #expect(set.ipPools[0].blockSize == 24)
        #expect(set.bgpFilters[0].exportV4[0].prefixLength == 24...26)
    }

    @Test func listKindAndEmptyDocuments() throws {
        let set = try load("""
            ---
            apiVersion: projectcalico.org/v3
            kind: BGPPeerList
            items:
            - apiVersion: projectcalico.org/v3
              kind: BGPPeer
              metadata: {name: a}
              spec: {peerIP: 192.0.2.1, asNumber: 65000}
            ---
            """)
        #expect(set.bgpPeers.map(\.metadata.name) == ["a"])
    }

    @Test func collectsEveryErrorWithItsLocation() {
        let errs = errors("""
            apiVersion: projectcalico.org/v3
            kind: BGPPeer
            metadata: {name: bad}
            spec:
              peerIP: 300.1.1.1
              asNumber: -1
              colour: blue
              ttlSecurity: many
            ---
            apiVersion: projectcalico.org/v3
            kind: IPPool
            metadata: {name: p}
            spec: {cidr: 192.0.2.1/24, blockSize: 33}
            """)
        let fields = errs.map(\.field)
        #expect(fields.contains("spec.peerIP"))
        #expect(fields.contains("spec.asNumber"))
        #expect(fields.contains("spec.colour"))
        #expect(fields.contains("spec.ttlSecurity"))
        #expect(fields.contains("spec.cidr"))
        let peerIP = errs.first { $0.field == "spec.peerIP" }
        #expect(peerIP?.file == "t.yaml")
        #expect(peerIP?.document == 1)
        #expect(peerIP?.line == 5)
        #expect(peerIP?.value == "300.1.1.1")
        #expect(peerIP?.resource == "BGPPeer/bad")
        #expect(errs.first { $0.field == "spec.colour" }?.reason == "unknown field")
        #expect(errs.first { $0.field == "spec.cidr" }?.document == 2)
    }

    @Test func blockSizeOutOfRange() {
        let errs = errors(Self.header + "kind: IPPool\nmetadata: {name: p}\nspec: {cidr: 192.0.2.0/24, blockSize: 19}")
        #expect(errs.map(\.field) == ["spec.blockSize"])
    }

    @Test func unknownKindAndAPIVersion() {
        let errs = errors("apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {}")
        #expect(errs.contains { $0.field == "apiVersion" && $0.reason.contains("projectcalico.org/v3") })
        #expect(errs.contains { $0.field == "kind" && $0.reason.contains("unsupported kind") })
    }

    @Test func duplicateResourcesAcrossFiles() {
        let doc = Self.header + "kind: Node\nmetadata: {name: n}\nspec: {bgp: {ipv4Address: 192.0.2.1/24}}\n"
        let errs = errors(doc, files: [SourceFile(path: "u.yaml", contents: doc)])
        #expect(errs.count == 1)
        #expect(errs.first?.file == "u.yaml")
        #expect(errs.first?.reason.contains("duplicate Node") == true)
    }

    @Test func duplicatePeerAndUnknownFilter() {
        let peer = { (name: String) in
            Self.header + "kind: BGPPeer\nmetadata: {name: \(name)}\nspec: {peerIP: 192.0.2.1, asNumber: 65000, filters: [nope]}\n"
        }
        let errs = errors(peer("a") + "---\n" + peer("b"))
        #expect(errs.contains { $0.field == "spec.peerIP" && $0.reason.contains("duplicate peer") })
        #expect(errs.filter { $0.field == "spec.filters[0]" }.count == 2)
    }

    @Test func holdTimeAnnotationValidated() {
        let errs = errors(Self.header + """
            kind: BGPPeer
            metadata: {name: a, annotations: {swiftlet.io/hold-time: "2s", swiftlet.io/typo: x}}
            spec: {peerIP: 192.0.2.1, asNumber: 65000}
            """)
        #expect(errs.contains { $0.field == "metadata.annotations[\"swiftlet.io/hold-time\"]" && $0.reason.contains("at least 3") })
        #expect(errs.contains { $0.field.contains("swiftlet.io/typo") })
    }

    @Test func notSupportedYetIsSaidSo() {
        let errs = errors(Self.header + """
            kind: BGPPeer
            metadata: {name: a}
            spec: {peerIP: 192.0.2.1, asNumber: 65000, failureDetectionMode: BFDIfDirectlyConnected}
            """)
        #expect(errs.map(\.reason) == ["field not supported yet by Swiftlet"])
    }

    @Test func badSelectorReportsPosition() {
        let errs = errors(Self.header + "kind: BGPPeer\nmetadata: {name: a}\nspec: {peerSelector: \"has(x\"}\n")
        #expect(errs.first?.field == "spec.peerSelector")
        #expect(errs.first?.reason.contains("position 6") == true)
    }

    @Test func yamlSyntaxError() {
        let errs = errors("kind: [unclosed")
        #expect(errs.first?.reason.hasPrefix("YAML syntax error") == true)
    }
}
