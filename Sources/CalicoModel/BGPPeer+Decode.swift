/// Strict decoding of a BGPPeer's spec, with Calico's own consistency rules.

import NetCore

extension BGPPeer {
    static let notSupportedYet: Set<String> = ["localWorkloadSelector", "failureDetectionMode",
                                               "restartMode", "birdGatewayMode", "maxRestartTimeMode"]

    static func decode(_ meta: ObjectMeta, _ spec: FieldReader) -> BGPPeer {
        var p = BGPPeer(metadata: meta)
        p.node = spec.string("node").flatMap { $0.isEmpty ? nil : $0 }
        p.nodeSelector = spec.selector("nodeSelector")
        p.peerIP = spec.parse("peerIP", expected: "an IP address with optional port (10.0.0.1, 10.0.0.1:179, [2001:db8::1]:179)") {
            $0.isEmpty ? nil : PeerAddress($0)
        }
        p.peerSelector = spec.selector("peerSelector")
        p.asNumber = spec.asNumber("asNumber")
        p.localASNumber = spec.asNumber("localASNumber")
        p.keepaliveTime = spec.duration("keepaliveTime")
        p.maxRestartTime = spec.duration("maxRestartTime")
        p.password = spec.secretKeyRef("password")
        p.sourceAddress = spec.enumValue("sourceAddress", SourceAddress.self) ?? .useNodeIP
        p.ttlSecurity = spec.integer("ttlSecurity", UInt8(0)...UInt8(255))
        p.numAllowedLocalASNumbers = spec.integer("numAllowedLocalASNumbers", Int32(0)...Int32(10))
        p.filters = spec.stringList("filters")
        p.reachableBy = spec.parse("reachableBy", expected: "an IP address") { IPAddress($0) }
        p.nextHopMode = spec.enumValue("nextHopMode", NextHopMode.self)
        p.keepOriginalNextHop = spec.bool("keepOriginalNextHop") ?? false
        p.reversePeering = spec.enumValue("reversePeering", ReversePeering.self) ?? .auto
        spec.finish(notSupportedYet: notSupportedYet)
        checkConsistency(p, spec)
        return p
    }

    /// Calico's rules: one of peerIP/peerSelector; node and nodeSelector exclusive; no asNumber
    /// with peerSelector (without one, a peerIP peer is in the cluster's AS); usable timers.
    private static func checkConsistency(_ p: BGPPeer, _ spec: FieldReader) {
        let ctx = spec.context
        if p.peerIP != nil, p.peerSelector != nil {
            ctx.fail(spec.field("peerSelector"), p.peerSelector?.source ?? "", "peerIP and peerSelector are mutually exclusive")
        }
        if p.peerIP == nil, p.peerSelector == nil, spec.node("peerIP") == nil, spec.node("peerSelector") == nil,
           !spec.keys.contains("localWorkloadSelector") {
            ctx.fail(spec.field("peerIP"), "", "one of peerIP or peerSelector is required")
        }
        if p.node != nil, p.nodeSelector != nil {
            ctx.fail(spec.field("nodeSelector"), p.nodeSelector?.source ?? "", "node and nodeSelector are mutually exclusive")
        }
        if p.peerSelector != nil, p.asNumber != nil {
            ctx.fail(spec.field("asNumber"), p.asNumber?.description ?? "", "not allowed with peerSelector (the selected nodes' AS is used)")
        }
        if let k = p.keepaliveTime, !(k.isWholeSeconds && k.seconds >= 1 && k.seconds <= 21845) {
            ctx.fail(spec.field("keepaliveTime"), k.description, "keepalive must be whole seconds, 1…21845")
        }
        if let r = p.maxRestartTime, !(r.isWholeSeconds && r.seconds <= 4095) {
            ctx.fail(spec.field("maxRestartTime"), r.description, "restart time must be whole seconds, 0…4095 (RFC 4724)")
        }
    }
}
