/// `KernelTunnelAllocation`: this node's VXLAN tunnel address and MAC when its Node resource
/// has none yet — what calico-node does at start before Felix builds vxlan.calico. The address
/// is the first free address of this node's first confirmed block inside a VXLAN pool, as
/// Calico's IPAM hands out addresses (ordinal 0 upwards, skipping addresses other nodes already
/// use as tunnel addresses); the MAC is random and locally administered (RFC 7042 §2.1: the
/// U/L bit set, the I/G bit clear), from arc4random(3) of libbsd.
import CBSD
import CalicoModel
import NetCore

public enum KernelTunnelAllocation {
    /// Whether any IPv4 pool uses VXLAN (vxlan.calico is wanted).
    public static func needsVXLAN(_ config: DesiredNodeConfig) -> Bool {
        config.pools.contains { $0.vxlanMode != .never && $0.cidr.afi == .ipv4 }
    }

    /// The first free address of this node's first confirmed block in a VXLAN pool, with the
    /// block; nil when the node has no such block yet.
    public static func vxlanAddress(_ config: DesiredNodeConfig) -> (address: IPv4Address, block: IPv4Prefix)? {
        let used = Set(config.remoteNodes.flatMap { [$0.ipv4VXLANTunnelAddr, $0.ipv4IPIPTunnelAddr].compactMap { $0 } })
        let vxlanPools = config.pools.filter { $0.vxlanMode != .never }
        for case .v4(let block) in config.localBlocks.sorted()
        where vxlanPools.contains(where: { KernelDesiredRoutes.contains($0.cidr, .v4(block)) }) {
            let size = UInt64(1) << UInt64(32 - block.length)
            var ordinal: UInt64 = 0
            while ordinal < size {
                let a = IPv4Address(rawValue: block.address.rawValue &+ UInt32(truncatingIfNeeded: ordinal))
                if !used.contains(a) { return (a, block) }
                ordinal += 1
            }
        }
        return nil
    }

    /// A random locally administered unicast MAC, "xx:xx:xx:xx:xx:xx".
    public static func randomMAC() -> String {
        var bytes = [UInt8](repeating: 0, count: 6)
        bytes.withUnsafeMutableBytes { buffer in
            if let base = buffer.baseAddress { arc4random_buf(base, buffer.count) }
        }
        bytes[0] = (bytes[0] | 0x02) & 0xfe
        return bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined(separator: ":")
    }
}
