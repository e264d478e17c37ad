/// `NodeConfiguration`: one validated reading of the datastore for this node — the desired
/// configuration CalicoModel computed, and the TCP MD5 keys read from the mounted Secrets.
import CalicoModel

public struct NodeConfiguration: Hashable, Sendable {
    public var desired: DesiredNodeConfig
    /// This node's own Node resource (its tunnel addresses and MAC for the kernel writer).
    public var localNode: CalicoNode?
    /// TCP MD5 keys by secret file path (`PeerConfig.Password.path`), for peers that have one.
    public var passwords: [String: String]
    /// How much was read (for the log line after a load).
    public var fileCount: Int
    public var resourceCount: Int
    /// The store's revision this was computed from (0 when not from a store).
    public var revision: Int64

    public init(desired: DesiredNodeConfig, passwords: [String: String] = [:], fileCount: Int = 0, resourceCount: Int = 0,
                revision: Int64 = 0) {
        self.revision = revision
        self.desired = desired
        self.passwords = passwords
        self.fileCount = fileCount
        self.resourceCount = resourceCount
    }
}
