/// TCP MD5 signatures (RFC 2385) via TCP_MD5SIG: one key per peer address, on a listening
/// socket (so the kernel can check incoming signed SYNs) or on a socket before connect.
import CPlatform
import Glibc
import NetCore

extension Socket {
    /// Largest key the kernel takes (TCP_MD5SIG_MAXKEYLEN).
    public static let maximumMD5KeyLength = Int(cplatform_tcp_md5_max_key_length)

    /// Installs `key` (1...80 bytes) for segments to and from `peer`, or removes the key for
    /// `peer` when `key` is nil or empty. Removing a key that is not installed is not an error.
    /// An IPv4 peer on an IPv6 socket is given in its IPv4-mapped form (::ffff:a.b.c.d).
    public func setMD5Key(_ key: [UInt8]?, for peer: IPAddress) throws(SystemCallError) {
        let key = key ?? []
        let context = "for \(peer)"
        guard key.count <= Socket.maximumMD5KeyLength else {
            throw SystemCallError("setsockopt(TCP_MD5SIG)", .invalidArgument,
                                  context: "\(context): key of \(key.count) bytes is longer than \(Socket.maximumMD5KeyLength)")
        }
        let fd = fileDescriptor
        let address = SocketAddress(family == .ipv6 ? peer.mappedToIPv6 : peer, port: 0)
        do {
            try address.withSockaddr { (sa, length) throws(SystemCallError) in
                _ = try key.withUnsafeBufferPointer { (k) throws(SystemCallError) -> Int32 in
                    try SystemCall.run("setsockopt(TCP_MD5SIG)") {
                        cplatform_set_tcp_md5sig(fd, sa, length, k.baseAddress, Int32(k.count))
                    }
                }
            }
        } catch where key.isEmpty && error.errno == .noEntry {
            return
        } catch {
            throw error.with(context: context)
        }
    }
}

extension IPAddress {
    /// The IPv4-mapped IPv6 form of an IPv4 address (RFC 4291 §2.5.5.2); IPv6 unchanged.
    var mappedToIPv6: IPAddress {
        switch self {
        case .v4(let a): .v6(IPv6Address(high: 0, low: 0xFFFF_0000_0000 | UInt64(a.rawValue)))
        case .v6: self
        }
    }
}
