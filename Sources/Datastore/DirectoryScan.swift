/// `DirectoryScan`: one walk of the store's directory tree — every resource file with its
/// signature, every directory (to watch), and the entries it could not read.
import Glibc
import CalicoModel

struct DirectoryScan: Sendable {
    /// Resource files (`*.yaml`, `*.yml`) by path, with their `stat` signature (symlinks followed).
    var files: [String: FileSignature] = [:]
    /// Directories walked, the root first (dot-directories are skipped, so are symlinked ones).
    var directories: [String] = []
    /// Entries that could not be read (permission denied, a dangling symlink named *.yaml).
    var problems: [ConfigError] = []

    /// Whether a directory entry named `name` is a resource file: `*.yaml` or `*.yml`, not a
    /// dotfile (`.#x.yaml` from emacs, vim's `.x.yaml.swp`, our own `.x.yaml.tmp-…`), not an
    /// editor backup (`x.yaml~`, `#x.yaml#`).
    static func isResourceFile(_ name: String) -> Bool {
        guard !name.hasPrefix("."), !name.hasPrefix("#"), !name.hasSuffix("~") else { return false }
        return name.hasSuffix(".yaml") || name.hasSuffix(".yml")
    }

    /// Walks `root`. Throws when the root itself is missing or unreadable (the store is then
    /// unavailable, not empty: an empty result would delete every resource).
    /// `visitDirectory` runs before a directory's entries are read (the watcher adds its inotify
    /// watch there, so a file created meanwhile is either seen now or reported by inotify).
    static func walk(_ root: String, visitDirectory: (String) -> Void = { _ in }) throws(StoreError) -> DirectoryScan {
        var info = stat()
        guard stat(root, &info) == 0 else {
            throw .unavailable("\(root): \(String(cString: strerror(errno)))")
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { throw .unavailable("\(root): not a directory") }
        var scan = DirectoryScan()
        var pending = [root]
        while let dir = pending.popLast() {
            visitDirectory(dir)
            scan.directories.append(dir)
            pending += scan.read(dir)
        }
        return scan
    }

    /// Reads one directory: records its resource files, returns its subdirectories.
    private mutating func read(_ dir: String) -> [String] {
        guard let handle = opendir(dir) else {
            problems.append(ConfigError(file: dir, document: 0, field: "", value: "",
                                        reason: "cannot read directory: \(String(cString: strerror(errno)))"))
            return []
        }
        defer { closedir(handle) }
        var subdirectories: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            guard name != ".", name != ".." else { continue }
            let path = dir.hasSuffix("/") ? dir + name : "\(dir)/\(name)"
            var l = stat()
            guard lstat(path, &l) == 0 else { continue }   // gone since readdir
            if (l.st_mode & S_IFMT) == S_IFDIR {
                if !name.hasPrefix(".") { subdirectories.append(path) }
            } else if DirectoryScan.isResourceFile(name) {
                record(path)
            }
        }
        return subdirectories.sorted().reversed()   // popLast() then visits them in order
    }

    /// `stat` through symlinks (Kubernetes ConfigMap volumes are symlinks into `..data/`).
    private mutating func record(_ path: String) {
        var s = stat()
        guard stat(path, &s) == 0 else {
            problems.append(ConfigError(file: path, document: 0, field: "", value: "",
                                        reason: "cannot read: \(String(cString: strerror(errno)))"))
            return
        }
        guard (s.st_mode & S_IFMT) == S_IFREG else { return }
        files[path] = FileSignature(s)
    }
}
