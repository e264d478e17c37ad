/// Writing resources as YAML: every field of every kind survives render → parse, and the
/// document splitter keeps untouched documents verbatim.
import CalicoModel
import Foundation
import Testing
@testable import Datastore

@Suite struct ResourceYAMLTests {
    static let rich = """
        apiVersion: projectcalico.org/v3
        kind: BGPConfiguration
        metadata:
          name: default
          labels: {"example.com/tier": "edge", plain: "yes"}
          annotations: {swiftlet.io/hold-time: "9s", note: "quote \\" and backslash \\\\ and tab\\t"}
        spec:
          asNumber: 64512
          nodeToNodeMeshEnabled: false
          listenPort: 1790
          logSeverityScreen: Info
          bindMode: NodeIP
          communities: [{name: c1, value: "64512:100"}, {name: big, value: "1:2:3"}]
          prefixAdvertisements: [{cidr: 100.64.0.0/16, communities: [c1, "64512:200"]}]
          serviceClusterIPs: [{cidr: 10.96.0.0/12}]
          serviceExternalIPs: [{cidr: 203.0.113.0/24}]
          serviceLoadBalancerIPs: [{cidr: 198.51.100.0/24}]
          nodeMeshPassword: {secretKeyRef: {name: mesh, key: password}}
          nodeMeshMaxRestartTime: 2m
          ignoredInterfaces: ["docker*", "kube-ipvs0"]
          programClusterRoutes: Enabled
        ---
        apiVersion: projectcalico.org/v3
        kind: Node
        metadata: {name: node-1, labels: {rack: r1}}
        spec:
          bgp: {ipv4Address: 10.0.0.1/24, ipv6Address: "2001:db8::1/64", asNumber: 65001, routeReflectorClusterID: 224.0.0.1, ipv4IPIPTunnelAddr: 100.64.0.1}
          ipv4VXLANTunnelAddr: 100.64.0.2
          ipv6VXLANTunnelAddr: "2001:db8:1::1"
          vxlanTunnelMACAddr: "66:0a:1b:2c:3d:4e"
          vxlanTunnelMACAddrV6: "66:0a:1b:2c:3d:4f"
        ---
        apiVersion: projectcalico.org/v3
        kind: Node
        metadata: {name: bare}
        spec: {}
        ---
        apiVersion: projectcalico.org/v3
        kind: BGPPeer
        metadata: {name: rr}
        spec:
          nodeSelector: "rack == 'r1'"
          peerSelector: has(route-reflector)
          localASNumber: 65100
          keepaliveTime: 20s
          maxRestartTime: 2m
          password: {secretKeyRef: {name: s, key: k}}
          sourceAddress: None
          ttlSecurity: 1
          numAllowedLocalASNumbers: 2
          filters: [f]
          reachableBy: 10.0.0.254
          nextHopMode: Self
          keepOriginalNextHop: true
          reversePeering: Manual
        ---
        apiVersion: projectcalico.org/v3
        kind: BGPPeer
        metadata: {name: tor}
        spec: {node: node-1, peerIP: "[2001:db8::2]:1790", asNumber: "1.10"}
        ---
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata: {name: p4}
        spec: {cidr: 100.64.0.0/16, blockSize: 28, vxlanMode: CrossSubnet, natOutgoing: true, disabled: true, disableBGPExport: true, nodeSelector: "rack == 'r1'", allowedUses: [Workload], assignmentMode: Automatic}
        ---
        apiVersion: projectcalico.org/v3
        kind: BlockAffinity
        metadata: {name: b1}
        spec: {node: node-1, cidr: 100.64.0.0/28, state: pending, deleted: "false", type: host}
        ---
        apiVersion: projectcalico.org/v3
        kind: BGPFilter
        metadata: {name: f}
        spec:
          exportV4:
            - {action: Accept, matchOperator: In, cidr: 100.64.0.0/16, prefixLength: {min: 16, max: 28}, source: RemotePeers, interface: "eth*"}
            - {action: Reject}
          importV6: [{action: Reject, matchOperator: NotEqual, cidr: "2001:db8::/32"}]

        """

    @Test func everyKindRoundTrips() throws {
        let set = try ResourceSet.load(path: "rich.yaml", contents: Self.rich)
        #expect(set.count == 8)
        // Loaded together: the BGPPeer names the BGPFilter, so documents do not validate alone.
        let text = set.all.map(\.yamlText).joined(separator: "---\n")
        let again = try ResourceSet.load(path: "again.yaml", contents: text)
        for (before, after) in zip(set.all, again.all) {
            #expect(before == after, "\(before.key) did not survive:\n\(before.yamlText)")
        }
        #expect(again.count == set.count)
    }

    @Test func stringsAreQuoted() {
        #expect(YAMLValue.quoted("a\"b\\c\n\u{1}") == #""a\"b\\c\n\x01""#)
        #expect(YAMLValue.map([("k", .string("yes")), ("n", .number(3)), ("l", .list([])), ("m", .map([]))]).text
            == "k: \"yes\"\nn: 3\nl: []\nm: {}\n")
    }

    @Test func documentsSplitAndReplace() {
        let text = "# head\na: 1\n---\nb: 2\n--- # third\nc: 3\n"
        let docs = YAMLDocuments(text)
        #expect(docs.replacing(document: 2, with: nil) == "# head\na: 1\n--- # third\nc: 3\n")
        #expect(docs.replacing(document: 1, with: "z: 9\n") == "z: 9\n---\nb: 2\n--- # third\nc: 3\n")
        #expect(docs.replacing(document: 3, with: "y: 8\n") == "# head\na: 1\n---\nb: 2\n---\ny: 8\n")
        #expect(docs.replacing(document: 4, with: nil) == nil)
        // A leading "---" (only comments before it): the first document is after it.
        let leading = YAMLDocuments("# only a comment\n---\na: 1\n---\nb: 2\n")
        #expect(leading.replacing(document: 1, with: nil) == "# only a comment\n---\nb: 2\n")
    }
}
