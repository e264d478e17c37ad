/// EtcdStore pieces that need no etcd: options and their environment fallbacks, the key
/// layout, prefix ranges, JSON values reading back, and `apply` over the in-memory store.
import CalicoModel
import Foundation
import Testing
@testable import Datastore

@Suite struct EtcdUnitTests {
    @Test func optionsFallBackToCalicoctlsEnvironment() throws {
        let env = ["ETCD_CA_CERT_FILE": "/etc/ca.pem", "ETCD_CERT_FILE": "/c.pem", "ETCD_KEY_FILE": "/k.pem",
                   "ETCD_USERNAME": "root", "ETCD_PASSWORD": "pw", "SWIFTLET_ETCD_PREFIX": "/calico/resources/v3/"]
        let o = EtcdOptions.fromEnvironment(env)
        #expect(o.prefix == "/calico/resources/v3/")
        #expect(o.caFile == "/etc/ca.pem" && o.certFile == "/c.pem" && o.keyFile == "/k.pem")
        #expect(o.username == "root" && o.password == "pw")
        // Explicit settings win over the environment.
        let explicit = EtcdOptions(prefix: "/x/", username: "admin").fillingUnset(from: env)
        #expect(explicit.prefix == "/x/" && explicit.username == "admin" && explicit.password == "pw")
        #expect(EtcdOptions.fromEnvironment([:]) == EtcdOptions())
    }

    @Test func contradictoryOptionsAreRefusedByName() {
        let cases: [(EtcdOptions, String)] = [
            (EtcdOptions(prefix: "swiftlet"), "SWIFTLET_ETCD_PREFIX"),
            (EtcdOptions(certFile: "/c.pem"), "ETCD_KEY_FILE"),
            (EtcdOptions(username: "root"), "ETCD_PASSWORD"),
            (EtcdOptions(caFile: "/nonexistent/ca.pem"), "/nonexistent/ca.pem: not a readable file"),
        ]
        for (options, expected) in cases {
            #expect {
                try options.validated()
            } throws: { error in
                "\(error)".contains(expected)
            }
        }
        #expect(throws: StoreError.self) { try EtcdStore(endpoints: ["127.0.0.1:2379"]) }
        #expect(throws: StoreError.self) { try EtcdStore(endpoints: []) }
    }

    @Test func keyLayoutFollowsCalico() {
        let layout = EtcdKeyLayout(prefix: "/swiftlet/v3/")
        #expect(layout.key(Sample.key(.bgpPeer, "tor-a")) == "/swiftlet/v3/projectcalico.org/bgppeers/tor-a")
        #expect(layout.key(Sample.key(.blockAffinity, "n1-100-64-0-0-26")) == "/swiftlet/v3/projectcalico.org/blockaffinities/n1-100-64-0-0-26")
        for kind in ResourceKind.allCases {
            let key = Sample.key(kind, "x")
            #expect(layout.parse(layout.key(key)) == .resource(key))
            #expect(EtcdKeyLayout.kind(named: EtcdKeyLayout.plural(kind)) == kind)
            #expect(EtcdKeyLayout.kind(named: kind.rawValue.lowercased()) == kind)
        }
        #expect(layout.parse("/swiftlet/v3/projectcalico.org/networkpolicies/default.p") == .otherKind)
        for bad in ["/swiftlet/v3/x", "/swiftlet/v3/projectcalico.org/bgppeers", "/swiftlet/v3/projectcalico.org/bgppeers/a/b"] {
            guard case .malformed = layout.parse(bad) else { Issue.record("\(bad) accepted"); continue }
        }
    }

    @Test func prefixEndCoversExactlyThePrefix() {
        #expect(Data(base64Encoded: EtcdWire.prefixEnd("/swiftlet/v3/")) == Data("/swiftlet/v30".utf8))
        #expect(Data(base64Encoded: EtcdWire.prefixEnd("a\u{7f}")) == Data("a\u{80}".utf8.prefix(1)) + Data([0x80]))
    }

    @Test func jsonValuesReadBackExactly() throws {
        let texts = [Sample.peer("tor-a", "198.51.100.1", filter: "pods-only"), Sample.filter,
                     Sample.node("node-1", "192.0.2.10")] + Sample.cluster.components(separatedBy: "---\n")
        for text in texts {
            let r = try resource(text)
            let back = try ResourceSet.decode([SourceFile(path: "json", contents: r.jsonText)])
            #expect(back.all == [r])
            let pretty = try ResourceSet.decode([SourceFile(path: "json", contents: r.text(.json))])
            #expect(pretty.all == [r])
        }
        let list = try ResourceSet.decode([SourceFile(path: "list", contents: Resource.text([
            try resource(Sample.node("a", "192.0.2.1")), try resource(Sample.node("b", "192.0.2.2"))], .json))])
        #expect(list.nodes.map(\.name) == ["a", "b"])
        #expect(YAMLValue.jsonQuoted("a\"\\\u{1}") == "\"a\\\"\\\\\\u0001\"")
    }

    @Test func applyChecksTheFinalStateAndOrdersWrites() throws {
        let store = InMemoryStore()
        // The peer comes first but needs the filter: written after it.
        let peer = try resource(Sample.peer("tor-a", "198.51.100.1", filter: "pods-only"))
        let filter = try resource(Sample.filter)
        let result = try store.apply([peer, filter])
        #expect(result.map(\.key) == [filter.key, peer.key])
        #expect(result.map(\.action) == [.created, .created])
        #expect(try store.apply([peer]).map(\.action) == [.unchanged])

        // A final state that does not validate writes nothing.
        let before = try store.list().revision
        let orphan = try resource(Sample.peer("tor-b", "198.51.100.2", filter: "missing"))
        let node = try resource(Sample.node("node-1", "192.0.2.10"))
        #expect(throws: StoreError.self) { try store.apply([node, orphan]) }
        #expect(try store.list().revision == before)
    }
}
