/// `InMemoryTunnelDevices`: the tunnel dataplane over a simulated kernel, for the daemon's unit
/// tests. It keeps the devices, neighbour and FDB entries a spec asks for, gives each new device
/// an interface index (from 100 up), and can lack a kind of device the way a kernel without the
/// module does (`unsupportedKinds`: creating one fails with EOPNOTSUPP "Unknown device type").
import NetCore
import NetlinkWire
import Synchronization

public final class InMemoryTunnelDevices: TunnelDevices {
    private struct Simulation: Sendable {
        var status = TunnelStatus()
        var indexes: [String: UInt32] = [:]
        var nextIndex: UInt32 = 100
        var specs: [TunnelSpec] = []
    }

    private let simulation = Mutex(Simulation())
    /// Device kinds this "kernel" cannot create ("ipip" for a kernel without the ipip module).
    public let unsupportedKinds: Set<String>

    public init(unsupportedKinds: Set<String> = []) { self.unsupportedKinds = unsupportedKinds }

    /// Every spec applied so far.
    public var specs: [TunnelSpec] { simulation.withLock { $0.specs } }
    /// Interface indexes of the devices that exist now, by name (for `InMemoryRouteTable.setInterfaces`).
    public var interfaces: [String: UInt32] { simulation.withLock { $0.indexes } }

    public var status: TunnelStatus { simulation.withLock { $0.status } }

    @discardableResult
    public func apply(_ spec: TunnelSpec) throws(RouteTableError) -> TunnelReport {
        let unsupported = unsupportedKinds
        return simulation.withLock { s in
            s.specs.append(spec)
            var next = TunnelStatus()
            var changed = false
            var writes = 0
            func device(_ name: String, kind: String, mtu: UInt32, mac: LinkLayerAddress?, address: IPv4Address?, settings: String) {
                if unsupported.contains(kind) {
                    next.failures.append(TunnelFailure(device: name, kind: kind, operation: "create",
                                                       what: "create device \(name) (\(kind))", errno: ErrnoName.eopnotsupp,
                                                       extendedAck: "Unknown device type"))
                    return
                }
                if s.indexes[name] == nil {
                    s.indexes[name] = s.nextIndex
                    s.nextIndex += 1
                    changed = true
                    writes += 1
                }
                next.devices.append(TunnelDeviceStatus(
                    name: name, kind: kind, index: s.indexes[name] ?? 0, mtu: mtu, mac: mac.map { "\($0)" }, up: true,
                    addresses: address.map { ["\($0)/32"] } ?? [], settings: settings, created: true))
            }
            if let v = spec.vxlan {
                device(v.name, kind: "vxlan", mtu: 1500 - VXLANDeviceSpec.overhead, mac: v.mac, address: v.address,
                       settings: "vni \(v.vni) port \(v.port) local \(v.local) nolearning")
                if next.ready(v.name) != nil {
                    for p in spec.peers.sorted() {
                        next.neighbours.append("\(p.vtep) lladdr \(p.mac) dev \(v.name) PERMANENT")
                        next.fdb.append("\(p.mac) dev \(v.name) dst \(p.node) self permanent")
                    }
                }
            } else if s.indexes.removeValue(forKey: VXLANDeviceSpec.calicoName) != nil {
                changed = true
                writes += 1
            }
            if let i = spec.ipip {
                device(i.name, kind: "ipip", mtu: 1500 - IPIPDeviceSpec.overhead, mac: nil, address: i.address, settings: "")
            }
            s.status = next
            return TunnelReport(status: next, writes: writes, interfacesChanged: changed)
        }
    }
}
