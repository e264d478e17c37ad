/// Unit tests of the speaker's configuration values (no sockets).
import NetCore
import Speaker
import Testing

@Suite struct SpeakerConfigurationTests {
    @Test func resetRulesFollowTheConnection() throws {
        let a = try #require(IPAddress("192.0.2.1"))
        let base = PeerSettings(address: a, remoteAS: 64512)
        var timers = base
        timers.holdTime = 30
        #expect(!base.needsReset(toBecome: timers))
        var asn = base
        asn.remoteAS = 64513
        #expect(base.needsReset(toBecome: asn))
        var password = base
        password.password = "secret"
        #expect(base.needsReset(toBecome: password))
    }
}
