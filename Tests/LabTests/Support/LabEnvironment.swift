/// Whether this machine can run lab tests: root, `ip netns`, and the peer daemons' binaries.
/// Suites use `.enabled(if:)` with these, so a developer machine without them skips cleanly
/// with a reason instead of failing.
import Foundation
import Glibc

enum LabEnvironment {
    /// Why the lab cannot run at all here, or nil when it can.
    static let unavailableReason: String? = {
        if geteuid() != 0 { return "lab tests need root (network namespaces); run the suite as root" }
        guard Command.which("ip") != nil else { return "lab tests need iproute2 (`ip`); run scripts/lab-deps" }
        guard let r = try? Command.run(["ip", "netns", "list"], timeout: 5), r.succeeded else {
            return "`ip netns` does not work here (no network namespace support?)"
        }
        return nil
    }()

    static var isAvailable: Bool { unavailableReason == nil }
    static var reason: String { unavailableReason ?? "" }

    /// The peer daemons the interop tests drive, and the binaries each one needs.
    enum Daemon: String, CaseIterable, Sendable {
        case bird = "BIRD 2"
        case frr = "FRR"
        case gobgp = "GoBGP"

        var binaries: [String] {
            switch self {
            case .bird: ["bird", "birdc"]
            case .frr: ["bgpd", "vtysh"]
            case .gobgp: ["gobgpd", "gobgp"]
            }
        }

        /// Nil when the daemon can run here, else why not (shown as the skip reason).
        var unavailableReason: String? {
            if let reason = LabEnvironment.unavailableReason { return reason }
            let missing = binaries.filter { Command.which($0) == nil }
            guard missing.isEmpty else {
                return "\(rawValue) is not installed (missing \(missing.joined(separator: ", "))); run scripts/lab-deps"
            }
            return nil
        }

        var isAvailable: Bool { unavailableReason == nil }
        var reason: String { unavailableReason ?? "" }
    }
}
