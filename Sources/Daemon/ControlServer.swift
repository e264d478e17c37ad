/// `ControlServer`: the daemon's end of the control socket. Listens on a Unix stream socket
/// (mode 0660, parent directory created), accepts on its own queue and answers each connection
/// on a global queue — never on the speaker's queue: the handler's snapshot calls hop onto it.
/// One request line in, one JSON reply out, then close. A stale socket file (no listener) is
/// replaced; a live one means another daemon and is an error.
import Dispatch
import Foundation
import Glibc

public final class ControlServer: @unchecked Sendable {
    // @unchecked: `fd` and `source` are set in init and never reassigned; `closed` is only
    // touched on `queue`. The Dispatch source and the descriptor are thread-safe to use.
    /// Computes the reply body (a JSON object, without the newline) for one request line.
    public typealias Handler = @Sendable (String) -> [UInt8]

    public let path: String
    private let fd: Int32
    private let queue: DispatchQueue
    private let source: DispatchSourceRead
    private var closed = false

    public init(path: String, handler: @escaping Handler) throws(DaemonError) {
        self.path = path
        try ControlServer.prepare(path)
        let fd: Int32
        do {
            fd = try UnixSocket.make(path: path)
            do {
                try UnixSocket.bind(fd, path: path)
            } catch {
                Glibc.close(fd)
                throw error
            }
        } catch {
            throw .system("control socket: \(error)")
        }
        chmod(path, 0o660)
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        guard Glibc.listen(fd, 16) == 0 else {
            let code = errno
            Glibc.close(fd)
            unlink(path)
            throw .system("control socket: listen \(path): \(String(cString: strerror(code)))")
        }
        self.fd = fd
        queue = DispatchQueue(label: "swiftlet.control")
        source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        source.setEventHandler { [fd] in ControlServer.acceptAll(fd, handler) }
        source.setCancelHandler { [fd] in Glibc.close(fd) }
        source.resume()
    }

    /// Stops listening and removes the socket file. Safe to call twice.
    public func close() {
        queue.sync {
            guard !closed else { return }
            closed = true
            source.cancel()
            unlink(path)
        }
    }

    deinit { close() }

    /// Creates the parent directory; removes a stale socket file; refuses a live one or a file
    /// that is not a socket.
    static func prepare(_ path: String) throws(DaemonError) {
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o755])
            } catch {
                throw .system("control socket: cannot create \(parent): \(error.localizedDescription)")
            }
        }
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard info.st_mode & S_IFMT == S_IFSOCK else {
            throw .system("control socket: \(path) exists and is not a socket")
        }
        if ControlServer.isLive(path) {
            throw .system("control socket: another process is listening on \(path)")
        }
        unlink(path)
    }

    /// Whether something accepts connections on `path`.
    static func isLive(_ path: String) -> Bool {
        guard let fd = try? UnixSocket.make(path: path) else { return false }
        defer { Glibc.close(fd) }
        return (try? UnixSocket.connect(fd, path: path)) != nil
    }

    private static func acceptAll(_ listener: Int32, _ handler: @escaping Handler) {
        while true {
            let client = Glibc.accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return   // EAGAIN: nothing more waiting (or a transient error: wait for the next event)
            }
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            DispatchQueue.global().async { serve(client, handler) }
        }
    }

    /// Reads one line (5 s at most), answers, closes.
    private static func serve(_ client: Int32, _ handler: Handler) {
        defer { Glibc.close(client) }
        let flags = fcntl(client, F_GETFL)
        _ = fcntl(client, F_SETFL, flags & ~O_NONBLOCK)
        UnixSocket.setTimeouts(client, seconds: 5)
        guard let bytes = UnixSocket.read(client, limit: ControlProtocol.maximumRequestLength, untilNewline: true) else { return }
        let line = String(decoding: bytes.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        _ = UnixSocket.writeAll(client, handler(line) + [UInt8(ascii: "\n")])
    }
}
