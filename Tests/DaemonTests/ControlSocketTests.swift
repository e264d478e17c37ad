/// The control socket end to end with a stub handler: mode 0660, the directory created, a stale
/// socket file replaced, a live one refused, and the client's message when nobody listens.
import Foundation
import Glibc
import Testing
@testable import Daemon

@Suite("Control socket")
struct ControlSocketTests {
    @Test("request in, reply out; socket mode 0660 in a created directory; removed on close")
    func roundTrip() throws {
        let dir = try TempDirectory("sock")
        let path = "\(dir.path)/run/sub/ctl.sock"
        let server = try ControlServer(path: path) { line in
            ControlCoding.encode(ControlReply(result: "echo \(line)"))
        }
        var info = stat()
        #expect(lstat(path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o660)
        let client = ControlClient(path: path, timeoutSeconds: 5)
        #expect(try client.call(.routes(nil), as: String.self) == "echo routes")
        #expect(try client.call(.peers, as: String.self) == "echo peers")
        server.close()
        #expect(lstat(path, &info) != 0)
    }

    @Test("without a daemon the client says so")
    func absent() throws {
        let dir = try TempDirectory("sock")
        let path = "\(dir.path)/none.sock"
        #expect(throws: ControlClientError.unreachable("is swiftletd running? socket \(path) not found")) {
            try ControlClient(path: path).send(.status)
        }
    }

    @Test("a stale socket file is replaced; a live one is refused")
    func staleAndLive() throws {
        let dir = try TempDirectory("sock")
        let path = "\(dir.path)/ctl.sock"
        // A bound but never listening socket: what a crashed daemon leaves behind.
        let fd = try UnixSocket.make(path: path)
        try UnixSocket.bind(fd, path: path)
        close(fd)
        #expect(throws: ControlClientError.self) { try ControlClient(path: path).send(.status) }
        let server = try ControlServer(path: path) { _ in ControlCoding.encode(ControlReply(result: 1)) }
        #expect(try ControlClient(path: path).call(.status, as: Int.self) == 1)
        #expect(throws: DaemonError.system("control socket: another process is listening on \(path)")) {
            _ = try ControlServer(path: path) { _ in [] }
        }
        server.close()
    }

    @Test("a path that is not a socket is left alone")
    func notASocket() throws {
        let dir = try TempDirectory("sock")
        let path = try dir.write("file.sock", "data")
        #expect(throws: DaemonError.system("control socket: \(path) exists and is not a socket")) {
            _ = try ControlServer(path: path) { _ in [] }
        }
        #expect(FileManager.default.contents(atPath: path) == Data("data".utf8))
    }
}
