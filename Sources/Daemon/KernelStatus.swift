/// The kernel route writer's reports for the control socket: `KernelStatus` (the `kernel`
/// section of `swiftletctl status`, with the tunnel devices) and `KernelRoutes` (`swiftletctl
/// routes --kernel`: what was programmed, the VTEP neighbour and FDB entries, and every route or
/// tunnel write that failed, with why). `DaemonStatus` is the status reply: the
/// speaker's fields, flat as before, plus `kernel`.
import Foundation
import Speaker

public struct KernelStatus: Codable, Hashable, Sendable {
    /// False with `--no-kernel`.
    public var enabled: Bool
    /// `holding` (start: the routes already in the kernel are kept until BGP has converged or
    /// the grace time is over), `programming`, or `stopped`.
    public var phase: String
    /// One line explaining the phase.
    public var phaseDetail: String
    public var table: UInt32
    public var routeProtocol: UInt8
    public var desired: Int
    public var programmed: Int
    public var failures: Int
    public var skippedPools: [SkippedPool]
    /// The last error of a whole apply (socket, dump, timeout), nil after a good one.
    public var lastError: String?
    public var resyncCount: Int
    public var applyCount: Int
    /// The tunnel devices (vxlan.calico, tunl0) as they are: kind, index, settings, MTU, MAC,
    /// addresses, created or adopted.
    public var devices: [String]
    /// Tunnel writes the kernel refused, one line each (device, errno, kernel text, remedy).
    public var tunnelFailures: [String]

    public static let disabled = KernelStatus(
        enabled: false, phase: "disabled", phaseDetail: "swiftletd runs with --no-kernel", table: 0, routeProtocol: 0,
        desired: 0, programmed: 0, failures: 0, skippedPools: [], lastError: nil, resyncCount: 0, applyCount: 0,
        devices: [], tunnelFailures: [])
}

/// One route the kernel refused.
public struct KernelRouteFailure: Codable, Hashable, Sendable {
    public var route: String
    public var operation: String
    public var message: String
}

/// `kernel-routes`: the programmed routes (as `ip route` would show them) and the failures.
public struct KernelRoutes: Codable, Hashable, Sendable {
    public var status: KernelStatus
    public var programmed: [String]
    /// Desired but not yet written (while holding at start).
    public var pending: [String]
    public var failures: [KernelRouteFailure]
    /// Permanent neighbour entries of remote VTEPs on vxlan.calico (`ip neigh` style).
    public var neighbours: [String]
    /// FDB entries on vxlan.calico (`bridge fdb` style).
    public var fdb: [String]
}

/// The `status` reply: SpeakerStatus's keys unchanged (older clients decode it as before) and
/// a `kernel` section.
public struct DaemonStatus: Codable, Hashable, Sendable {
    public var speaker: SpeakerStatus
    public var kernel: KernelStatus

    public init(speaker: SpeakerStatus, kernel: KernelStatus) { self.speaker = speaker; self.kernel = kernel }

    private enum Keys: String, CodingKey { case kernel }

    public init(from decoder: any Decoder) throws {
        speaker = try SpeakerStatus(from: decoder)
        kernel = try decoder.container(keyedBy: Keys.self).decodeIfPresent(KernelStatus.self, forKey: .kernel) ?? .disabled
    }

    public func encode(to encoder: any Encoder) throws {
        try speaker.encode(to: encoder)
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(kernel, forKey: .kernel)
    }
}
