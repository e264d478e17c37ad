/// `PIDFile`: libbsd's pidfile(3) — an flock'ed file holding our PID, so a second swiftletd with
/// the same pidfile refuses to start, naming the PID that holds it. Removed on clean shutdown.
import CBSD
import Foundation
import Glibc

public final class PIDFile: @unchecked Sendable {
    // @unchecked: `handle` is written once in init and then only by `remove()`, which the daemon
    // calls once, from its own serial queue, at shutdown.
    private var handle: OpaquePointer?
    public let path: String

    /// pidfile_open + pidfile_write (the directory is created). Throws `.alreadyRunning` when
    /// another process holds it.
    public init(path: String) throws(DaemonError) {
        self.path = path
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty {
            try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true,
                                                     attributes: [.posixPermissions: 0o755])
        }
        var other: pid_t = 0
        guard let h = pidfile_open(path, 0o644, &other) else {
            let code = errno
            if code == EEXIST { throw .alreadyRunning(path: path, pid: other > 0 ? other : nil) }
            throw .system("pidfile \(path): \(String(cString: strerror(code)))")
        }
        guard pidfile_write(h) == 0 else {
            let code = errno
            pidfile_remove(h)
            throw .system("pidfile \(path): write: \(String(cString: strerror(code)))")
        }
        handle = h
    }

    /// Deletes the file and releases the lock; later calls do nothing.
    public func remove() {
        if let h = handle { pidfile_remove(h) }
        handle = nil
    }

    deinit { remove() }
}
