/// `InotifyWatcher`: one inotify instance watching a set of directories, read by a
/// DispatchSourceRead on the owner's queue; hands decoded events (with full paths) to a callback.
import Dispatch
import Glibc
import Platform

/// Lifetime (SWIFT-LINUX-NOTES): the source is resumed at once and kept by strong reference;
/// `close()` cancels it and the fd is closed only in the cancel handler.
final class InotifyWatcher: @unchecked Sendable {
    // @unchecked Sendable: `directories`, `paths` and the callback are touched only on `queue`
    // (the read source's handler, and `sync`/`close` which the owner calls on that queue).
    static let mask = UInt32(IN_CLOSE_WRITE) | UInt32(IN_MOVED_TO) | UInt32(IN_MOVED_FROM) | UInt32(IN_DELETE)
        | UInt32(IN_CREATE) | UInt32(IN_DELETE_SELF) | UInt32(IN_MOVE_SELF) | UInt32(IN_ONLYDIR)

    /// An event with the path it concerns (`directory/name`, or the directory itself).
    struct Change {
        var event: InotifyEvent
        var path: String?
    }

    private let fd: Int32
    private let source: DispatchSourceRead
    private var directories: [Int32: String] = [:]
    private var paths: [String: Int32] = [:]
    private var closed = false

    init(queue: DispatchQueue, onChanges: @escaping ([Change]) -> Void) throws(SystemCallError) {
        let fd = inotify_init1(Int32(IN_NONBLOCK) | Int32(IN_CLOEXEC))
        guard fd >= 0 else { throw SystemCallError("inotify_init1", .current) }
        self.fd = fd
        source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        source.setEventHandler { [unowned self] in
            // unowned is safe: the source is cancelled in close(), before the owner lets go of us,
            // and a cancelled source runs no more event handlers.
            let changes = self.drain()
            if !changes.isEmpty { onChanges(changes) }
        }
        source.setCancelHandler { Glibc.close(fd) }
        source.resume()
    }

    /// Watches exactly `wanted` (adds new directories, drops ones no longer there). Returns
    /// the directories that could not be watched, with why.
    @discardableResult
    func sync(_ wanted: [String]) -> [(String, SystemCallError)] {
        guard !closed else { return [] }
        var failures: [(String, SystemCallError)] = []
        var next: [Int32: String] = [:]
        for dir in wanted {
            let wd = inotify_add_watch(fd, dir, InotifyWatcher.mask)
            if wd < 0 { failures.append((dir, SystemCallError("inotify_add_watch", .current, context: dir))); continue }
            next[wd] = dir
        }
        for wd in directories.keys where next[wd] == nil { _ = inotify_rm_watch(fd, wd) }
        directories = next
        paths = Dictionary(next.map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        return failures
    }

    /// Adds one directory (a new subdirectory seen in an event) before the next full sync.
    func add(_ dir: String) {
        guard !closed, paths[dir] == nil else { return }
        let wd = inotify_add_watch(fd, dir, InotifyWatcher.mask)
        guard wd >= 0 else { return }
        directories[wd] = dir
        paths[dir] = wd
    }

    func close() {
        guard !closed else { return }
        closed = true
        source.cancel()
    }

    /// Reads every pending event (the fd is non-blocking).
    private func drain() -> [Change] {
        var changes: [Change] = []
        let capacity = 64 * 1024
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 8)
        defer { buffer.deallocate() }
        while !closed {
            let n = read(fd, buffer.baseAddress, capacity)
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { break }   // EAGAIN: drained
            for event in InotifyEvent.decode(UnsafeRawBufferPointer(rebasing: buffer[0..<n])) {
                let dir = directories[event.watch]
                let path = dir.map { event.name.isEmpty ? $0 : "\($0)/\(event.name)" }
                changes.append(Change(event: event, path: path))
                if event.mask & UInt32(IN_IGNORED) != 0, let dir {
                    directories[event.watch] = nil
                    paths[dir] = nil
                }
            }
        }
        return changes
    }
}
