/// GoBGP 3 as the peer of our speaker (SessionFSM + BGPWire) in network namespaces.
import Testing

extension LabSuite {
    @Suite("Interop with GoBGP", .serialized,
           .enabled(if: LabEnvironment.Daemon.gobgp.isAvailable, Comment(rawValue: LabEnvironment.Daemon.gobgp.reason)))
    struct GoBGPInteropTests {
        static func start(_ lab: Lab, _ ns: Namespace, _ setup: PeerSetup) throws -> any PeerDaemon {
            let daemon = try lab.gobgp(in: ns, config: GoBGP.config(setup))
            for s in setup.statics { try daemon.announce(s.prefix, nextHop: s.nextHop) }
            return daemon
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
