/// `ErrnoName`: the errno values route programming meets, as names, strerror-like text and a
/// hint about the usual cause. Kept free of Glibc so failures can be built in pure tests.
enum ErrnoName {
    static let eperm: Int32 = 1
    static let enoent: Int32 = 2
    static let esrch: Int32 = 3
    static let enobufs: Int32 = 105
    static let ebusy: Int32 = 16
    static let eexist: Int32 = 17
    static let enodev: Int32 = 19
    static let einval: Int32 = 22
    static let eopnotsupp: Int32 = 95
    static let eaddrinuse: Int32 = 98
    static let enetunreach: Int32 = 101
    static let ehostunreach: Int32 = 113

    private static let names: [Int32: (String, String)] = [
        1: ("EPERM", "Operation not permitted"),
        2: ("ENOENT", "No such file or directory"),
        3: ("ESRCH", "No such process"),
        16: ("EBUSY", "Device or resource busy"),
        17: ("EEXIST", "File exists"),
        19: ("ENODEV", "No such device"),
        22: ("EINVAL", "Invalid argument"),
        95: ("EOPNOTSUPP", "Operation not supported"),
        98: ("EADDRINUSE", "Address already in use"),
        101: ("ENETUNREACH", "Network is unreachable"),
        105: ("ENOBUFS", "No buffer space available"),
        113: ("EHOSTUNREACH", "No route to host"),
    ]

    /// "Network is unreachable (ENETUNREACH)" or "errno 42".
    static func text(_ errno: Int32) -> String {
        guard let (name, text) = names[errno] else { return "errno \(errno)" }
        return "\(text) (\(name))"
    }

    /// The usual cause, for the errors a route write commonly meets.
    static func hint(_ errno: Int32, operation: String) -> String? {
        switch errno {
        case eexist: "another route with this destination and metric exists and is not Swiftlet's; it is left alone"
        case enodev: "the interface does not exist (yet)"
        case enetunreach: "no connected route reaches the gateway; a tunnel next hop needs onlink"
        case eperm: "CAP_NET_ADMIN is needed to change routes"
        case eopnotsupp: "this kernel does not support the route as asked (missing feature or module)"
        case einval: "the kernel rejected the request"
        case esrch where operation == "delete": "the route was already gone"
        default: nil
        }
    }
}
