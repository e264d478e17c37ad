/// The calico-confd golden suite: for every scenario Calico compiled (compiled_templates/<golden>/)
/// the resources it was rendered from are rebuilt the way Calico's own test harness builds them
/// (input.yaml, the standard block affinities, the step edits of its daemon-mode tests, the
/// Secrets it creates), Swiftlet computes the node's configuration, and the result is compared
/// with Calico's BIRD files read by `BIRDConfigSummary`: peers (bird.cfg, bird6.cfg), blocks and
/// their blackholes (bird_aggr.cfg, bird6_aggr.cfg), prefixAdvertisements' communities
/// (apply_communities), each pool's export and kernel decision
/// (bird_ipam.cfg, bird6_ipam.cfg). Where Swiftlet deliberately differs, or refuses an input as
/// "not supported yet", the recipe says so and the test checks that difference is really there.
/// Inputs without a compiled output (idle_peers, node_deletion, step2 overlays) and the step
/// sequences are checked as change plans. Skips with a message when the fixtures are absent.
import CalicoModel
import Foundation
import NetCore
import Testing
import Templater

/// A deliberate difference from Calico's rendering, with the reason (docs/templater.md).
enum GoldenDifference: String, Sendable {
    /// Calico renders blackholes and export rules for Service IPs (serviceClusterIPs,
    /// serviceLoadBalancerIPs, Kubernetes Services); Swiftlet does not advertise Service IPs yet.
    case serviceRoutes = "service IP advertisement is not implemented yet"
    /// The Go harness sets a route priority (krt_metric/local_pref thresholds other than 1024) by
    /// means not in input.yaml; Swiftlet does not model route priority.
    case routePriority = "route priority (krt_metric) is not modelled"
}

/// A change made to the resources between steps, as Calico's daemon-mode tests make it.
enum GoldenEdit: Sendable {
    case deleteFilter(String)
    case sourceAddressNone(peer: String)
    case maxRestartTime(peer: String, seconds: Int64)
    case deleteNode(String)
    /// `calicoctl apply` of a step2/input.yaml: same-named resources are replaced.
    case overlay(String)
}

/// How one compiled scenario is rebuilt from inputs.
struct GoldenRecipe: Sendable, CustomStringConvertible {
    var golden: String
    /// mock_data/calicoctl/<input>/input.yaml; "" for the generated password-deadlock cluster.
    var input: String
    var node = "kube-master"
    /// Calico's harness creates the standard block affinities unless `withoutBlockAffinities()`.
    var affinities = true
    var edits: [GoldenEdit] = []
    /// Secret keys that exist ("secret/key" → key), as the Go test creates them.
    var secrets: [String: String] = [:]
    /// Swiftlet refuses the input; the error must contain this text.
    var refused: String?
    /// Calico's cluster routing mode when the harness sets it outside input.yaml (environment).
    var programClusterRoutes: String?
    var differences: Set<GoldenDifference> = []

    var description: String { golden }
}

enum GoldenRecipes {
    /// Scenarios whose compiled folder is not simply `<input>/` with the defaults, from Calico's
    /// confd tests (confd/tests/*_test.go: steps, node names, Secrets, block affinities).
    static let special: [GoldenRecipe] = {
        var out: [GoldenRecipe] = []
        out.append(GoldenRecipe(golden: "bgpfilter/filter_deletion/step1", input: "bgpfilter/filter_deletion"))
        // Step 2 deletes the BGPFilter a BGPPeer still names: Calico renders the peer without it;
        // Swiftlet's validation refuses a peer naming a filter that does not exist.
        out.append(GoldenRecipe(golden: "bgpfilter/filter_deletion/step2", input: "bgpfilter/filter_deletion",
                                edits: [.deleteFilter("test-filter")], refused: "no BGPFilter with this name"))
        // priority1 renders the default priority; 2 and 3 a priority the harness sets outside input.yaml.
        for step in ["priority1", "priority2", "priority3"] {
            out.append(GoldenRecipe(golden: "bgpfilter/node_mesh/\(step)", input: "bgpfilter/node_mesh", affinities: false,
                                    differences: step == "priority1" ? [] : [.routePriority]))
        }
        out.append(GoldenRecipe(golden: "explicit_peering/local_bgp_peer", input: "local_bgp_peer", affinities: false,
                                refused: "field not supported yet by Swiftlet"))
        // TestNodeMeshBGPPassword runs without block affinities, but these files list the standard
        // blocks: they were compiled with them (the affinities of an earlier test were still there).
        out.append(GoldenRecipe(golden: "mesh/password/step1", input: "mesh_password"))
        out.append(GoldenRecipe(golden: "mesh/password/step2", input: "mesh_password", secrets: ["my-secrets-1/a": "password-a"]))
        out.append(GoldenRecipe(golden: "mesh/password/step3", input: "mesh_password", secrets: ["my-secrets-1/a": "new-password-a"]))
        // The cluster routing mode comes from the environment here (programClusterRoutes' values).
        for (pcr, mode) in [("pcr-disabled", "Disabled"), ("pcr-enabled", "Enabled"), ("pcr-ipip-only", "EnabledIPIPOnly")] {
            var r = GoldenRecipe(golden: "mesh/restart-time/\(pcr)", input: "mesh/restart-time")
            r.programClusterRoutes = mode
            out.append(r)
        }
        // run_individual_test: step2/input.yaml is applied on top of the scenario's input (the
        // static-routes step2 files clear the Service IP ranges, so no Service routes remain).
        for base in ["explicit_peering/selectors", "mesh/communities", "mesh/static-routes", "mesh/static-routes-exclude-node"] {
            out.append(GoldenRecipe(golden: "\(base)/step2", input: base, edits: [.overlay("\(base)/step2/input.yaml")]))
        }
        for (step, secrets) in passwordSteps.enumerated() {
            out.append(GoldenRecipe(golden: "password/step\(step + 1)", input: "password", node: "node1", affinities: false,
                                    secrets: secrets))
        }
        out.append(GoldenRecipe(golden: "password-deadlock", input: "", node: "node1", affinities: false,
                                secrets: ["my-secrets-1/a": "password-a"]))
        out.append(GoldenRecipe(golden: "sourceaddr_gracefulrestart/step1", input: "sourceaddr_gracefulrestart", node: "node1",
                                affinities: false))
        out.append(GoldenRecipe(golden: "sourceaddr_gracefulrestart/step2", input: "sourceaddr_gracefulrestart", node: "node1",
                                affinities: false, edits: [.sourceAddressNone(peer: "bgppeer-1")]))
        out.append(GoldenRecipe(golden: "sourceaddr_gracefulrestart/step3", input: "sourceaddr_gracefulrestart", node: "node1",
                                affinities: false,
                                edits: [.sourceAddressNone(peer: "bgppeer-1"), .maxRestartTime(peer: "bgppeer-1", seconds: 10)]))
        return out
    }()

    /// TestBGPPeerPassword's Secrets at each of its six steps.
    static let passwordSteps: [[String: String]] = [
        [:],
        ["my-secrets-1/b": "password-b"],
        ["my-secrets-1/a": "password-a", "my-secrets-1/b": "password-b", "my-secrets-2/c": "password-c"],
        ["my-secrets-1/a": "password-a", "my-secrets-1/b": "password-b"],
        ["my-secrets-1/a": "new-password-a", "my-secrets-1/b": "new-password-b"],
        ["my-secrets-1/b": "new-password-b"],
    ]

    /// Inputs Swiftlet refuses as not supported yet (see FixtureInputTests), by input folder.
    static let refusedInputs: Set<String> = [
        "bgpfilter/as_path_and_priority", "bgpfilter/communities_and_operations", "bgpfilter/kubevirt_live_migration",
        "bgpfilter/large_community", "bgpfilter/peer_type",
    ]

    /// Scenarios whose Calico rendering includes Service IP routes and rules.
    static let serviceRouteScenarios: Set<String> = [
        "mesh/static-routes", "mesh/static-routes-exclude-node", "mesh/static-routes-no-ipv4-address",
    ]

    /// Every compiled scenario with its recipe.
    static func all() -> [GoldenRecipe] {
        guard ConfdFixtures.available else { return [] }
        let compiled = ConfdFixtures.files(under: ConfdFixtures.compiledRoot) { $0.hasSuffix("/bird.cfg") || $0 == "bird.cfg" }
            .map { String($0.dropLast("/bird.cfg".count)) }
        let specials = Dictionary(uniqueKeysWithValues: special.map { ($0.golden, $0) })
        return compiled.map { golden in
            if let r = specials[golden] { return r }
            var r = GoldenRecipe(golden: golden, input: golden)
            if refusedInputs.contains(golden) { r.refused = "field not supported yet by Swiftlet" }
            if serviceRouteScenarios.contains(golden) { r.differences.insert(.serviceRoutes) }
            return r
        }
    }
}

/// Building a scenario's resources.
enum GoldenInputs {
    static let standardAffinities = """
    kind: BlockAffinity
    apiVersion: projectcalico.org/v3
    metadata: {name: kube-master-10-0-0-0-30}
    spec: {node: kube-master, cidr: 10.0.0.0/30}
    ---
    kind: BlockAffinity
    apiVersion: projectcalico.org/v3
    metadata: {name: kube-master-10-1-0-0-24}
    spec: {node: kube-master, cidr: 10.1.0.0/24}
    ---
    kind: BlockAffinity
    apiVersion: projectcalico.org/v3
    metadata: {name: kube-master-10-2-0-1-32}
    spec: {node: kube-master, cidr: 10.2.0.1/32}
    ---
    kind: BlockAffinity
    apiVersion: projectcalico.org/v3
    metadata: {name: kube-master-192-168-221-192-26}
    spec: {node: kube-master, cidr: 192.168.221.192/26}
    ---
    kind: BlockAffinity
    apiVersion: projectcalico.org/v3
    metadata: {name: kube-master-192-168-221-64-26}
    spec: {node: kube-master, cidr: 192.168.221.64/26, state: confirmed}
    ---
    kind: BlockAffinity
    apiVersion: projectcalico.org/v3
    metadata: {name: kube-master-192-168-221-0-26}
    spec: {node: kube-master, cidr: 192.168.221.0/26, state: pending}
    """

    /// TestBGPPasswordDeadlock's cluster: 99 nodes labelled node=yes, each with a BGPPeer to
    /// 10.24.0.2 using my-secrets-1/a. The Go test creates no BGPConfiguration, yet Calico rendered
    /// no mesh peers: the mesh was off in that datastore, so the generated input says so.
    static func passwordDeadlock() -> String {
        var docs = ["kind: BGPConfiguration\napiVersion: projectcalico.org/v3\nmetadata: {name: default}\nspec: {nodeToNodeMeshEnabled: false}"]
        for i in 1...99 {
            docs.append("kind: Node\napiVersion: projectcalico.org/v3\nmetadata: {name: node\(i), labels: {node: \"yes\"}}\n"
                + "spec: {bgp: {ipv4Address: 10.24.0.\(i)/24}}")
            docs.append("kind: BGPPeer\napiVersion: projectcalico.org/v3\nmetadata: {name: bgppeer-\(i)}\n"
                + "spec: {node: node\(i), peerIP: 10.24.0.2, asNumber: 64512, password: {secretKeyRef: {name: my-secrets-1, key: a}}}")
        }
        return docs.joined(separator: "\n---\n")
    }

    static func load(_ relative: String) throws -> ResourceSet {
        let url = ConfdFixtures.inputRoot.appendingPathComponent(relative)
        guard let text = ConfdFixtures.read(url) else { throw GoldenInputError.missing(url.path) }
        return try ResourceSet.load(path: relative, contents: text)
    }

    /// The recipe's resources after its edits, validated as the daemon validates a directory.
    static func resources(_ r: GoldenRecipe) throws -> ResourceSet {
        var set = r.input.isEmpty
            ? try ResourceSet.load(path: "password-deadlock (generated)", contents: passwordDeadlock())
            : try load("\(r.input)/input.yaml")
        if r.affinities {
            for a in try ResourceSet.load(path: "standard block affinities", contents: standardAffinities).all { set.insert(a) }
        }
        for edit in r.edits { try apply(edit, to: &set) }
        let errors = set.validate()
        if !errors.isEmpty { throw ConfigErrors(errors) }
        return set
    }

    static func apply(_ edit: GoldenEdit, to set: inout ResourceSet) throws {
        switch edit {
        case .deleteFilter(let name):
            set.bgpFilters.removeAll { $0.metadata.name == name }
        case .sourceAddressNone(let peer):
            guard let i = set.bgpPeers.firstIndex(where: { $0.metadata.name == peer }) else { throw GoldenInputError.noPeer(peer) }
            set.bgpPeers[i].sourceAddress = .none
        case .maxRestartTime(let peer, let seconds):
            guard let i = set.bgpPeers.firstIndex(where: { $0.metadata.name == peer }) else { throw GoldenInputError.noPeer(peer) }
            set.bgpPeers[i].maxRestartTime = GoDuration(seconds: seconds)
        case .deleteNode(let name):
            set.nodes.removeAll { $0.name == name }
        case .overlay(let relative):
            let overlay = try load(relative)
            let replaced = Set(overlay.all.map(\.key))
            set = ResourceSet(set.all.filter { !replaced.contains($0.key) } + overlay.all)
        }
    }

    enum GoldenInputError: Error, CustomStringConvertible {
        case missing(String), noPeer(String)
        var description: String {
            switch self {
            case .missing(let p): "input file \(p) is missing"
            case .noPeer(let p): "the edit names BGPPeer \(p), which the input does not have"
            }
        }
    }

    /// Each existing file of the scenario, summarized on its own.
    static func summaries(_ golden: String, _ files: [String]) throws -> [BIRDConfigSummary] {
        var out: [BIRDConfigSummary] = []
        for f in files {
            let url = ConfdFixtures.compiledRoot.appendingPathComponent("\(golden)/\(f)")
            guard let text = ConfdFixtures.read(url) else { continue }
            out.append(try BIRDConfigSummary(parsing: text))
        }
        return out
    }
}

@Suite struct CalicoConfdGoldenTests {
    @Test func fixturesPresentOrSkipped() {
        if !ConfdFixtures.available { print(ConfdFixtures.skipMessage) }
    }

    /// Every compiled folder has a recipe whose input exists, and every input.yaml is used by a
    /// recipe or by one of the change-plan checks below.
    @Test func everyScenarioIsCovered() throws {
        guard ConfdFixtures.available else { print(ConfdFixtures.skipMessage); return }
        let recipes = GoldenRecipes.all()
        #expect(recipes.count == 88, "compiled scenarios: \(recipes.count)")
        for r in recipes where !r.input.isEmpty {
            #expect(FileManager.default.fileExists(atPath: ConfdFixtures.inputRoot.appendingPathComponent("\(r.input)/input.yaml").path),
                    "\(r.golden): no input \(r.input)/input.yaml")
        }
        let inputs = Set(ConfdFixtures.files(under: ConfdFixtures.inputRoot) { $0.hasSuffix("/input.yaml") && !$0.hasSuffix("kubectl-input.yaml") }
            .map { String($0.dropLast("/input.yaml".count)) })
        let overlays = recipes.flatMap { r in
            r.edits.compactMap { e -> String? in if case .overlay(let f) = e { String(f.dropLast("/input.yaml".count)) } else { nil } }
        }
        let used = Set(recipes.map(\.input) + overlays).union(Self.planOnlyInputs)
        #expect(inputs.subtracting(used).isEmpty, "inputs no test uses: \(inputs.subtracting(used).sorted())")
    }

    /// Inputs with no compiled output, checked by the change-plan tests of this suite.
    static let planOnlyInputs: Set<String> = ["idle_peers", "node_deletion"]

    @Test(arguments: GoldenRecipes.all())
    func matchesCalico(_ r: GoldenRecipe) throws {
        let resources: ResourceSet
        let config: DesiredNodeConfig
        do {
            resources = try GoldenInputs.resources(r)
            config = try DesiredNodeConfig.compute(resources: resources, nodeName: r.node, secretsDirectory: "/secrets")
        } catch {
            let text = "\(error)"
            guard let refused = r.refused else {
                Issue.record("\(r.golden): Swiftlet refused the input: \(text)")
                return
            }
            #expect(text.contains(refused), "\(r.golden): refused, but not for the expected reason: \(text)")
            return
        }
        #expect(r.refused == nil, "\(r.golden): expected Swiftlet to refuse the input (\(r.refused ?? ""))")

        let birdFiles = try GoldenInputs.summaries(r.golden, ["bird.cfg", "bird6.cfg"])
        let bird = birdFiles.reduce(BIRDConfigSummary()) { $0.merging($1) }
        comparePeers(r, config, bird)
        // prefixAdvertisements: the communities added inside each CIDR.
        #expect(GoldenCommunities.ours(config) == GoldenCommunities.read(birdFiles), "\(r.golden): communities")
        comparePriority(r, bird)
        let routing = GoldenRouting(aggr: try GoldenInputs.summaries(r.golden, ["bird_aggr.cfg", "bird6_aggr.cfg"]),
                                    ipam: try GoldenInputs.summaries(r.golden, ["bird_ipam.cfg", "bird6_ipam.cfg"]))
        let serviceStatics = compareBlocks(r, config, routing)
        let serviceRules = comparePools(r, config, resources, routing)
        #expect((serviceStatics || serviceRules) == r.differences.contains(.serviceRoutes),
                "\(r.golden): Calico renders Service IP routes: \(serviceStatics || serviceRules), expected \(r.differences.contains(.serviceRoutes))")
    }

    /// Peers: every parameter, by protocol name (one issue per differing peer).
    func comparePeers(_ r: GoldenRecipe, _ config: DesiredNodeConfig, _ bird: BIRDConfigSummary) {
        var ours: [String: GoldenPeer] = [:]
        for p in config.peers { ours[p.name] = GoldenPeer(p, config: config, secrets: r.secrets) }
        var theirs: [String: GoldenPeer] = [:]
        for p in bird.peers {
            do { theirs[p.name] = try GoldenPeer(bird: p) } catch { Issue.record("\(r.golden): \(error)") }
        }
        #expect(ours.keys.sorted() == theirs.keys.sorted(), "\(r.golden): peer names")
        for (name, mine) in ours.sorted(by: { $0.key < $1.key }) {
            guard let calico = theirs[name] else { continue }
            #expect(mine.description == calico.description, "\(r.golden): peer \(name)")
        }
    }

    /// Route priority: Calico's export filters set krt_metric 1024 unless the harness set a priority.
    func comparePriority(_ r: GoldenRecipe, _ bird: BIRDConfigSummary) {
        let bodies = bird.peers.compactMap { p -> String? in if case .inline(let b)? = p.exportFilter { b } else { nil } }
        let prioritized = bodies.filter { !$0.contains("krt_metric = 1024;") }
        if r.differences.contains(.routePriority) {
            #expect(!prioritized.isEmpty, "\(r.golden): expected Calico to render a route priority (\(GoldenDifference.routePriority.rawValue))")
        } else {
            #expect(prioritized.isEmpty, "\(r.golden): Calico renders a route priority Swiftlet does not model")
        }
    }

    /// Blocks: Swiftlet originates and blackholes the node's confirmed blocks inside an exported
    /// pool (docs/config.md); Calico lists every confirmed block. Blocks of Calico's outside every
    /// exported pool are the deliberate difference; nothing else may differ.
    /// Returns whether Calico has static routes that are no block (Service IPs).
    func compareBlocks(_ r: GoldenRecipe, _ config: DesiredNodeConfig, _ routing: GoldenRouting) -> Bool {
        let exportable: (IPPrefix) -> Bool = { b in config.pools.contains { $0.exported && Self.contains($0.cidr, b) } }
        #expect(config.localBlocks.sorted() == routing.blocks.filter(exportable).sorted(), "\(r.golden): blocks")
        if !r.affinities { #expect(routing.blocks.isEmpty, "\(r.golden): Calico lists blocks but the harness created none") }
        // Calico blackholes each block but a single-address one; KernelDesiredRoutes blackholes every local block.
        let blockBlackholes = routing.blackholes.filter { routing.blocks.contains($0) }
        #expect(blockBlackholes.sorted() == routing.blocks.filter { $0.length < ($0.afi == .ipv4 ? 32 : 128) }.sorted(),
                "\(r.golden): Calico blackholes")
        #expect(config.localBlocks.sorted() == blockBlackholes.filter(exportable).sorted(), "\(r.golden): blackholes")
        let serviceRoutes = routing.blackholes.filter { !routing.blocks.contains($0) }
        // reachableBy: a route to the peer through the gateway.
        let ours = config.peers.compactMap { p in
            p.reachableBy.map { "\(p.address)/\(p.address.afi == .ipv4 ? 32 : 128) via \($0)" }
        }
        #expect(Set(ours) == Set(routing.viaRoutes), "\(r.golden): reachableBy routes")
        return !serviceRoutes.isEmpty
    }

    /// Pools: export accept/reject per pool CIDR, and the kernel treatment. Calico's kernel rule
    /// is checked against Calico's cluster routing mode (`calicoKernel`); where Calico programs the
    /// pool's routes itself, Swiftlet's encapsulation decision must agree; where it leaves them to
    /// Felix, Swiftlet programs them by encapsulation (the deliberate difference). CIDRs in
    /// Calico's rules that are no pool must be Service IP ranges (another deliberate difference).
    /// Returns whether Calico has rules for CIDRs that are no pool (Service IPs).
    func comparePools(_ r: GoldenRecipe, _ config: DesiredNodeConfig, _ resources: ResourceSet, _ routing: GoldenRouting) -> Bool {
        let mode = r.programClusterRoutes ?? resources.defaultConfiguration?.programClusterRoutes
        for pool in config.pools where !pool.disabled {
            let ours = GoldenPoolRule(pool)
            let theirs = routing.rules[ours.cidr]
            #expect(ours.exported == theirs?.exported, "\(r.golden): export of \(pool.cidr)")
            let hasAddress = (pool.cidr.afi == .ipv4 ? config.ipv4Address : config.ipv6Address) != nil
            let expected = hasAddress ? Self.calicoKernel(pool, mode: mode) : nil
            // A node without an address of the pool's family gets no rule for it.
            #expect(theirs?.kernel == expected, "\(r.golden): Calico's kernel rule for \(pool.cidr) (mode \(mode ?? "default"))")
            // Deliberate difference: where Calico leaves cluster routes to Felix, Swiftlet (which
            // is Felix's route programmer too) decides by encapsulation alone (KernelDesiredRoutes).
            // No rule: the filter's final `accept;` programs the routes directly.
            if hasAddress, theirs?.kernel != .clusterRoutesByFelix {
                #expect(ours.kernel == theirs?.kernel ?? .direct, "\(r.golden): kernel treatment of \(pool.cidr)")
            }
        }
        let pools = Set(config.pools.map(\.cidr.description))
        let service = resources.bgpConfigurations.flatMap { $0.serviceClusterIPs + $0.serviceExternalIPs + $0.serviceLoadBalancerIPs }
        let others = routing.rules.filter { !pools.contains($0.key) }
        for (cidr, rule) in others {
            let inService = IPPrefix(cidr).map { p in service.contains { Self.contains($0, p) } } ?? false
            #expect(inService, "\(r.golden): Calico has a rule for \(rule), which is neither a pool nor a Service IP range")
        }
        return !others.isEmpty
    }

    /// Calico's kernel rule for a pool under programClusterRoutes `mode` (what its ipam templates
    /// render): VXLAN is always Felix's; unset means EnabledNoEncapOnly; an IPv6 pool Calico
    /// programs itself has no rule (bird6_ipam.cfg's final `accept;`).
    static func calicoKernel(_ pool: DesiredNodeConfig.Pool, mode: String?) -> GoldenPoolRule.Kernel? {
        if pool.vxlanMode != .never { return .vxlanByFelix }
        if pool.cidr.afi == .ipv6 {
            return ["Disabled", "EnabledIPIPOnly"].contains(mode ?? "EnabledNoEncapOnly") ? .clusterRoutesByFelix : nil
        }
        let byEncapsulation = GoldenPoolRule(pool).kernel
        let encapsulated = pool.ipipMode != .never
        switch mode ?? "EnabledNoEncapOnly" {
        case "Enabled": return byEncapsulation
        case "EnabledIPIPOnly": return encapsulated ? byEncapsulation : .clusterRoutesByFelix
        case "EnabledNoEncapOnly": return encapsulated ? .clusterRoutesByFelix : .direct
        default: return .clusterRoutesByFelix
        }
    }

    static func contains(_ outer: IPPrefix, _ inner: IPPrefix) -> Bool {
        switch (outer, inner) {
        case (.v4(let o), .v4(let i)): o.contains(i)
        case (.v6(let o), .v6(let i)): o.contains(i)
        default: false
        }
    }
}
