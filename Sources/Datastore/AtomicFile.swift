/// `AtomicFile`: writing a file so readers see the old or the new content, never a mix —
/// a dot-named temp file in the same directory, fsync, rename over the target, fsync the directory.
import Glibc

enum AtomicFile {
    static func write(_ text: String, to path: String) throws(StoreError) {
        let slash = path.lastIndex(of: "/")
        let dir = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        // A dotfile: the store's own scanner (and its watch) ignore it until the rename.
        let temp = "\(dir)/.\(name).tmp-\(getpid())"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure("create", temp) }
        var ok = true
        let bytes = Array(text.utf8)
        var offset = 0
        while ok, offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress.map { $0 + offset }, $0.count - offset) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { ok = false } else { offset += n }
        }
        ok = ok && fsync(fd) == 0
        let error = failure("write", temp)
        close(fd)
        guard ok else { unlink(temp); throw error }
        guard rename(temp, path) == 0 else {
            let e = failure("rename to \(path)", temp)
            unlink(temp)
            throw e
        }
        syncDirectory(dir)
    }

    static func remove(_ path: String) throws(StoreError) {
        guard unlink(path) == 0 || errno == ENOENT else { throw failure("unlink", path) }
        if let slash = path.lastIndex(of: "/") { syncDirectory(String(path[..<slash])) }
    }

    /// Makes the rename or unlink durable (best effort: some file systems refuse).
    private static func syncDirectory(_ dir: String) {
        let fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    private static func failure(_ what: String, _ path: String) -> StoreError {
        .unavailable("\(what) \(path): \(String(cString: strerror(errno)))")
    }
}
