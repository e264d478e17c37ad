/// `ContextSchema`: every name the render context can hold, object by object. Templates are
/// checked against it before rendering (a misspelt name would otherwise render as nothing), and
/// the tests check that the context never holds a name missing here and that docs/render.md
/// documents every one.

public enum ContextSchema {
    /// Each object kind of the context and its fields (list items also get `listItem`'s).
    public static let objects: [(kind: String, fields: [String])] = [
        ("root", ["nodeName", "routerID", "hasRouterID", "asNumber", "listenPort", "listenPortIsDefault",
                  "listenAddresses", "hasListenAddresses", "ipv4Address", "hasIPv4", "ipv6Address", "hasIPv6",
                  "routeReflectorClusterID", "isRouteReflector", "meshEnabled", "holdTime", "hasHoldTime",
                  "logSeverity", "hasLogSeverity", "logDebug", "ignoredInterfaces", "hasIgnoredInterfaces"]
            + familyLists("peers") + ["filters", "hasFilters"] + familyLists("localBlocks")
            + familyLists("prefixAdvertisements") + familyLists("pools") + ["remoteNodes", "hasRemoteNodes"]
            + familyLists("reachableByRoutes") + ["hasStaticRoutesV4", "hasStaticRoutesV6"]),
        ("listItem", ["index", "first", "last"]),
        ("address", ["address", "family", "ipv4", "ipv6"]),
        ("prefix", ["cidr", "address", "length", "family", "ipv4", "ipv6"]),
        ("interfaceAddress", ["address", "prefixLength", "cidr", "subnet", "hasSubnet", "family", "ipv4", "ipv6"]),
        ("ignoredInterface", ["name"]),
        ("peer", ["name", "kind", "isMesh", "isGlobal", "isNode", "address", "family", "ipv4", "ipv6",
                  "port", "hasPort", "portOrDefault", "remoteAS", "localAS", "localASDiffers", "internal", "external",
                  "passive", "sourceAddress", "hasSourceAddress", "ttlSecurity", "hasTTLSecurity",
                  "keepaliveTime", "hasKeepaliveTime", "holdTime", "hasHoldTime",
                  "gracefulRestartTime", "hasGracefulRestartTime",
                  "password", "passwordFile", "passwordSecret", "passwordKey", "hasPassword",
                  "nextHop", "nextHopAuto", "nextHopSelf", "nextHopKeep",
                  "routeReflectorClient", "routeReflectorClusterID", "numAllowedLocalAS", "hasNumAllowedLocalAS",
                  "filters", "hasFilters", "reachableBy", "hasReachableBy", "isCalicoNode", "resource", "hasResource"]),
        ("peerFilter", ["name", "importFunction", "exportFunction", "hasImport", "hasExport"]),
        ("filter", ["name", "importV4", "hasImportV4", "exportV4", "hasExportV4", "importV6", "hasImportV6",
                    "exportV6", "hasExportV6", "importFunctionV4", "exportFunctionV4", "importFunctionV6",
                    "exportFunctionV6", "hasV4", "hasV6"]),
        ("rule", ["action", "accept", "reject", "matchOperator", "hasMatchOperator", "opEqual", "opNotEqual",
                  "opIn", "opNotIn", "cidr", "hasCIDR", "prefixLengthMin", "prefixLengthMax", "hasPrefixLength",
                  "sourceRemotePeers", "interface", "hasInterface", "birdCondition", "hasCondition", "unconditional"]),
        ("pool", ["name", "cidr", "address", "length", "family", "ipv4", "ipv6", "blockSize", "ipipMode",
                  "vxlanMode", "ipip", "ipipAlways", "ipipCrossSubnet", "vxlan", "vxlanAlways", "vxlanCrossSubnet",
                  "encapsulated", "natOutgoing", "disabled", "exported", "bgpExportDisabled", "selectsThisNode"]),
        ("prefixAdvertisement", ["cidr", "address", "length", "family", "ipv4", "ipv6", "communities",
                                 "hasCommunities", "standardCommunities", "hasStandardCommunities",
                                 "largeCommunities", "hasLargeCommunities"]),
        ("community", ["value", "standard", "large", "high", "low", "global", "local1", "local2"]),
        ("remoteNode", ["name", "ipv4Address", "hasIPv4", "ipv6Address", "hasIPv6", "ipv4IPIPTunnelAddr",
                        "hasIPv4IPIPTunnelAddr", "ipv4VXLANTunnelAddr", "hasIPv4VXLANTunnelAddr",
                        "vxlanTunnelMACAddr", "hasVXLANTunnelMACAddr"]),
        ("reachableByRoute", ["peer", "prefix", "via", "address", "family", "ipv4", "ipv6"]),
    ]

    /// Every field name of every object.
    public static let allNames: Set<String> = Set(objects.flatMap(\.fields))

    /// `name`, `hasName`, and the per-family lists `nameV4`, `nameV6` with their flags.
    private static func familyLists(_ name: String) -> [String] {
        let cap = name.prefix(1).uppercased() + name.dropFirst()
        return [name, "has\(cap)", "\(name)V4", "has\(cap)V4", "\(name)V6", "has\(cap)V6"]
    }
}
