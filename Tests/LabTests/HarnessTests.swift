/// The lab harness itself: namespace names, links, the address policy, setns sockets, and a
/// tear-down that stops our processes and deletes our namespaces.
import Foundation
import Glibc
import Testing

extension LabSuite {
    @Suite("Lab harness", .serialized)
    struct HarnessTests {
        @Test("namespaces carry the PID, links carry traffic, tear-down removes everything")
        func lifecycle() async throws {
            var names: [String] = []
            var pid: Int32 = 0
            try await Lab.run { lab in
                let a = try lab.namespace("a")
                let b = try lab.namespace("b")
                names = [a.name, b.name]
                #expect(a.name.hasPrefix("swl-\(getpid())-"))
                let link = try lab.link(a, b, v4: ("203.0.113.1/24", "203.0.113.2/24"),
                                        v6: ("2001:db8:9::1/64", "2001:db8:9::2/64"))
                #expect(try a.ip(["-br", "addr", "show", "dev", link.interfaceA]).contains("203.0.113.1/24"))
                // A listener in b (a child process), reached from a socket opened in a via setns.
                let listener = try lab.process(in: b, ["sleep", "30"], name: "sleeper")
                pid = listener.pid
                #expect(listener.isRunning)
                let server = try b.withNetwork { () -> Int32 in try Self.listen("2001:db8:9::2", port: 1790) }
                defer { close(server) }
                let client = try a.connect(to: "2001:db8:9::2", port: 1790, timeout: .seconds(2))
                try client.send([1, 2, 3])
                let peer = accept(server, nil, nil)
                #expect(peer >= 0)
                if peer >= 0 { close(peer) }
                // The root namespace cannot see the lab's links.
                #expect(!(try Command.check(["ip", "-br", "link"])).contains(link.interfaceA))
            }
            let list = try Command.check(["ip", "netns", "list"])
            for name in names { #expect(!list.contains(name)) }
            #expect(kill(pid, 0) != 0, "the lab's process must be gone after tear-down")
        }

        @Test("addresses outside documentation/CGNAT space are refused")
        func addressPolicy() async throws {
            #expect(LabAddresses.isAllowed("100.64.1.1/26"))
            #expect(LabAddresses.isAllowed("2001:db8::1/64"))
            #expect(!LabAddresses.isAllowed("10.0.0.1/24"))
            #expect(!LabAddresses.isAllowed("fd00::1/64"))
            try await Lab.run { lab in
                let a = try lab.namespace("a")
                let b = try lab.namespace("b")
                #expect(throws: LabError.self) { try lab.link(a, b, v4: ("10.0.0.1/24", "10.0.0.2/24")) }
            }
        }

        /// A listening TCP socket (run inside a namespace).
        static func listen(_ address: String, port: UInt16) throws -> Int32 {
            let fd = socket(AF_INET6, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw LabError("socket failed") }
            var on: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
            try SocketAddress.with(address, port: port) { sa, len in
                guard bind(fd, sa, len) == 0, Glibc.listen(fd, 4) == 0 else {
                    throw LabError("bind/listen: \(String(cString: strerror(errno)))")
                }
            }
            return fd
        }
    }
}
