/// FRR (bgpd 8.4) as the peer of our speaker (SessionFSM + BGPWire) in network namespaces.
import Testing

extension LabSuite {
    @Suite("Interop with FRR", .serialized,
           .enabled(if: LabEnvironment.Daemon.frr.isAvailable, Comment(rawValue: LabEnvironment.Daemon.frr.reason)))
    struct FRRInteropTests {
        static func start(_ lab: Lab, _ ns: Namespace, _ setup: PeerSetup) throws -> any PeerDaemon {
            try lab.frr(in: ns, config: FRR.config(setup))
        }

        @Test("session, routes both ways, withdraw, route refresh, End-of-RIB, shutdown message",
              arguments: InteropCase.all)
        func scenario(_ c: InteropCase) async throws {
            try await Lab.run { lab in try InteropRun.make(lab, c, start: Self.start).runAll() }
        }

        @Test("our OPEN with every capability is accepted", arguments: [InteropCase.all[0], InteropCase.all[3]])
        func everyCapability(_ c: InteropCase) async throws {
            try await Lab.run { lab in
                try InteropRun.make(lab, c, capabilities: { Interop.everyCapability($0, iBGP: c.iBGP) },
                                    start: Self.start).everyCapabilityAccepted()
            }
        }
    }
}
