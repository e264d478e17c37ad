/// `RenderContext`: the values a template sees, built from a `DesiredNodeConfig`. It is the
/// operator's API (docs/render.md lists every field): plain dictionaries, arrays, strings,
/// numbers and booleans, with every decision precomputed because Mustache has no logic —
/// optional values are absent keys with a `has…` boolean beside them, lists come whole and split
/// by address family, and every list item carries `first`, `last` and `index`.
///
/// Nothing time- or host-dependent goes in: the same configuration always renders the same
/// bytes, which is what lets `ConfigWriter` skip identical output (confd's rule).
import CalicoModel
import NetCore

/// One object of the context (Mustache looks names up in it).
typealias ContextObject = [String: Any]

public struct RenderContext {
    /// The root object handed to Mustache.
    public let root: [String: Any]

    /// Builds the context. Password keys are read through `secrets` (a peer whose key file is
    /// missing or unusable is an error: rendering a session without its password would fail
    /// silently at the peer).
    public init(_ config: DesiredNodeConfig, secrets: SecretReader = SecretReader()) throws(RenderError) {
        var o: ContextObject = [:]
        o["nodeName"] = config.nodeName
        o.optional("routerID", config.routerID?.description)
        o["asNumber"] = config.asNumber.description
        o["listenPort"] = Int(config.listenPort)
        o["listenPortIsDefault"] = config.listenPort == 179
        o.list("listenAddresses", config.listenAddresses.map(Self.address))
        o.optional("ipv4Address", config.ipv4Address.map(Self.interfaceAddress), flag: "hasIPv4")
        o.optional("ipv6Address", config.ipv6Address.map(Self.interfaceAddress), flag: "hasIPv6")
        o.optional("routeReflectorClusterID", config.routeReflectorClusterID?.description, flag: "isRouteReflector")
        o["meshEnabled"] = config.meshEnabled
        o.optional("holdTime", config.holdTime.map { Int($0) })
        o.optional("logSeverity", config.logSeverity)
        o["logDebug"] = config.logSeverity?.lowercased() == "debug"
        o.list("ignoredInterfaces", config.ignoredInterfaces.map { ["name": $0] })

        let peers = try config.peers.map { p throws(RenderError) in try Self.peer(p, config, secrets) }
        o.splitByFamily("peers", peers)
        o.list("filters", config.filters.keys.sorted().compactMap { name in config.filters[name].map { Self.filter(name, $0) } })
        o.splitByFamily("localBlocks", config.localBlocks.map(Self.prefix))
        o.splitByFamily("prefixAdvertisements", config.prefixAdvertisements.map(Self.advertisement))
        o.splitByFamily("pools", config.pools.map(Self.pool))
        o.list("remoteNodes", config.remoteNodes.map(Self.remoteNode))
        // A peer with reachableBy needs a route to it through that gateway (Calico renders a
        // static `route <peer>/32 via <gateway>`).
        o.splitByFamily("reachableByRoutes", config.peers.compactMap(Self.reachableRoute))
        for family in ["V4", "V6"] {
            o["hasStaticRoutes\(family)"] = o.bool("hasLocalBlocks\(family)") || o.bool("hasReachableByRoutes\(family)")
        }
        root = o
    }

    // MARK: - Small shared shapes

    static func family(_ afi: AFI) -> String { afi == .ipv4 ? "ipv4" : "ipv6" }

    /// `{address, family, ipv4, ipv6}`.
    static func address(_ a: IPAddress) -> ContextObject {
        ["address": a.description, "family": family(a.afi), "ipv4": a.afi == .ipv4, "ipv6": a.afi == .ipv6]
    }

    /// `{cidr, address, length, family, ipv4, ipv6}`.
    static func prefix(_ p: IPPrefix) -> ContextObject {
        let text = p.description
        let address = text.split(separator: "/").first.map(String.init) ?? text
        return ["cidr": text, "address": address, "length": Int(p.length), "family": family(p.afi),
                "ipv4": p.afi == .ipv4, "ipv6": p.afi == .ipv6]
    }

    /// A node address with its subnet: `{address, prefixLength, cidr, subnet, family, ipv4, ipv6}`.
    static func interfaceAddress(_ a: InterfaceAddress) -> ContextObject {
        var o = address(a.address)
        o["prefixLength"] = Int(a.prefixLength)
        o["cidr"] = a.description
        o.optional("subnet", a.subnet?.description)
        return o
    }
}

extension Dictionary where Key == String, Value == Any {
    /// Sets `key` when `value` is present; always sets the flag (`has<Key>` unless named).
    mutating func optional(_ key: String, _ value: Any?, flag: String? = nil) {
        if let value { self[key] = value }
        self[flag ?? "has" + key.prefix(1).uppercased() + key.dropFirst()] = value != nil
    }

    /// Sets `key` to the items with `first`/`last`/`index` added, and `has<Key>`.
    mutating func list(_ key: String, _ items: [ContextObject]) {
        self[key] = items.enumerated().map { i, item -> ContextObject in
            var item = item
            item["index"] = i
            item["first"] = i == 0
            item["last"] = i == items.count - 1
            return item
        }
        self["has" + key.prefix(1).uppercased() + key.dropFirst()] = !items.isEmpty
    }

    /// `key` (all items), `keyV4` and `keyV6` (items whose `ipv4`/`ipv6` flag is set).
    mutating func splitByFamily(_ key: String, _ items: [ContextObject]) {
        list(key, items)
        list(key + "V4", items.filter { $0["ipv4"] as? Bool == true })
        list(key + "V6", items.filter { $0["ipv6"] as? Bool == true })
    }

    func bool(_ key: String) -> Bool { self[key] as? Bool ?? false }
}
