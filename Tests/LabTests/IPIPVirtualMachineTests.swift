/// IPIP end to end in a VM: `scripts/ipip-vm` boots Debian's cloud kernel (it has ipip.ko; the
/// test machine's kernel may not) under qemu with an initramfs holding the swiftletd built for
/// the tests, runs three nodes in namespaces with an ipipMode Always and a CrossSubnet pool on two
/// subnets, and prints one "IPIP-VM: PASS|FAIL <check>" line per check. This test runs the script
/// with the binaries beside the test bundle (SWIFTLET_BIN_DIR, so no second build) and asserts
/// every PASS line. It is cancelled (skipped), with the script's reason, when qemu or the kernel
/// package cannot be had (exit 77: no network to the Debian archive). It took 20–31 s here under
/// qemu's software emulation, kernel download included (docs/kernel.md, "IPIP in a VM").
import Foundation
import Testing

extension LabSuite {
    @Suite("IPIP in a VM (qemu, Debian's cloud kernel)", .serialized,
           .enabled(if: SwiftletBinaries.isAvailable, Comment(rawValue: SwiftletBinaries.reason)))
    struct IPIPVirtualMachineTests {
        /// scripts/ipip-vm, found from this file's path (Tests/LabTests/… → the checkout).
        static let script: String = {
            let here = URL(fileURLWithPath: #filePath)
            return here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("scripts/ipip-vm").path
        }()

        /// Every line the VM must print, in the order it prints them (the script's init,
        /// scripts/ipip-vm-init, names the checks).
        static let expected: [String] = [
            "IPIP-VM: PASS modules: ",
            "IPIP-VM: PASS network: ",
            "IPIP-VM: PASS control: a1 -> 100.64.2.2 unreachable before swiftletd's routes",
            "IPIP-VM: PASS control: c1 -> 100.64.66.2 unreachable before swiftletd's routes",
            "IPIP-VM: PASS control: c1 -> 100.64.67.2 unreachable before swiftletd's routes",
            "IPIP-VM: PASS bgp: n1, n2, n3 each Established with 2 mesh peers",
            "IPIP-VM: PASS tunl0 n1: up, MTU 1480 (eth0 1500 - 20), 100.64.1.1/32",
            "IPIP-VM: PASS tunl0 n2: up, MTU 1480 (eth0 1500 - 20), 100.64.2.1/32",
            "IPIP-VM: PASS tunl0 n3: up, MTU 1480 (eth0 1500 - 20), 100.64.3.1/32",
            "IPIP-VM: PASS route n1 tunl0: 100.64.2.0/26 via 192.0.2.12 dev tunl0 ",
            "IPIP-VM: PASS route n2 tunl0: 100.64.1.0/26 via 192.0.2.11 dev tunl0 ",
            "IPIP-VM: PASS route n1 tunl0: 100.64.67.0/26 via 198.51.100.13 dev tunl0 ",
            "IPIP-VM: PASS route n3 tunl0: 100.64.65.0/26 via 192.0.2.11 dev tunl0 ",
            "IPIP-VM: PASS route n1 direct: 100.64.66.0/26 via 192.0.2.12 dev eth0 ",
            "IPIP-VM: PASS route n2 direct: 100.64.65.0/26 via 192.0.2.11 dev eth0 ",
            "IPIP-VM: PASS ping always: a1 -> 100.64.2.2, 5/5 replies",
            "IPIP-VM: PASS tunl0 counters always: ",
            "IPIP-VM: PASS ping cross-subnet-different: c1 -> 100.64.67.2, 5/5 replies",
            "IPIP-VM: PASS tunl0 counters cross-subnet-different: ",
            "IPIP-VM: PASS ping cross-subnet-same: c1 -> 100.64.66.2, 5/5 replies",
            "IPIP-VM: PASS tunl0 counters cross-subnet-same: n1 and n2 unchanged (direct)",
            "IPIP-VM: RESULT PASS ",
        ]

        @Test("Always and CrossSubnet pools in a VM: routes via tunl0 or direct, pods ping, tunl0 counters prove the tunnel")
        func ipipInVM() throws {
            guard let bin = SwiftletBinaries.directory else { throw LabError(SwiftletBinaries.reason) }
            let started = Date()
            // The script's own VM timeout is 900 s; building nothing (SWIFTLET_BIN_DIR), it needs
            // a few seconds more for the kernel download and the initramfs.
            let r = try Command.run(["env", "SWIFTLET_BIN_DIR=\(bin)", Self.script], timeout: 1000)
            let output = r.stdout + r.stderr
            if r.status == 77 {
                let reason = output.split(separator: "\n").last { $0.hasPrefix("ipip-vm: SKIP: ") }
                try Test.cancel(Comment(rawValue: reason.map(String.init) ?? "scripts/ipip-vm skipped: \(output.suffix(500))"))
            }
            let lines = output.split(separator: "\n").map(String.init)
            for prefix in Self.expected {
                #expect(lines.contains { $0.hasPrefix(prefix) }, Comment(rawValue: "no line \"\(prefix)…\" in the VM's output"))
            }
            #expect(!lines.contains { $0.hasPrefix("IPIP-VM: FAIL") }, "no check failed")
            #expect(r.status == 0, Comment(rawValue: "scripts/ipip-vm exited \(r.status):\n\(output.suffix(30000))"))
            let summary = lines.filter { $0.hasPrefix("IPIP-VM: ") || $0.hasPrefix("ipip-vm: PASS") }
            print("ipip-vm (\(Int(Date().timeIntervalSince(started))) s):\n" + summary.joined(separator: "\n"))
        }
    }
}
