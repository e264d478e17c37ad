/// Strict decoding of a BGPConfiguration's spec.

import NetCore
import Yams

extension BGPConfiguration {
    static let notSupportedYet: Set<String> = ["localWorkloadPeeringIPV4", "localWorkloadPeeringIPV6"]

    static func decode(_ meta: ObjectMeta, _ spec: FieldReader) -> BGPConfiguration {
        var c = BGPConfiguration(metadata: meta)
        c.asNumber = spec.asNumber("asNumber")
        c.nodeToNodeMeshEnabled = spec.bool("nodeToNodeMeshEnabled")
        c.listenPort = spec.integer("listenPort", UInt16(1)...UInt16.max)
        c.logSeverityScreen = spec.string("logSeverityScreen")
        c.bindMode = spec.enumValue("bindMode", BindMode.self)
        c.communities = spec.list("communities").compactMap { namedCommunity($0.node, $0.path, spec.context) }
        c.prefixAdvertisements = spec.list("prefixAdvertisements").compactMap {
            prefixAdvertisement($0.node, $0.path, spec.context)
        }
        c.serviceClusterIPs = cidrList(spec, "serviceClusterIPs")
        c.serviceExternalIPs = cidrList(spec, "serviceExternalIPs")
        c.serviceLoadBalancerIPs = cidrList(spec, "serviceLoadBalancerIPs")
        c.nodeMeshPassword = spec.secretKeyRef("nodeMeshPassword")
        c.nodeMeshMaxRestartTime = spec.duration("nodeMeshMaxRestartTime")
        c.ignoredInterfaces = spec.stringList("ignoredInterfaces")
        c.programClusterRoutes = spec.string("programClusterRoutes")
        spec.finish(notSupportedYet: notSupportedYet)
        return c
    }

    private static func namedCommunity(_ node: Yams.Node, _ path: String, _ ctx: DocumentContext) -> NamedCommunity? {
        guard let r = FieldReader(node, path: path, context: ctx) else { return nil }
        defer { r.finish() }
        let name = r.requiredString("name")
        let value = r.parse("value", expected: "a community (aa:nn or a:b:c)") { BGPCommunity($0) }
        guard let name, let value else { return nil }
        return NamedCommunity(name: name, value: value)
    }

    private static func prefixAdvertisement(_ node: Yams.Node, _ path: String, _ ctx: DocumentContext) -> PrefixAdvertisement? {
        guard let r = FieldReader(node, path: path, context: ctx) else { return nil }
        defer { r.finish() }
        let cidr = r.prefix("cidr")
        if cidr == nil, r.node("cidr") == nil { r.fail("cidr", nil, "required field is missing") }
        let communities = r.stringList("communities")
        guard let cidr else { return nil }
        return PrefixAdvertisement(cidr: cidr, communities: communities)
    }

    /// `[{cidr: …}]`, the form of serviceClusterIPs and friends.
    private static func cidrList(_ spec: FieldReader, _ key: String) -> [IPPrefix] {
        spec.list(key).compactMap { item in
            guard let r = FieldReader(item.node, path: item.path, context: spec.context) else { return nil }
            defer { r.finish() }
            return r.prefix("cidr")
        }
    }
}
