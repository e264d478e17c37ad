/// `StagedFile`: the file-system half of `ConfigWriter` — reading the current destination,
/// creating the staged copy beside it (mkstemp, fchmod, fchown, fsync) and renaming it into place.
/// Every failure names the path, the operation and strerror(errno).
import Glibc

struct StagedFile {
    /// The current destination: its bytes, mode and owner.
    struct Existing {
        var bytes: [UInt8]
        var mode: mode_t
        var owner: (uid: uid_t, gid: gid_t)
    }

    let path: String

    /// nil when the destination does not exist yet; an error when it exists but is not a
    /// regular file or cannot be read.
    static func existing(_ path: String) throws(RenderError) -> Existing? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT { return nil }
            throw failure(path, "stat")
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw RenderError.io(path: path, operation: "open", reason: "exists and is not a regular file")
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(path, "open") }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { throw failure(path, "read") }
            if n == 0 { break }
            bytes += buffer[0..<n]
        }
        return Existing(bytes: bytes, mode: info.st_mode & 0o7777, owner: (info.st_uid, info.st_gid))
    }

    /// Creates `.<name>.swiftlet-XXXXXX` in `destination`'s directory holding `bytes`.
    static func create(nextTo destination: String, bytes: [UInt8], mode: mode_t,
                       owner: (uid: uid_t, gid: gid_t)?) throws(RenderError) -> StagedFile {
        let slash = destination.lastIndex(of: "/")
        let dir = slash.map { String(destination[..<$0]) } ?? "."
        let name = slash.map { String(destination[destination.index(after: $0)...]) } ?? destination
        var template = Array("\(dir.isEmpty ? "" : dir)/.\(name).swiftlet-XXXXXX".utf8CString)
        // mkstemp creates the file 0600 and exclusively; the fd is closed before any command runs.
        let fd = template.withUnsafeMutableBufferPointer { $0.baseAddress.map { mkstemp($0) } ?? -1 }
        guard fd >= 0 else { throw failure(dir.isEmpty ? "/" : dir, "create a staged file") }
        let staged = StagedFile(path: String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self))
        do throws(RenderError) {
            defer { close(fd) }
            try staged.writeAll(fd, bytes)
            guard fchmod(fd, mode) == 0 else { throw failure(staged.path, "fchmod") }
            // Keep the destination's owner; only root can give a file away, so skip when it is ours.
            if let owner, owner.uid != geteuid() || owner.gid != getegid() {
                guard fchown(fd, owner.uid, owner.gid) == 0 else { throw failure(staged.path, "fchown to \(owner.uid):\(owner.gid)") }
            }
            guard fsync(fd) == 0 else { throw failure(staged.path, "fsync") }
        } catch {
            staged.remove()
            throw error
        }
        return staged
    }

    private func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws(RenderError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw Self.failure(path, "write") }
            offset += n
        }
    }

    /// Atomically replaces `destination`, then makes the rename durable.
    func rename(to destination: String) throws(RenderError) {
        guard Glibc.rename(path, destination) == 0 else { throw Self.failure(destination, "rename from \(path)") }
        let dir = destination.lastIndex(of: "/").map { String(destination[..<$0]) } ?? "."
        let fd = open(dir.isEmpty ? "/" : dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 {
            // Best effort: some file systems refuse fsync on a directory; the rename still happened.
            _ = fsync(fd)
            close(fd)
        }
    }

    func remove() { unlink(path) }

    private static func failure(_ path: String, _ operation: String) -> RenderError {
        .io(path: path, operation: operation, reason: String(cString: strerror(errno)))
    }
}
