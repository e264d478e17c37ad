/// Strict decoding of an IPPool's spec.

import NetCore

extension IPPool {
    static let notSupportedYet: Set<String> = ["ipip", "nat-outgoing", "namespaceSelector"]

    static func decode(_ meta: ObjectMeta, _ spec: FieldReader) -> IPPool? {
        let cidr = spec.prefix("cidr")
        if cidr == nil, spec.node("cidr") == nil { spec.fail("cidr", nil, "required field is missing") }
        let blockSize = spec.integer("blockSize", UInt8(0)...UInt8(128))
        let ipip = spec.enumValue("ipipMode", EncapsulationMode.self)
        let vxlan = spec.enumValue("vxlanMode", EncapsulationMode.self)
        let nat = spec.bool("natOutgoing")
        let disabled = spec.bool("disabled")
        let noExport = spec.bool("disableBGPExport")
        let selector = spec.selector("nodeSelector")
        let uses = spec.stringList("allowedUses")
        let assignment = spec.string("assignmentMode")
        spec.finish(notSupportedYet: notSupportedYet)
        guard let cidr else { return nil }
        var pool = IPPool(metadata: meta, cidr: cidr)
        if let blockSize {
            if blockSizeRange(cidr.afi).contains(blockSize), blockSize >= cidr.length {
                pool.blockSize = blockSize
            } else {
                let r = blockSizeRange(cidr.afi)
                spec.fail("blockSize", spec.node("blockSize"),
                          "out of range for \(cidr): \(max(r.lowerBound, cidr.length))…\(r.upperBound)")
            }
        }
        pool.ipipMode = ipip ?? .never
        pool.vxlanMode = vxlan ?? .never
        if pool.ipipMode != .never, pool.vxlanMode != .never {
            spec.fail("vxlanMode", spec.node("vxlanMode"), "ipipMode and vxlanMode cannot both be enabled")
        }
        if cidr.afi == .ipv6, pool.ipipMode != .never {
            spec.fail("ipipMode", spec.node("ipipMode"), "IPIP is IPv4 only")
        }
        pool.natOutgoing = nat ?? false
        pool.disabled = disabled ?? false
        pool.disableBGPExport = noExport ?? false
        pool.nodeSelector = selector ?? .all
        if !uses.isEmpty { pool.allowedUses = uses }
        pool.assignmentMode = assignment
        return pool
    }
}
