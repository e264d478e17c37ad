/// `RouteTableError`: why a whole apply or resync could not run (the socket, a dump, a reply
/// that never came) — as opposed to one refused route, which is a `RouteFailure`.
import NetlinkWire

public enum RouteTableError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A system call on the netlink socket failed.
    case socket(call: String, errno: Int32, text: String)
    /// The kernel's reply could not be decoded.
    case decode(NetlinkDecodeError)
    /// The kernel refused a dump.
    case dumpFailed(errno: Int32, message: String?)
    /// No answer within the configured timeout.
    case timeout(String)
    /// The kernel dropped messages for the socket (ENOBUFS): state is unknown until a resync.
    case overrun

    public var description: String {
        switch self {
        case .socket(let call, _, let text): "netlink \(call): \(text)"
        case .decode(let e): "netlink reply could not be decoded: \(e)"
        case .dumpFailed(let errno, let message): "route dump failed: \(ErrnoName.text(errno))" + (message.map { ": \($0)" } ?? "")
        case .timeout(let what): "no netlink reply within the timeout: \(what)"
        case .overrun: "netlink receive buffer overrun (ENOBUFS); a full resync is scheduled"
        }
    }
}
