/// `SecretFiles`: reads BGP passwords from Kubernetes Secrets mounted as a volume
/// (`<secrets dir>/<secret name>/<key>`), as Calico's `password.secretKeyRef` names them.
import CalicoModel
import Foundation

public enum SecretFiles {
    /// The key of `password` (UTF-8 text, as a Kubernetes Secret holds it). One trailing newline is dropped (an editor adds one; a
    /// mounted Secret has none). An empty, missing or over-long key is an error naming the file.
    public static func read(_ password: PeerConfig.Password, peer: String) throws(DaemonError) -> String {
        guard let data = FileManager.default.contents(atPath: password.path) else {
            throw .invalidConfiguration(["peer \(peer): password \(password.secret): cannot read \(password.path)"])
        }
        var bytes = [UInt8](data)
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        guard !bytes.isEmpty else {
            throw .invalidConfiguration(["peer \(peer): password \(password.secret): \(password.path) is empty"])
        }
        guard bytes.count <= 80 else {
            throw .invalidConfiguration([
                "peer \(peer): password \(password.secret): \(password.path) holds \(bytes.count) bytes; TCP MD5 keys are at most 80 (RFC 2385)",
            ])
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .invalidConfiguration(["peer \(peer): password \(password.secret): \(password.path) is not UTF-8 text"])
        }
        return text
    }
}
