/// The IPPool resource: a range pod addresses come from, its encapsulation and export policy.

import NetCore

public struct IPPool: Hashable, Sendable {
    /// `ipipMode` / `vxlanMode`.
    public enum EncapsulationMode: String, Hashable, Sendable, CaseIterable {
        case never = "Never", always = "Always", crossSubnet = "CrossSubnet"
    }

    public var metadata: ObjectMeta
    public var cidr: IPPrefix
    public var blockSize: UInt8
    public var ipipMode: EncapsulationMode = .never
    public var vxlanMode: EncapsulationMode = .never
    public var natOutgoing = false
    public var disabled = false
    public var disableBGPExport = false
    public var nodeSelector: Selector = .all
    public var allowedUses: [String] = ["Workload", "Tunnel"]
    public var assignmentMode: String?

    public init(metadata: ObjectMeta, cidr: IPPrefix) {
        self.metadata = metadata
        self.cidr = cidr
        blockSize = cidr.afi == .ipv4 ? 26 : 122
    }

    /// The valid block sizes of Calico (v4 20…32, v6 116…128).
    public static func blockSizeRange(_ afi: AFI) -> ClosedRange<UInt8> { afi == .ipv4 ? 20...32 : 116...128 }
}
