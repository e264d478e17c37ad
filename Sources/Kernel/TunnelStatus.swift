/// What the tunnel dataplane looks like after the last pass: each device (created or adopted,
/// its settings), the neighbour and FDB entries programmed, and every failure with one line
/// of text naming the device or entry, the errno, the kernel's explanation and the remedy.
import NetlinkWire

public struct TunnelStatus: Hashable, Sendable {
    public var devices: [TunnelDeviceStatus] = []
    /// `ip neigh` style: "100.64.2.0 lladdr 66:55:44:33:22:02 dev vxlan.calico PERMANENT".
    public var neighbours: [String] = []
    /// `bridge fdb` style: "66:55:44:33:22:02 dev vxlan.calico dst 192.0.2.12 self permanent".
    public var fdb: [String] = []
    public var failures: [TunnelFailure] = []

    public init() {}

    /// The device named `name` if it exists and is up (routes through it can be written).
    public func ready(_ name: String) -> TunnelDeviceStatus? {
        devices.first { $0.name == name && $0.up }
    }

    /// The first failure that keeps the device `name` from existing (create, parent).
    public func blocking(_ name: String) -> TunnelFailure? {
        failures.first { $0.device == name && ($0.operation == "create" || $0.operation == "find underlay") }
    }
}

/// One tunnel device as it is in the kernel.
public struct TunnelDeviceStatus: Hashable, Sendable, CustomStringConvertible {
    public var name: String
    public var kind: String
    public var index: UInt32
    public var mtu: UInt32?
    public var mac: String?
    public var up: Bool
    /// "/32" addresses on it, as text.
    public var addresses: [String]
    /// vxlan: "vni 4096 port 4789 local 192.0.2.2 dev v0 nolearning".
    public var settings: String
    /// True when Swiftlet created it (and may delete it); false for a device it adopted.
    public var created: Bool

    public init(name: String, kind: String, index: UInt32, mtu: UInt32?, mac: String?, up: Bool,
                addresses: [String], settings: String, created: Bool) {
        self.name = name; self.kind = kind; self.index = index; self.mtu = mtu; self.mac = mac
        self.up = up; self.addresses = addresses; self.settings = settings; self.created = created
    }

    public var description: String {
        var s = "\(name) (\(kind), #\(index))"
        if !settings.isEmpty { s += " \(settings)" }
        if let mtu { s += " mtu \(mtu)" }
        if let mac { s += " mac \(mac)" }
        s += up ? " up" : " down"
        if !addresses.isEmpty { s += " address " + addresses.joined(separator: ", ") }
        s += created ? ", created by swiftletd" : ", adopted (never deleted by swiftletd)"
        return s
    }
}

/// A tunnel write the kernel refused, or a device that cannot be built.
public struct TunnelFailure: Hashable, Sendable, CustomStringConvertible {
    /// The device concerned ("vxlan.calico", "tunl0").
    public var device: String
    /// "create", "delete", "change", "find underlay", "address", "neighbour", "fdb".
    public var operation: String
    /// Positive errno; nil for a failure found without asking the kernel.
    public var errno: Int32?
    /// The kernel's NLMSGERR_ATTR_MSG ("Unknown device type").
    public var extendedAck: String?
    /// One line: what, on which device, the errno by name, the kernel's text, the remedy.
    public var message: String

    public init(device: String, operation: String, errno: Int32?, extendedAck: String?, message: String) {
        self.device = device; self.operation = operation; self.errno = errno
        self.extendedAck = extendedAck; self.message = message
    }

    /// A refusal by the kernel, with the text built from the errno, the kind and the operation.
    public init(device: String, kind: String, operation: String, what: String, errno: Int32, extendedAck: String?) {
        var s = "\(what): \(ErrnoName.text(errno))"
        if let extendedAck, !extendedAck.isEmpty { s += ": \(extendedAck)" }
        if let hint = Self.hint(errno, kind: kind, operation: operation) { s += " (\(hint))" }
        self.init(device: device, operation: operation, errno: errno, extendedAck: extendedAck, message: s)
    }

    /// The usual cause and remedy of each errno a device or neighbour write meets.
    static func hint(_ errno: Int32, kind: String, operation: String) -> String? {
        switch errno {
        case ErrnoName.eopnotsupp where operation == "create":
            let other = kind == "ipip" ? "vxlanMode" : "ipipMode"
            return "this kernel has no \(kind) support: load the \(kind) module (modprobe \(kind)) or use \(other) for the pool"
        case ErrnoName.eopnotsupp: return "this kernel does not support the operation on a \(kind) device"
        case ErrnoName.eexist where operation == "create":
            return "a device with this name or the same VNI and port already exists; it is adopted or fixed on the next pass"
        case ErrnoName.eexist: return "an entry with this key exists and could not be replaced"
        case ErrnoName.enodev: return "the device is gone (deleted behind swiftletd's back); it is recreated on the next pass"
        case ErrnoName.eperm: return "CAP_NET_ADMIN is needed to change devices"
        case ErrnoName.ebusy: return "the device is busy; retried on the next pass"
        case ErrnoName.eaddrinuse: return "another device already uses this UDP port or VNI"
        case ErrnoName.einval: return "the kernel rejected the settings"
        default: return nil
        }
    }

    public var description: String { message }
}

/// What one `TunnelDevices.apply` did.
public struct TunnelReport: Hashable, Sendable {
    public var status: TunnelStatus
    /// Writes sent this pass (creates, changes, deletes, entries).
    public var writes: Int
    /// A device was created, recreated or deleted: interface indexes changed, so the route
    /// table must look names up again (and routes through a recreated device are gone).
    public var interfacesChanged: Bool

    public init(status: TunnelStatus, writes: Int, interfacesChanged: Bool) {
        self.status = status; self.writes = writes; self.interfacesChanged = interfacesChanged
    }
}

/// The tunnel dataplane: declarative like `RouteTable` — state the whole spec each time; the
/// implementation creates, adopts, fixes or removes devices and entries to match. Refusals
/// end up in `status.failures` and are retried on the next apply; only a broken socket throws.
public protocol TunnelDevices: AnyObject, Sendable {
    @discardableResult func apply(_ spec: TunnelSpec) throws(RouteTableError) -> TunnelReport
    var status: TunnelStatus { get }
}
