/// Live reconfiguration from the datastore, with no churn (the datastore issue's proof): three
/// swiftletd nodes in a full mesh, each with a node-specific eBGP session to a BIRD 2 ToR, all
/// following one datastore. Adding a fourth Node (a BIRD 2 "node") makes every node peer with it;
/// deleting one BGPPeer takes down only that session; changing a BGPFilter changes what the ToR
/// receives without resetting any session; a datastore outage changes no session and no kernel
/// route, and a change made during the outage is applied when the store is back. The scenario
/// runs once per store (`LabStore`): the file directory here, etcd in its own file.
import Daemon
import Foundation
import Glibc
import Speaker
import Testing

/// Where the lab's resources live and how the test changes them: through the built
/// `swiftletctl --datastore … apply/delete`, the operator's way.
protocol LabStore {
    /// The `--datastore` value the daemons get.
    var argument: String { get }
    /// Creates or replaces the resources in `yaml` (one or more documents).
    func apply(_ yaml: String) throws
    func delete(kind: String, name: String) throws
    /// Makes the store unreachable for the daemons (and back).
    func beginOutage() throws
    func endOutage() throws
    /// Applies `yaml` while the store is unreachable for the daemons (it reaches the store the
    /// way an operator would once it is back: for etcd, the restarted etcd; for a directory,
    /// the directory where it was moved).
    func applyDuringOutage(_ yaml: String) throws
}

/// `swiftletctl --datastore DATASTORE WORDS` (optionally inside a namespace), failing with its output.
func swiftletctlStore(_ datastore: String, _ words: [String], input: String? = nil, in namespace: Namespace? = nil) throws {
    guard let ctl = SwiftletBinaries.swiftletctl else { throw LabError(SwiftletBinaries.reason) }
    var argv = [ctl, "--datastore", datastore] + words
    var file: String?
    if let input {
        let path = NSTemporaryDirectory() + "swiftlet-lab-apply-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).yaml"
        try input.write(toFile: path, atomically: true, encoding: .utf8)
        file = path
        argv += ["-f", path]
    }
    defer { if let file { try? FileManager.default.removeItem(atPath: file) } }
    if let namespace { argv = ["ip", "netns", "exec", namespace.name] + argv }
    let r = try Command.run(argv, timeout: 20)
    guard r.succeeded else { throw LabError("swiftletctl \(words.joined(separator: " ")): \(r.stderr)\(r.stdout)") }
}

/// The `file:DIR` store: an outage moves the directory away (as a lost mount would).
struct FileLabStore: LabStore {
    let directory: String
    var away: String { directory + ".away" }
    var argument: String { "file:\(directory)" }

    func apply(_ yaml: String) throws { try swiftletctlStore(argument, ["apply"], input: yaml) }
    func delete(kind: String, name: String) throws { try swiftletctlStore(argument, ["delete", kind, name]) }
    func beginOutage() throws { try FileManager.default.moveItem(atPath: directory, toPath: away) }
    func endOutage() throws { try FileManager.default.moveItem(atPath: away, toPath: directory) }
    func applyDuringOutage(_ yaml: String) throws { try swiftletctlStore("file:\(away)", ["apply"], input: yaml) }
}

extension CalicoYAML {
    /// A BGPPeer of one node only, with optional BGPFilters.
    static func nodePeer(_ name: String, node: String, _ address: String, asNumber: UInt32, filters: [String] = []) -> String {
        peer(name, address, asNumber: asNumber) + "\n  node: \(node)"
            + (filters.isEmpty ? "" : "\n  filters: [\(filters.joined(separator: ", "))]")
    }

    /// A BGPFilter whose exportV4 rules reject exactly `rejected` (no rule at all when empty).
    static func exportFilter(_ name: String, rejecting rejected: [String]) -> String {
        let rules = rejected.map { "\n  - action: Reject\n    matchOperator: Equal\n    cidr: \($0)" }.joined()
        return "apiVersion: projectcalico.org/v3\nkind: BGPFilter\nmetadata:\n  name: \(name)\nspec:\n  exportV4:"
            + (rules.isEmpty ? " []" : rules)
    }
}

/// The scenario, for any store.
struct LiveReconfigurationScenario {
    static let nodeAS: UInt32 = 64512, torAS: UInt32 = 65000
    static let names = ["node-1", "node-2", "node-3"]
    static let addresses = ["192.0.2.11", "192.0.2.12", "192.0.2.13"]
    static let blocks = ["100.64.1.0/26", "100.64.2.0/26", "100.64.3.0/26"]
    static let torAddress = "192.0.2.1", fourthAddress = "192.0.2.10"
    /// node-1's second block: the one its ToR filter rejects at first.
    static let filteredBlock = "100.64.1.64/26"
    /// node-3's block added while the store is unreachable.
    static let outageBlock = "100.64.3.64/26"

    /// The resources in the store at the start (the fourth node is not there yet).
    static var initialResources: [String] {
        var r = [CalicoYAML.bgpConfiguration(asNumber: nodeAS, mesh: true), CalicoYAML.pool("pods", "100.64.0.0/16"),
                 CalicoYAML.exportFilter("tor-export", rejecting: [filteredBlock]),
                 CalicoYAML.block("node-1", filteredBlock)]
        for i in names.indices {
            r += [CalicoYAML.node(names[i], v4: "\(addresses[i])/24"), CalicoYAML.block(names[i], blocks[i]),
                  CalicoYAML.nodePeer("tor-\(i + 1)", node: names[i], torAddress, asNumber: torAS,
                                      filters: i == 0 ? ["tor-export"] : [])]
        }
        return r
    }

    /// BIRD 2 at `address` (AS `asn`) with one session to each node; `options` are the
    /// session's extra lines. It exports nothing: the tests look at what it receives.
    static func birdConfig(_ address: String, asn: UInt32, options: [String]) -> String {
        var text = "router id \(address);\nlog stderr all;\nprotocol device { scan time 10; }\n"
        for a in addresses {
            text += "protocol bgp \(Bird.protocolName(a)) {\n  local \(address) as \(asn);\n  neighbor \(a) as \(nodeAS);\n"
                + options.map { "  \($0);\n" }.joined()
                + "  hold time 30;\n  ipv4 { import all; export none; };\n}\n\n"
        }
        return text
    }

    /// BIRD 2 as the ToR: one eBGP session per node.
    static var torConfig: String { birdConfig(torAddress, asn: torAS, options: ["connect retry time 1"]) }

    /// BIRD 2 as the fourth node: in the mesh (iBGP), passive (its address is the smallest).
    static var fourthConfig: String { birdConfig(fourthAddress, asn: nodeAS, options: ["passive on", "direct"]) }

    /// Every session of every node with its connection ID (equal before and after: not reset).
    static func connections(_ nodes: [Swiftletd]) -> [String: String] {
        var out: [String: String] = [:]
        for n in nodes {
            for p in (try? n.peers()) ?? [] where p.state == "Established" {
                out["\(n.node) → \(p.address)"] = p.connectionID.map { "\($0)" } ?? "?"
            }
        }
        return out
    }

    /// Swiftlet's kernel routes (protocol 201) in each node's namespace.
    static func kernelRoutes(_ namespaces: [Namespace]) -> [String] {
        namespaces.map { ((try? $0.ip(["route", "show", "proto", "201"])) ?? "?").split(whereSeparator: \.isNewline).sorted().joined(separator: "\n") }
    }

    /// Whether the ToR has `prefix` from the node at `address` (its session's own routes).
    static func torHas(_ bird: Bird, _ prefix: String, from address: String) -> Bool {
        ((try? bird.birdc(["show", "route", prefix, "protocol", Bird.protocolName(address)])) ?? "").contains(prefix)
    }

    /// Runs the scenario; `makeStore` writes the initial resources and returns the store;
    /// `outage` is how long the store stays unreachable.
    static func run(_ lab: Lab, outage: Duration, makeStore: ([String], Namespace) throws -> any LabStore) throws {
        let namespaces = try names.map { try lab.namespace($0) }
        let torNS = try lab.namespace("tor"), fourthNS = try lab.namespace("node-4")
        let switchNS = try lab.bridge(namespaces + [torNS, fourthNS], addresses: (addresses + [torAddress, fourthAddress]).map { "\($0)/24" })
        let store = try makeStore(initialResources, switchNS)
        let tor = try lab.bird(in: torNS, config: torConfig, name: "tor")
        let fourth = try lab.bird(in: fourthNS, config: fourthConfig, name: "node-4")
        let nodes = try names.indices.map {
            try lab.swiftletd(in: namespaces[$0], node: names[$0], store: "", datastore: store.argument)
        }
        let evidence = { nodes.map(\.evidence).joined(separator: "\n") }
        let up = Wait.until(timeout: .seconds(30)) {
            nodes.indices.allSatisfy { i in
                nodes[i].isEstablished(torAddress) && addresses.indices.filter { $0 != i }.allSatisfy { nodes[i].isEstablished(addresses[$0]) }
            }
        }
        try #require(up, Comment(rawValue: "sessions not Established\n\(evidence())"))
        #expect(Wait.until(timeout: .seconds(5)) { torHas(tor, blocks[0], from: addresses[0]) })
        #expect(!torHas(tor, filteredBlock, from: addresses[0]), "the ToR filter did not reject \(filteredBlock)")

        // 1. A fourth Node: every node peers with it (they are the active side), nothing else moves.
        var before = connections(nodes)
        let added = ContinuousClock.now
        try store.apply(CalicoYAML.node("node-4", v4: "\(fourthAddress)/24"))
        let meshed = Wait.until(timeout: .seconds(10), interval: .milliseconds(20)) { nodes.allSatisfy { $0.isEstablished(fourthAddress) } }
        let took = ContinuousClock.now - added
        #expect(meshed, Comment(rawValue: "not every node peered with node-4\n\(evidence())"))
        print("lab datastore (\(store.argument)): every node Established with the new node \(took) after the write")
        #expect(took < .seconds(3), "peering with the new node took \(took)")
        var after = connections(nodes)
        #expect(before.allSatisfy { after[$0.key] == $0.value }, "a session was reset by adding a node: \(before) → \(after)")

        // 2. Delete one BGPPeer: only node-2's ToR session goes down.
        before = connections(nodes)
        try store.delete(kind: "BGPPeer", name: "tor-2")
        let gone = Wait.until(timeout: .seconds(5)) { nodes[1].peer(torAddress) == nil }
        #expect(gone, Comment(rawValue: "node-2 kept its ToR peer\n\(nodes[1].evidence)"))
        usleep(300_000)
        after = connections(nodes)
        let lost = Set(before.keys).subtracting(after.keys)
        #expect(lost == ["node-2 → \(torAddress)"], "sessions lost: \(lost.sorted())")
        #expect(after.allSatisfy { before[$0.key] == $0.value }, "a session was reset: \(before) → \(after)")

        // 3. Change the filter: the ToR gets node-1's second block; no session is reset.
        before = connections(nodes)
        try store.apply(CalicoYAML.exportFilter("tor-export", rejecting: []))
        #expect(Wait.until(timeout: .seconds(5)) { torHas(tor, filteredBlock, from: addresses[0]) },
                Comment(rawValue: "the ToR never received \(filteredBlock) from node-1\n\(nodes[0].evidence)"))
        after = connections(nodes)
        #expect(after == before, "the filter change reset a session: \(before) → \(after)")

        // 4. Outage: nothing changes while the store is away; a change made meanwhile applies after.
        // From a steady state: every node's kernel writer past its start-up hold (it waits for
        // BGP to converge and a quiet second, which steps 1–3 may have kept from happening) and
        // every node's routes to the other nodes' blocks in place.
        let steady = Wait.until(timeout: .seconds(30)) {
            nodes.allSatisfy { ((try? $0.ctl(["status"], as: StatusReport.self))?.daemon.kernel.phase) == "programming" }
                && kernelRoutes(namespaces).allSatisfy { $0.components(separatedBy: "via").count >= 3 }
        }
        #expect(steady, Comment(rawValue: "kernel writers not programming\n\(kernelRoutes(namespaces))\n\(evidence())"))
        before = connections(nodes)
        let routesBefore = kernelRoutes(namespaces)
        try store.beginOutage()
        let noticed = Wait.until(timeout: .seconds(15)) {
            nodes.allSatisfy { ((try? $0.ctl(["status"], as: StatusReport.self))?.datastore?.state) == .unavailable }
        }
        #expect(noticed, Comment(rawValue: "the outage is not in every node's status\n\(evidence())"))
        try store.applyDuringOutage(CalicoYAML.block("node-3", outageBlock))
        let deadline = ContinuousClock.now + outage
        while ContinuousClock.now < deadline { usleep(500_000) }
        #expect(connections(nodes) == before, "a session changed during the outage")
        #expect(kernelRoutes(namespaces) == routesBefore, "kernel routes changed during the outage")
        #expect(!torHas(tor, outageBlock, from: addresses[2]))
        try store.endOutage()
        #expect(Wait.until(timeout: .seconds(20)) { torHas(tor, outageBlock, from: addresses[2]) },
                Comment(rawValue: "the change made during the outage was not applied\n\(nodes[2].evidence)"))
        #expect(Wait.until(timeout: .seconds(5)) {
            nodes.allSatisfy { ((try? $0.ctl(["status"], as: StatusReport.self))?.datastore?.state) == .current }
        })
        #expect(connections(nodes) == before, "a session was reset when the store came back")
        print(nodes[0].table(["status"]))
        _ = fourth
    }
}

extension LabSuite {
    @Suite("swiftletd follows its datastore (live reconfiguration without churn)", .serialized,
           .enabled(if: SwiftletBinaries.isAvailable && LabEnvironment.Daemon.bird.isAvailable,
                    Comment(rawValue: SwiftletBinaries.reason + LabEnvironment.Daemon.bird.reason)))
    struct SwiftletdDatastoreLabTests {
        @Test("file store: add a node, delete a peer, change a filter, an outage — only what changed moves")
        func fileStore() async throws {
            try await Lab.run { lab in
                try LiveReconfigurationScenario.run(lab, outage: .seconds(5)) { resources, _ in
                    let dir = try lab.datastore("cluster", resources)
                    return FileLabStore(directory: dir)
                }
            }
        }
    }
}
