/// The comparable views of the golden suite: what Calico's compiled BIRD files say (read with
/// `BIRDConfigSummary`) and what Swiftlet computes, reduced to the same small value types —
/// peers, this node's blocks with their blackholes, and each pool's export and kernel decision.
import CalicoModel
import Foundation
import NetCore
import Templater

/// One BGP session as both sides describe it.
struct GoldenPeer: Hashable, CustomStringConvertible {
    var name: String
    var neighbor: String
    var port: UInt16?
    var remoteAS: UInt32
    var localAS: UInt32
    var passive: Bool
    /// GTSM hops; nil means `ttl security off; multihop;`.
    var ttlSecurity: UInt8?
    var sourceAddress: String?
    var rrClient: Bool
    var rrClusterID: String?
    /// The key itself (Calico renders it when the Secret can be read).
    var password: String?
    var restartTime: UInt32?
    var keepalive: UInt32?
    var nextHop: String
    var allowLocalAS: UInt32?
    /// `calico_export_to_bgp_peers(true)`: an iBGP peer (same AS), which is not sent routes of
    /// workload or tunnel interfaces.
    var internalPeer: Bool
    /// BGPFilter names called from the import and export filters, import first.
    var filters: [String]

    var description: String {
        "\(name) \(neighbor)\(port.map { ":\($0)" } ?? "") as \(remoteAS) local \(localAS)" + (passive ? " passive" : "")
            + " ttl \(ttlSecurity.map(String.init) ?? "off") src \(sourceAddress ?? "-")"
            + (rrClient ? " rr-client \(rrClusterID ?? "?")" : "") + (password.map { " password \($0)" } ?? "")
            + " restart \(restartTime.map(String.init) ?? "-") keepalive \(keepalive.map(String.init) ?? "-")"
            + " next-hop \(nextHop)" + (allowLocalAS.map { " allow-local-as \($0)" } ?? "")
            + (internalPeer ? " internal" : " external") + " filters [\(filters.joined(separator: ","))]"
    }
}

extension GoldenPeer {
    enum ViewError: Error, CustomStringConvertible {
        case incomplete(String, String)
        var description: String {
            switch self {
            case .incomplete(let peer, let what): "protocol bgp \(peer): \(what)"
            }
        }
    }

    /// Calico's rendering of one `protocol bgp` (template applied by the summary).
    init(bird p: BIRDBGPPeer) throws {
        guard let neighbor = p.neighborAddress, let remoteAS = p.neighborAS else { throw ViewError.incomplete(p.name, "no neighbor address or AS") }
        guard let localAS = p.localAS else { throw ViewError.incomplete(p.name, "no local AS (neither in the protocol nor in its template)") }
        name = p.name
        self.neighbor = neighbor
        port = p.neighborPort
        self.remoteAS = remoteAS
        self.localAS = localAS
        passive = p.passive ?? false
        if p.ttlSecurity == true, case .multihop(let hops)? = p.multihop {
            ttlSecurity = hops
        } else {
            ttlSecurity = nil
        }
        sourceAddress = p.sourceAddress
        rrClient = p.rrClient ?? false
        rrClusterID = p.rrClusterID
        password = p.password
        restartTime = p.gracefulRestartTime
        keepalive = p.keepaliveTime
        nextHop = p.nextHop.map { $0.description } ?? "auto"
        allowLocalAS = p.allowLocalAS
        let exportBody: String
        if case .inline(let body)? = p.exportFilter { exportBody = body } else { exportBody = "" }
        internalPeer = exportBody.contains("calico_export_to_bgp_peers(true)")
        var importBody = ""
        if case .inline(let body)? = p.importFilter { importBody = body }
        var names: [String] = []
        for n in Self.filterCalls(importBody) + Self.filterCalls(exportBody) where !names.contains(n) { names.append(n) }
        filters = names.map(Self.readSymbolName)
    }

    /// BGPFilter names in calls such as `'bgp_test-filter_importFilterV4'();`, in order.
    static func filterCalls(_ code: String) -> [String] {
        var out: [String] = []
        var rest = Substring(code)
        while let start = rest.range(of: "'bgp_") {
            let after = rest[start.upperBound...]
            guard let end = after.firstIndex(of: "'") else { break }
            let symbol = after[..<end]
            for suffix in ["_importFilterV4", "_exportFilterV4", "_importFilterV6", "_exportFilterV6"] where symbol.hasSuffix(suffix) {
                out.append(String(symbol.dropLast(suffix.count)))
            }
            rest = after[after.index(after: end)...]
        }
        return out
    }

    /// Swiftlet's peer, with the key of its password file taken from `secrets` ("name/key" → key),
    /// as Calico takes it from the Secret; a missing key means no password, as Calico renders it.
    init(_ p: PeerConfig, config: DesiredNodeConfig, secrets: [String: String]) {
        name = p.name
        neighbor = p.address.description
        port = p.port
        remoteAS = p.remoteAS.rawValue
        localAS = p.localAS.rawValue
        passive = p.passive
        ttlSecurity = p.ttlSecurity
        sourceAddress = p.sourceAddress?.description
        rrClient = p.routeReflectorClient
        rrClusterID = p.routeReflectorClusterID?.description
        password = p.password.flatMap { secrets["\($0.secret.name)/\($0.secret.key)"] }
        restartTime = p.gracefulRestartTime.map(UInt32.init)
        keepalive = p.keepaliveTime.map(UInt32.init)
        nextHop = p.nextHop.rawValue
        allowLocalAS = p.numAllowedLocalAS.map { UInt32($0) }
        internalPeer = p.isInternal
        // Calico calls a filter's function only for the directions with rules of the peer's family.
        let v4 = p.address.afi == .ipv4
        let imports = p.filters.filter { f in config.filters[f].map { !(v4 ? $0.importV4 : $0.importV6).isEmpty } ?? false }
        let exports = p.filters.filter { f in config.filters[f].map { !(v4 ? $0.exportV4 : $0.exportV6).isEmpty } ?? false }
        var names: [String] = []
        for n in imports + exports where !names.contains(n) { names.append(n) }
        filters = names.map(Self.calicoSymbolName)
    }

    /// Calico shortens a BGPFilter name longer than 45 characters in its BIRD function names to
    /// the first 28 characters, `_` and a 16-digit hash; the view keeps the prefix and marks the
    /// hash, on both sides, so the names still compare (the hash itself is the renderer's business).
    static func calicoSymbolName(_ name: String) -> String {
        name.count > 45 ? String(name.prefix(28)) + "_<hash>" : name
    }

    /// The same shortening read back from Calico's rendering (`…_9615CBDC00BAC628`).
    static func readSymbolName(_ symbol: String) -> String {
        let parts = symbol.split(separator: "_")
        guard symbol.count == 28 + 1 + 16, let last = parts.last, last.count == 16,
              last.allSatisfy({ $0.isHexDigit && !$0.isLowercase }) else { return symbol }
        return String(symbol.prefix(28)) + "_<hash>"
    }
}

/// What `calico_export_to_bgp_peers` and `calico_kernel_programming` (bird_ipam.cfg) do with one CIDR.
struct GoldenPoolRule: Hashable, CustomStringConvertible {
    enum Kernel: String, Hashable {
        /// `accept;`: routes are programmed directly.
        case direct
        /// `krt_tunnel="tunl0"`: through the IPIP tunnel.
        case ipip
        /// Tunnel unless the next hop is in this node's subnet (ipipMode CrossSubnet).
        case ipipCrossSubnet
        /// `reject; # VXLAN routes are handled by Felix.`
        case vxlanByFelix
        /// `reject; # Cluster routes are handled by Felix.` (Felix programs every pool route).
        case clusterRoutesByFelix
    }

    var cidr: String
    var exported: Bool?
    var kernel: Kernel?

    var description: String {
        "\(cidr) export \(exported.map { $0 ? "accept" : "reject" } ?? "-") kernel \(kernel?.rawValue ?? "-")"
    }
}

/// The block and pool views of a scenario's compiled files.
struct GoldenRouting {
    /// `calico_aggr`'s blocks (`if ( net = X ) then { accept; }`): the node's confirmed blocks.
    var blocks: [IPPrefix] = []
    /// `route X blackhole;` in the static protocol.
    var blackholes: [IPPrefix] = []
    /// `route X via Y;` in the static protocol.
    var viaRoutes: [String] = []
    /// Rules for CIDRs in the export function and the kernel filter, by CIDR text.
    var rules: [String: GoldenPoolRule] = [:]

    /// Reads bird_aggr/bird6_aggr (blocks, statics) and bird_ipam/bird6_ipam (rules), each file
    /// on its own: both families define functions of the same names.
    init(aggr: [BIRDConfigSummary], ipam: [BIRDConfigSummary]) {
        for file in aggr {
            for line in (file.functions["calico_aggr"]?.body ?? "").split(separator: "\n") {
                if let cidr = Self.cidr(after: "( net = ", in: line), let p = IPPrefix(cidr) { blocks.append(p) }
            }
            for r in file.staticRoutes {
                switch r.kind {
                case .blackhole: if let p = IPPrefix(r.prefix) { blackholes.append(p) }
                case .via(let gw): viaRoutes.append("\(r.prefix) via \(gw)")
                default: break
                }
            }
        }
        for file in ipam {
            for line in (file.functions["calico_export_to_bgp_peers"]?.body ?? "").split(separator: "\n") {
                guard let cidr = Self.cidr(after: "net ~ ", in: line) else { continue }
                rules[cidr, default: GoldenPoolRule(cidr: cidr)].exported = line.contains("accept;")
            }
            for line in (file.filters["calico_kernel_programming"] ?? "").split(separator: "\n") {
                guard let cidr = Self.cidr(after: "net ~ ", in: line) else { continue }
                rules[cidr, default: GoldenPoolRule(cidr: cidr)].kernel = Self.kernel(line)
            }
        }
    }

    static func kernel(_ line: Substring) -> GoldenPoolRule.Kernel {
        if line.contains("bgp_next_hop") && line.contains("krt_tunnel=\"tunl0\"") { return .ipipCrossSubnet }
        if line.contains("krt_tunnel=\"tunl0\"") { return .ipip }
        if line.contains("VXLAN routes are handled by Felix") { return .vxlanByFelix }
        if line.contains("Cluster routes are handled by Felix") { return .clusterRoutesByFelix }
        return .direct
    }

    /// The CIDR following `marker` up to the next `)` or space, e.g. in `if ( net = 10.0.0.0/30 ) then`.
    static func cidr(after marker: String, in line: Substring) -> String? {
        guard let r = line.range(of: marker) else { return nil }
        let rest = line[r.upperBound...]
        let end = rest.firstIndex { $0 == ")" || $0 == " " } ?? rest.endIndex
        let text = String(rest[..<end])
        return IPPrefix(text) == nil ? nil : text
    }
}

extension GoldenPoolRule {
    /// Swiftlet's decision for a pool: exported unless disabled or disableBGPExport; the kernel
    /// treatment its encapsulation calls for (KernelDesiredRoutes skips tunnelled pools today).
    init(_ pool: DesiredNodeConfig.Pool) {
        cidr = pool.cidr.description
        exported = pool.exported
        if pool.vxlanMode != .never {
            kernel = .vxlanByFelix
        } else {
            switch pool.ipipMode {
            case .always: kernel = .ipip
            case .crossSubnet: kernel = .ipipCrossSubnet
            case .never: kernel = .direct
            }
        }
    }
}

/// `apply_communities` (bird.cfg, bird6.cfg): the communities added to routes inside each
/// prefixAdvertisements CIDR, as "a:b" (RFC 1997) and "a:b:c" (RFC 8092) text.
enum GoldenCommunities {
    static func read(_ files: [BIRDConfigSummary]) -> [String: Set<String>] {
        var out: [String: Set<String>] = [:]
        for file in files {
            var cidr: String?
            for line in (file.functions["apply_communities"]?.body ?? "").split(separator: "\n") {
                if let c = GoldenRouting.cidr(after: "net ~ ", in: line) {
                    cidr = c
                    out[c, default: []] = out[c] ?? []
                } else if let cidr, let open = line.range(of: "community.add(("), let close = line.range(of: "))") {
                    let numbers = line[open.upperBound..<close.lowerBound].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                    out[cidr, default: []].insert(numbers.joined(separator: ":"))
                }
            }
        }
        return out
    }

    /// Swiftlet's prefixAdvertisements the same way.
    static func ours(_ config: DesiredNodeConfig) -> [String: Set<String>] {
        var out: [String: Set<String>] = [:]
        for a in config.prefixAdvertisements { out[a.cidr.description, default: []].formUnion(a.communities.map(\.description)) }
        return out
    }
}
