/// `SecretReader`: a peer's TCP MD5 key from the file a mounted Kubernetes Secret provides
/// (`<secrets dir>/<secret name>/<key>`), with the same rules as swiftletd's reader so a file
/// one accepts the other accepts too.
import CalicoModel
import Foundation

public struct SecretReader: Sendable {
    public init() {}

    /// The key text. One trailing newline (and a CR before it) is dropped: an editor adds one, a
    /// mounted Secret has none. Empty, missing, non-UTF-8 or over-long keys (RFC 2385's TCP MD5
    /// option carries at most 80 bytes, Linux's TCP_MD5SIG_MAXKEYLEN) are errors naming the file.
    public func key(_ password: PeerConfig.Password, peer: String) throws(RenderError) -> String {
        guard let data = FileManager.default.contents(atPath: password.path) else {
            let reason = FileManager.default.fileExists(atPath: password.path) ? "cannot read it" : "no such file"
            throw .secret(peer: peer, path: password.path, reason: "\(reason) (\(password.secret))")
        }
        var bytes = [UInt8](data)
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        guard !bytes.isEmpty else { throw .secret(peer: peer, path: password.path, reason: "the key is empty") }
        guard bytes.count <= 80 else {
            throw .secret(peer: peer, path: password.path,
                          reason: "the key is \(bytes.count) bytes; TCP MD5 keys are at most 80 (RFC 2385)")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .secret(peer: peer, path: password.path, reason: "the key is not UTF-8 text")
        }
        return text
    }
}
