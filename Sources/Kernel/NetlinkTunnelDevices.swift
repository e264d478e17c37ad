/// `NetlinkTunnelDevices`: the real tunnel dataplane over its own NETLINK_ROUTE socket. Each
/// apply dumps links and IPv4 addresses, then for `vxlan.calico` creates the device, adopts one
/// that is already there, fixes what someone changed (MTU, MAC, learning, down — in place; a
/// wrong VNI, port, local address or underlay cannot be changed on a live vxlan device, so it is
/// deleted and created again), sets its /32 address and makes its permanent neighbour and FDB
/// entries exactly the wanted ones. `tunl0` is created when missing (the kernel refuses without
/// the ipip module: reported, never retried in a loop of errors) or adopted, with MTU, up and
/// /32 address fixed. Ownership: a device Swiftlet created carries the alias
/// `TunnelSpec.ownerAlias`; only such a `vxlan.calico` is deleted when no pool needs it any
/// more. `tunl0` is never deleted: it is the ipip module's fallback device, which the kernel
/// keeps anyway; Swiftlet only removes the tunnel address it put there.
import NetCore
import NetlinkWire
import Synchronization

public final class NetlinkTunnelDevices: TunnelDevices {
    private let engine: Mutex<TunnelEngine>

    /// Over `transport` (a real socket in the wanted namespace, or a fake kernel).
    public init(transport: any NetlinkTransport, timeoutMilliseconds: Int32 = 5000) {
        engine = Mutex(TunnelEngine(io: DeviceNetlink(transport: transport, timeoutMilliseconds: timeoutMilliseconds)))
    }

    /// Over a new NETLINK_ROUTE socket in the calling thread's network namespace.
    public convenience init() throws(RouteTableError) {
        self.init(transport: try RouteSocketTransport(receiveBufferBytes: 1 << 20))
    }

    @discardableResult
    public func apply(_ spec: TunnelSpec) throws(RouteTableError) -> TunnelReport {
        try engine.withLock { (e: inout TunnelEngine) throws(RouteTableError) -> TunnelReport in try e.apply(spec) }
    }

    public var status: TunnelStatus { engine.withLock { $0.status } }
}

/// The mutable part, owned by the lock: the socket, the last status, what this process created.
private struct TunnelEngine: Sendable {
    var io: DeviceNetlink
    var status = TunnelStatus()
    /// Devices created by this process (the alias marks them across restarts too).
    var createdHere: Set<String> = []
    /// The address this process put on tunl0, removed when no pool needs IPIP.
    var ipipAddress: IPv4Address?

    // One pass.
    var links: [Link] = []
    var addresses: [InterfaceAddress] = []
    var next = TunnelStatus()
    var writes = 0
    var interfacesChanged = false

    init(io: DeviceNetlink) { self.io = io }

    mutating func apply(_ spec: TunnelSpec) throws(RouteTableError) -> TunnelReport {
        next = TunnelStatus()
        writes = 0
        interfacesChanged = false
        links = try io.links()
        addresses = try io.addresses(family: AF.inet)
        if let v = spec.vxlan { try ensureVXLAN(v, peers: spec.peers) } else { try removeVXLAN() }
        if let i = spec.ipip { try ensureIPIP(i) } else { try releaseIPIP() }
        status = next
        return TunnelReport(status: next, writes: writes, interfacesChanged: interfacesChanged)
    }

    // MARK: vxlan.calico

    mutating func ensureVXLAN(_ v: VXLANDeviceSpec, peers: [VXLANPeer]) throws(RouteTableError) {
        guard let parent = underlay(v.local, device: v.name) else { return }
        let wanted = VXLANInfo(id: v.vni, link: parent.index, local: .v4(v.local), port: v.port, learning: false)
        let wantedText = "vni \(v.vni) port \(v.port) local \(v.local) dev \(parent.name ?? "#\(parent.index)")"
        let mtu = max(68, (parent.mtu ?? 1500) - VXLANDeviceSpec.overhead)
        var device = link(named: v.name)
        if let d = device, !Self.immutableSettingsMatch(d, wanted) {
            let what = "delete device \(v.name) (\(settings(d)); wanted \(wantedText): the VNI, port, local address and underlay of a vxlan device cannot be changed in place)"
            guard try write(Link(index: d.index), .delete, device: v.name, kind: "vxlan", operation: "delete", what: what) else { return }
            interfacesChanged = true
            device = nil
        }
        if device == nil {
            let create = Link(name: v.name, mtu: mtu, address: v.mac, info: .vxlan(wanted))
            guard try write(create, .new, device: v.name, kind: "vxlan", operation: "create",
                            what: "create device \(v.name) (vxlan \(wantedText))") else { return }
            interfacesChanged = true
            createdHere.insert(v.name)
            device = try refetch(v.name)
            if let d = device {
                try write(Link(index: d.index, alias: TunnelSpec.ownerAlias), .new, flags: .change, device: v.name, kind: "vxlan",
                          operation: "change", what: "mark \(v.name) as created by swiftletd (ip link set \(v.name) alias …)")
            }
        }
        guard let found = device else {
            fail(v.name, "create", "device \(v.name) was created but is not listed by the kernel")
            return
        }
        let before = writes
        if case .vxlan(let info) = found.info, info.learning != false {
            try write(Link(index: found.index, info: .vxlan(VXLANInfo(id: v.vni, learning: false))), .new, flags: .change,
                      device: v.name, kind: "vxlan", operation: "change", what: "turn learning off on \(v.name)")
        }
        try fixMTUMACAndUp(found, mtu: mtu, mac: v.mac, kind: "vxlan")
        let d = writes > before ? (try refetch(v.name) ?? found) : found
        let addresses = try setAddress(v.address, on: d, kind: "vxlan")
        try programNeighbours(peers, on: d)
        try programFDB(peers, on: d)
        next.devices.append(deviceStatus(d, addresses: addresses))
    }

    /// VNI, port, local address and underlay: what a live vxlan device cannot change.
    static func immutableSettingsMatch(_ d: Link, _ wanted: VXLANInfo) -> Bool {
        guard case .vxlan(let info) = d.info else { return false }
        return info.id == wanted.id && (info.port ?? VXLANDeviceSpec.calicoPort) == wanted.port
            && info.local == wanted.local && info.link == wanted.link
    }

    mutating func removeVXLAN() throws(RouteTableError) {
        let name = VXLANDeviceSpec.calicoName
        guard let d = link(named: name) else { createdHere.remove(name); return }
        guard isOurs(d) else {
            next.devices.append(deviceStatus(d, addresses: addressTexts(d)))
            return
        }
        if try write(Link(index: d.index), .delete, device: name, kind: d.info?.kind ?? "vxlan", operation: "delete",
                     what: "delete device \(name) (no IP pool uses VXLAN any more)") {
            interfacesChanged = true
            createdHere.remove(name)
        }
    }

    /// `ip neigh replace <vtep> lladdr <mac> dev vxlan.calico nud permanent` for each peer; other
    /// permanent entries on the device are deleted.
    mutating func programNeighbours(_ peers: [VXLANPeer], on d: Link) throws(RouteTableError) {
        let name = d.name ?? "#\(d.index)"
        let present = try io.neighbours(family: AF.inet).filter { $0.interfaceIndex == d.index }
        var wanted: [IPv4Address: VXLANPeer] = [:]
        for p in peers where wanted[p.vtep] == nil { wanted[p.vtep] = p }
        for p in wanted.values.sorted() {
            let entry = "\(p.vtep) lladdr \(p.mac) dev \(name) PERMANENT"
            let ok = present.contains { $0.destination == .v4(p.vtep) && $0.linkLayerAddress == p.mac && $0.state.contains(.permanent) }
            if ok {
                next.neighbours.append(entry)
            } else if try write(Neighbour.permanent(.v4(p.vtep), linkLayerAddress: p.mac, interfaceIndex: d.index), .new,
                                flags: .createOrReplace, device: name, kind: "vxlan", operation: "neighbour",
                                what: "ip neigh replace \(entry)") {
                next.neighbours.append(entry)
            }
        }
        for n in present where n.state.contains(.permanent) {
            guard case .v4(let ip)? = n.destination, wanted[ip] == nil else { continue }
            try write(n, .delete, device: name, kind: "vxlan", operation: "neighbour",
                      what: "ip neigh del \(ip) dev \(name) (no remote VTEP has this address any more)")
        }
    }

    /// `bridge fdb replace <mac> dev vxlan.calico dst <node> self permanent` for each peer; other
    /// entries with a destination on the device are deleted.
    mutating func programFDB(_ peers: [VXLANPeer], on d: Link) throws(RouteTableError) {
        let name = d.name ?? "#\(d.index)"
        let present = try io.neighbours(family: AF.bridge).filter { $0.interfaceIndex == d.index && $0.destination != nil }
        var wanted: [LinkLayerAddress: VXLANPeer] = [:]
        for p in peers.sorted() where wanted[p.mac] == nil { wanted[p.mac] = p }
        for p in wanted.values.sorted() {
            let entry = "\(p.mac) dev \(name) dst \(p.node) self permanent"
            let ok = present.contains { $0.linkLayerAddress == p.mac && $0.destination == .v4(p.node) }
            if ok {
                next.fdb.append(entry)
            } else if try write(Neighbour.fdb(p.mac, remote: .v4(p.node), interfaceIndex: d.index), .new, flags: .createOrReplace,
                                device: name, kind: "vxlan", operation: "fdb", what: "bridge fdb replace \(entry)") {
                next.fdb.append(entry)
            }
        }
        for n in present {
            guard let mac = n.linkLayerAddress, wanted[mac] == nil else { continue }
            try write(n, .delete, device: name, kind: "vxlan", operation: "fdb",
                      what: "bridge fdb del \(mac) dev \(name) dst \(n.destination.map { "\($0)" } ?? "?") self (no remote node has this MAC any more)")
        }
    }

    // MARK: tunl0

    mutating func ensureIPIP(_ i: IPIPDeviceSpec) throws(RouteTableError) {
        guard let parent = underlay(i.local, device: i.name) else { return }
        let mtu = max(68, (parent.mtu ?? 1500) - IPIPDeviceSpec.overhead)
        var device = link(named: i.name)
        if let d = device, d.info?.kind != "ipip" {
            fail(i.name, "create", "device \(i.name) exists but is of kind \(d.info?.kind ?? "unknown"), not ipip; swiftletd does not replace it (delete it by hand, or load the ipip module so the kernel provides tunl0)")
            return
        }
        if device == nil {
            guard try write(Link(name: i.name, mtu: mtu, info: .other(kind: "ipip")), .new, device: i.name, kind: "ipip",
                            operation: "create", what: "create device \(i.name) (ipip)") else { return }
            interfacesChanged = true
            createdHere.insert(i.name)
            device = try refetch(i.name)
        }
        guard let found = device else {
            fail(i.name, "create", "device \(i.name) was created but is not listed by the kernel")
            return
        }
        let before = writes
        try fixMTUMACAndUp(found, mtu: mtu, mac: nil, kind: "ipip")
        let d = writes > before ? (try refetch(i.name) ?? found) : found
        let addresses = try setAddress(i.address, on: d, kind: "ipip")
        ipipAddress = i.address
        next.devices.append(deviceStatus(d, addresses: addresses))
    }

    /// No pool needs IPIP: take back the tunnel address; tunl0 itself stays (see the top).
    mutating func releaseIPIP() throws(RouteTableError) {
        guard let a = ipipAddress else { return }
        ipipAddress = nil
        guard let d = link(named: IPIPDeviceSpec.calicoName) else { return }
        for existing in addresses where existing.interfaceIndex == d.index && existing.local == .v4(a) {
            try write(existing, .delete, device: IPIPDeviceSpec.calicoName, kind: "ipip", operation: "address",
                      what: "ip addr del \(a)/\(existing.prefixLength) dev \(IPIPDeviceSpec.calicoName) (no IP pool uses IPIP any more)")
        }
    }

    // MARK: shared steps

    /// The interface holding `local` (this node's address), with its name and MTU.
    mutating func underlay(_ local: IPv4Address, device: String) -> Link? {
        guard let a = addresses.first(where: { $0.local == .v4(local) }),
              let parent = links.first(where: { $0.index == a.interfaceIndex }) else {
            fail(device, "find underlay", "\(device): no interface in this network namespace holds \(local), this node's address (Node spec.bgp.ipv4Address); the tunnel device needs it as its underlay (MTU, and for VXLAN the local VTEP)")
            return nil
        }
        return parent
    }

    mutating func fixMTUMACAndUp(_ d: Link, mtu: UInt32, mac: LinkLayerAddress?, kind: String) throws(RouteTableError) {
        let name = d.name ?? "#\(d.index)"
        if d.mtu != mtu {
            try write(Link(index: d.index, mtu: mtu), .new, flags: .change, device: name, kind: kind, operation: "change",
                      what: "ip link set \(name) mtu \(mtu) (was \(d.mtu.map(String.init) ?? "unset"))")
        }
        var up = d.isUp
        if let mac, d.address != mac {
            // A MAC change on a running device may be refused (EBUSY): change it while down.
            if up {
                var down = Link(index: d.index)
                down.setUp(false)
                try write(down, .new, flags: .change, device: name, kind: kind, operation: "change", what: "ip link set \(name) down (to change its MAC)")
                up = false
            }
            try write(Link(index: d.index, address: mac), .new, flags: .change, device: name, kind: kind, operation: "change",
                      what: "ip link set \(name) address \(mac) (was \(d.address.map { "\($0)" } ?? "unset"))")
        }
        if !up {
            var l = Link(index: d.index)
            l.setUp(true)
            try write(l, .new, flags: .change, device: name, kind: kind, operation: "change", what: "ip link set \(name) up")
        }
    }

    /// Makes `wanted`/32 the only IPv4 address of the device; returns the addresses it has now.
    mutating func setAddress(_ wanted: IPv4Address?, on d: Link, kind: String) throws(RouteTableError) -> [String] {
        let name = d.name ?? "#\(d.index)"
        var kept: [String] = []
        var present = false
        for a in addresses where a.interfaceIndex == d.index {
            if let wanted, a.local == .v4(wanted), a.prefixLength == 32 {
                present = true
                kept.append("\(wanted)/32")
                continue
            }
            if !(try write(a, .delete, device: name, kind: kind, operation: "address",
                           what: "ip addr del \(a.local)/\(a.prefixLength) dev \(name) (not this node's tunnel address)")) {
                kept.append("\(a.local)/\(a.prefixLength)")
            }
        }
        if let wanted, !present {
            let add = InterfaceAddress(interfaceIndex: d.index, local: .v4(wanted), prefixLength: 32)
            if try write(add, .new, flags: .createOrReplace, device: name, kind: kind, operation: "address",
                         what: "ip addr replace \(wanted)/32 dev \(name)") {
                kept.append("\(wanted)/32")
            }
        }
        return kept
    }

    /// One write; a refusal becomes a failure of the pass and `false`.
    @discardableResult
    mutating func write(_ object: some NetlinkRequest, _ request: NetlinkOperation, flags: NetlinkFlags? = nil,
                        device: String, kind: String, operation: String, what: String) throws(RouteTableError) -> Bool {
        writes += 1
        guard let error = try io.write(object, request, flags: flags) else { return true }
        next.failures.append(TunnelFailure(device: device, kind: kind, operation: operation, what: what,
                                           errno: error.errno, extendedAck: error.message))
        return false
    }

    mutating func fail(_ device: String, _ operation: String, _ message: String) {
        next.failures.append(TunnelFailure(device: device, operation: operation, errno: nil, extendedAck: nil, message: message))
    }

    func link(named name: String) -> Link? { links.first { $0.name == name } }

    mutating func refetch(_ name: String) throws(RouteTableError) -> Link? {
        links = try io.links()
        return link(named: name)
    }

    func isOurs(_ d: Link) -> Bool {
        d.alias == TunnelSpec.ownerAlias || createdHere.contains(d.name ?? "")
    }

    func addressTexts(_ d: Link) -> [String] {
        addresses.filter { $0.interfaceIndex == d.index }.map { "\($0.local)/\($0.prefixLength)" }
    }

    func settings(_ d: Link) -> String {
        switch d.info {
        case .vxlan(let v)?:
            let parent = v.link.map { i in links.first { $0.index == i }?.name ?? "#\(i)" } ?? "none"
            return "vni \(v.id) port \(v.port.map(String.init) ?? "default") local \(v.local.map { "\($0)" } ?? "any") dev \(parent) "
                + (v.learning == false ? "nolearning" : "learning")
        case .ipip(let i)?:
            return "local \(i.local == .zero ? "any" : "\(i.local)") remote \(i.remote == .zero ? "any" : "\(i.remote)")"
        case .other(let kind)?: return "kind \(kind)"
        case nil: return "no link info"
        }
    }

    func deviceStatus(_ d: Link, addresses: [String]) -> TunnelDeviceStatus {
        TunnelDeviceStatus(name: d.name ?? "#\(d.index)", kind: d.info?.kind ?? "unknown", index: d.index, mtu: d.mtu,
                           mac: d.address.map { "\($0)" }, up: d.isUp, addresses: addresses, settings: settings(d),
                           created: isOurs(d))
    }
}
