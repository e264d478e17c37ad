/// The render context: what it says about a node that uses every feature, that it never holds
/// a name outside `ContextSchema`, that docs/render.md documents every name, and the BIRD
/// conditions of filter rules.
import CalicoModel
import Foundation
import NetCore
import Testing
@testable import Render

@Suite struct RenderContextTests {
    private let secrets: Scratch
    private let root: [String: Any]

    init() throws {
        secrets = try Scratch("ctxsecrets")
        try secrets.write("bgp-secrets/tor-a", "key-a")
        root = try RenderContext(Resources.config(secrets: secrets.path)).root
    }

    private func list(_ object: [String: Any], _ key: String) -> [[String: Any]] {
        object[key] as? [[String: Any]] ?? []
    }

    private func peer(_ name: String) -> [String: Any]? {
        list(root, "peers").first { $0["name"] as? String == name }
    }

    @Test func identity() {
        #expect(root["nodeName"] as? String == "node-1")
        #expect(root["routerID"] as? String == "192.0.2.10")
        #expect(root["asNumber"] as? String == "64512")
        #expect(root["listenPort"] as? Int == 1790)
        #expect(root["listenPortIsDefault"] as? Bool == false)
        #expect(root["isRouteReflector"] as? Bool == true)
        #expect(root["routeReflectorClusterID"] as? String == "203.0.113.1")
        #expect(root["logDebug"] as? Bool == true)
        #expect((root["ipv4Address"] as? [String: Any])?["subnet"] as? String == "192.0.2.0/24")
        #expect(root["holdTime"] as? Int == 30)
    }

    @Test func peerFields() throws {
        let tor = try #require(peer("Global_198_51_100_1_port_1179"))
        #expect(tor["kind"] as? String == "Global")
        #expect(tor["port"] as? Int == 1179)
        #expect(tor["remoteAS"] as? String == "65000")
        #expect(tor["localAS"] as? String == "64999")
        #expect(tor["localASDiffers"] as? Bool == true)
        #expect(tor["external"] as? Bool == true)
        #expect(tor["ttlSecurity"] as? Int == 2)
        #expect(tor["keepaliveTime"] as? Int == 5)
        #expect(tor["holdTime"] as? Int == 30, "the default BGPConfiguration's hold time")
        #expect(tor["gracefulRestartTime"] as? Int == 120)
        #expect(tor["password"] as? String == "key-a")
        #expect(tor["passwordFile"] as? String == "\(secrets.path)/bgp-secrets/tor-a")
        #expect(tor["nextHopSelf"] as? Bool == true)
        #expect(tor["numAllowedLocalAS"] as? Int == 1)
        #expect(tor["reachableBy"] as? String == "192.0.2.1")
        #expect(tor["sourceAddress"] as? String == "192.0.2.10")
        let filters = list(tor, "filters")
        #expect(filters.map { $0["importFunction"] as? String } == ["bgp_edge_importFilterV4", "bgp_v6-only_importFilterV4"])
        #expect(filters.map { $0["hasImport"] as? Bool } == [true, false], "v6-only has no IPv4 import rules")

        let torB = try #require(peer("Node_2001_db8_100__1"))
        #expect(torB["hasSourceAddress"] as? Bool == false, "sourceAddress: None")
        #expect(torB["nextHopKeep"] as? Bool == true, "keepOriginalNextHop on an eBGP peer")
        #expect(torB["holdTime"] as? Int == 9)
        #expect(torB["family"] as? String == "ipv6")

        let client = try #require(peer("Node_192_0_2_20_port_1790"), "peers: \(list(root, "peers").map { $0["name"] ?? "" })")
        #expect(client["routeReflectorClient"] as? Bool == true)
        #expect(client["routeReflectorClusterID"] as? String == "203.0.113.1")
        #expect(client["internal"] as? Bool == true)
        #expect(client["isCalicoNode"] as? Bool == true)
    }

    @Test func familySplitsAndStaticRoutes() {
        #expect(list(root, "peersV6").map { $0["name"] as? String } == ["Node_2001_db8_100__1"])
        #expect(list(root, "localBlocksV4").map { $0["cidr"] as? String } == ["100.64.1.0/26"])
        #expect(list(root, "localBlocksV6").map { $0["cidr"] as? String } == ["2001:db8:200::/122"])
        #expect(list(root, "reachableByRoutesV4").map { "\($0["prefix"] ?? "") via \($0["via"] ?? "")" } == ["198.51.100.1/32 via 192.0.2.1"])
        #expect(root["hasStaticRoutesV6"] as? Bool == true)
    }

    @Test func poolsAndAdvertisements() {
        let pools = Dictionary(uniqueKeysWithValues: list(root, "pools").map { ($0["name"] as? String ?? "", $0) })
        #expect(pools["direct"]?["encapsulated"] as? Bool == false)
        #expect(pools["ipip"]?["ipipCrossSubnet"] as? Bool == true)
        #expect(pools["private"]?["bgpExportDisabled"] as? Bool == true)
        #expect(pools["private"]?["vxlanAlways"] as? Bool == true)
        let v4 = list(root, "prefixAdvertisementsV4")
        #expect(list(v4[0], "standardCommunities").map { "\($0["high"] ?? ""):\($0["low"] ?? "")" } == ["64512:100"])
        #expect(list(v4[0], "largeCommunities").map { $0["value"] as? String } == ["64512:1:2"])
    }

    @Test func everyKeyIsInTheSchema() {
        var unknown: Set<String> = []
        func walk(_ value: Any) {
            if let object = value as? [String: Any] {
                for (key, child) in object {
                    if !ContextSchema.allNames.contains(key) { unknown.insert(key) }
                    walk(child)
                }
            } else if let items = value as? [Any] {
                items.forEach(walk)
            }
        }
        walk(root)
        #expect(unknown.isEmpty, "context keys missing from ContextSchema: \(unknown.sorted())")
    }

    @Test func docsDocumentEveryName() throws {
        let doc = try String(contentsOfFile: Paths.renderDoc, encoding: .utf8)
        let missing = ContextSchema.allNames.filter { !doc.contains("`\($0)`") }
        #expect(missing.isEmpty, "docs/render.md does not document: \(missing.sorted())")
    }

    @Test func birdConditions() throws {
        func rule(_ yaml: String) throws -> BGPFilter.Rule {
            let text = """
            apiVersion: projectcalico.org/v3
            kind: BGPFilter
            metadata:
              name: f
            spec:
              exportV4:
            \(yaml)
            """
            return try #require(ResourceSet.load(path: "f.yaml", contents: text).filter(named: "f")?.exportV4.first)
        }
        #expect(RenderContext.birdCondition(try rule("    - {action: Accept, matchOperator: In, cidr: 100.64.0.0/16, prefixLength: {min: 8, max: 24}}"), .ipv4)
            == "(net ~ [ 100.64.0.0/16{16,24} ])", "a prefix inside the CIDR is never shorter than it")
        #expect(RenderContext.birdCondition(try rule("    - {action: Accept, matchOperator: In, cidr: 100.64.0.0/16, prefixLength: {max: 12}}"), .ipv4)
            == "(false)", "a window entirely shorter than the CIDR matches nothing")
        #expect(RenderContext.birdCondition(try rule("    - {action: Reject, matchOperator: NotIn, cidr: 100.64.0.0/16, prefixLength: {max: 12}}"), .ipv4)
            == nil, "…so NotIn matches everything")
        #expect(RenderContext.birdCondition(try rule("    - {action: Reject, matchOperator: NotEqual, cidr: 100.64.0.0/16, source: RemotePeers, interface: \"eth*\"}"), .ipv4)
            == "(net != 100.64.0.0/16) && (defined(source) && source = RTS_BGP) && (defined(ifname) && ifname ~ \"eth*\")")
        #expect(RenderContext.birdCondition(try rule("    - {action: Reject}"), .ipv4) == nil)
    }
}

@Suite struct FilterNameTests {
    @Test func sha256KnownAnswers() {
        // FIPS 180-4 examples: one block, empty input, and a two-block message.
        #expect(SHA256.hex(SHA256.digest(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(SHA256.digest([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(SHA256.digest(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func longFilterNamesAreShortenedAsCalicoDoes() {
        // Calico's compiled_templates/bgpfilter/filter_names: 45 characters stay, 46 are shortened.
        #expect(RenderContext.shortFilterName("45characters.exactly.so.should.not.truncate-1") == "45characters.exactly.so.should.not.truncate-1")
        #expect(RenderContext.shortFilterName("46characters.exactly.so.should.truncate-123456") == "46characters.exactly.so.shou_9615CBDC00BAC628")
        #expect(RenderContext.functionName("46characters.exactly.so.should.truncate-123456", "import", "V4").count <= 64,
                "BIRD's symbol limit")
    }
}
