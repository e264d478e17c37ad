/// The `peers` objects of the render context: every session parameter of a `PeerConfig`, with
/// the booleans a BIRD (or any other) template needs to choose statements without logic.
import CalicoModel
import NetCore

extension RenderContext {
    static func peer(_ p: PeerConfig, _ config: DesiredNodeConfig, _ secrets: SecretReader) throws(RenderError) -> ContextObject {
        var o = address(p.address)
        o["name"] = p.name
        o["kind"] = p.kind.rawValue
        o["isMesh"] = p.kind == .mesh
        o["isGlobal"] = p.kind == .global
        o["isNode"] = p.kind == .node
        o.optional("port", p.port.map { Int($0) })
        o["portOrDefault"] = Int(p.port ?? 179)
        o["remoteAS"] = p.remoteAS.description
        o["localAS"] = p.localAS.description
        // Calico writes `local as` per peer only when it is not the node's own AS.
        o["localASDiffers"] = p.explicitLocalAS || p.localAS != config.asNumber
        o["internal"] = p.isInternal
        o["external"] = !p.isInternal
        o["passive"] = p.passive
        o.optional("sourceAddress", p.sourceAddress?.description)
        // RFC 5082 GTSM: accept only packets whose TTL shows at most this many hops.
        o.optional("ttlSecurity", p.ttlSecurity.map { Int($0) }, flag: "hasTTLSecurity")
        o.optional("keepaliveTime", p.keepaliveTime.map { Int($0) })
        o.optional("holdTime", p.holdTime.map { Int($0) })
        o.optional("gracefulRestartTime", p.gracefulRestartTime.map { Int($0) })
        if let password = p.password {
            o["password"] = try secrets.key(password, peer: p.name)
            o["passwordFile"] = password.path
            o["passwordSecret"] = password.secret.name
            o["passwordKey"] = password.secret.key
        }
        o["hasPassword"] = p.password != nil
        o["nextHop"] = p.nextHop.rawValue
        o["nextHopAuto"] = p.nextHop == .auto
        o["nextHopSelf"] = p.nextHop == .self
        o["nextHopKeep"] = p.nextHop == .keep
        // RFC 4456: this node reflects routes to the peer; the cluster ID is this node's.
        o["routeReflectorClient"] = p.routeReflectorClient
        if p.routeReflectorClient, let id = p.routeReflectorClusterID { o["routeReflectorClusterID"] = id.description }
        o.optional("numAllowedLocalAS", p.numAllowedLocalAS.map { Int($0) })
        o.list("filters", p.filters.map { peerFilter($0, p.address.afi, config.filters[$0]) })
        o.optional("reachableBy", p.reachableBy?.description)
        o["isCalicoNode"] = p.isCalicoNode
        o.optional("resource", p.resource)
        return o
    }

    /// A filter as one peer uses it: the functions for the peer's family and whether they have
    /// rules (a function without rules is not rendered, so it must not be called).
    private static func peerFilter(_ name: String, _ afi: AFI, _ filter: BGPFilter?) -> ContextObject {
        let suffix = afi == .ipv4 ? "V4" : "V6"
        let importRules = afi == .ipv4 ? filter?.importV4 : filter?.importV6
        let exportRules = afi == .ipv4 ? filter?.exportV4 : filter?.exportV6
        return ["name": name,
                "importFunction": functionName(name, "import", suffix),
                "exportFunction": functionName(name, "export", suffix),
                "hasImport": !(importRules ?? []).isEmpty,
                "hasExport": !(exportRules ?? []).isEmpty]
    }

    /// Calico's BIRD function name for one rule list: `bgp_<filter>_importFilterV4`. BGPFilter
    /// names may contain `-` and `.`, so BIRD needs the name quoted: `'bgp_my-filter_importFilterV4'`.
    /// BIRD symbols are at most 64 characters, so a filter name longer than 45 is shortened as
    /// Calico's confd does it: its first 28 characters, `_`, and the first 16 hex digits
    /// (upper case) of the name's SHA-256 — 45 characters, unique in practice.
    static func functionName(_ filter: String, _ direction: String, _ suffix: String) -> String {
        "bgp_\(shortFilterName(filter))_\(direction)Filter\(suffix)"
    }

    static func shortFilterName(_ name: String) -> String {
        let utf8 = Array(name.utf8)
        guard utf8.count > 45 else { return name }
        let hash = SHA256.hex(Array(SHA256.digest(utf8).prefix(8)), uppercase: true)
        return String(decoding: utf8.prefix(28), as: UTF8.self) + "_" + hash
    }

    /// `{peer, prefix, via, family, ipv4, ipv6}` for a peer reachable through a gateway.
    static func reachableRoute(_ p: PeerConfig) -> ContextObject? {
        guard let via = p.reachableBy else { return nil }
        let host = p.address.afi == .ipv4 ? 32 : 128
        var o = address(p.address)
        o["peer"] = p.name
        o["prefix"] = "\(p.address)/\(host)"
        o["via"] = via.description
        return o
    }
}
