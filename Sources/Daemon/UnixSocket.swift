/// `UnixSocket`: the few Glibc calls of a Unix stream socket (AF_UNIX) used by the control
/// socket on both ends — the `sockaddr_un` filling and `withMemoryRebound` in one place.
import Glibc

public enum UnixSocket {
    /// A failed call: its name, the path and errno.
    public struct Failure: Error, Hashable, Sendable, CustomStringConvertible {
        public var call: String
        public var path: String
        public var errno: Int32
        public var description: String { "\(call) \(path): \(String(cString: strerror(errno)))" }
    }

    /// socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC), blocking.
    public static func make(path: String) throws(Failure) -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Failure(call: "socket", path: path, errno: errno) }
        return fd
    }

    /// Runs `body` with `path` as a `sockaddr_un`; paths longer than sun_path are refused.
    static func withAddress<R>(_ path: String, _ call: String,
                               _ body: (UnsafePointer<sockaddr>, socklen_t) -> R) throws(Failure) -> R {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else { throw Failure(call: call, path: path, errno: ENAMETOOLONG) }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
    }

    public static func bind(_ fd: Int32, path: String) throws(Failure) {
        let rc = try withAddress(path, "bind") { Glibc.bind(fd, $0, $1) }
        guard rc == 0 else { throw Failure(call: "bind", path: path, errno: errno) }
    }

    /// Blocking connect; EINTR retried.
    public static func connect(_ fd: Int32, path: String) throws(Failure) {
        while true {
            let rc = try withAddress(path, "connect") { Glibc.connect(fd, $0, $1) }
            if rc == 0 { return }
            if errno == EINTR { continue }
            throw Failure(call: "connect", path: path, errno: errno)
        }
    }

    /// SO_RCVTIMEO and SO_SNDTIMEO: a blocked read or write gives up after `seconds`.
    public static func setTimeouts(_ fd: Int32, seconds: Int) {
        var tv = timeval(tv_sec: seconds, tv_usec: 0)
        let size = socklen_t(MemoryLayout<timeval>.size)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, size)
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, size)
    }

    /// Writes all of `bytes` (blocking socket); false when the peer went away or timed out.
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = send(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset, Int32(MSG_NOSIGNAL))
                if n < 0, errno == EINTR { continue }
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
    }

    /// Reads until end of file, `limit` bytes, or (with `untilNewline`) the first newline.
    /// Nil on error (including the SO_RCVTIMEO timeout).
    public static func read(_ fd: Int32, limit: Int, untilNewline: Bool) -> [UInt8]? {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while out.count < limit {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, min($0.count, limit - out.count)) }
            if n < 0, errno == EINTR { continue }
            if n < 0 { return nil }
            if n == 0 { break }
            out += chunk[0..<n]
            if untilNewline, chunk[0..<n].contains(UInt8(ascii: "\n")) { break }
        }
        return out
    }
}
