/// Timer jitter of RFC 4271 §10: a factor in 0.75…1.0, fresh each time, reproducible by seed.
import Testing
@testable import BGPSession

@Suite("Jitter (RFC 4271 §10)")
struct JitterTests {
    @Test func factorStaysWithinThreeQuartersAndOne() {
        var jitter = Jitter(seed: 42)
        var seen = Set<Duration>()
        for _ in 0..<10_000 {
            let d = jitter.apply(to: .seconds(120))
            #expect(d >= .seconds(90) && d <= .seconds(120))
            seen.insert(d)
        }
        #expect(seen.count > 200)          // a new value each time, spread over the range
        #expect(seen.contains(.seconds(120)) && seen.contains(.seconds(90)))
    }

    @Test func sameSeedSameSequence() {
        var a = Jitter(seed: 7), b = Jitter(seed: 7), c = Jitter(seed: 8)
        let first = (0..<20).map { _ in a.apply(to: .seconds(120)) }
        #expect(first == (0..<20).map { _ in b.apply(to: .seconds(120)) })
        #expect(first != (0..<20).map { _ in c.apply(to: .seconds(120)) })
    }

    @Test func disabledIsExact() {
        var j = Jitter.disabled
        #expect(j.apply(to: .seconds(120)) == .seconds(120))
    }

    /// The FSM jitters ConnectRetryTimer and KeepaliveTimer, never the HoldTimer.
    @Test func fsmJittersConnectRetryAndKeepalive() {
        var fsm = SessionFSM(configuration: Fixture.configuration(), jitter: Jitter(seed: 1))
        var durations: [SessionFSM.Timer: Duration] = [:]
        for event in Given.openConfirm.events {
            for case .startTimer(let t, let d) in fsm.handle(event) { durations[t] = d }
        }
        let retry = durations[.connectRetry] ?? .zero, keepalive = durations[.keepalive] ?? .zero
        #expect(retry >= .seconds(90) && retry <= .seconds(120))
        #expect(keepalive >= .milliseconds(22_500) && keepalive <= .seconds(30))
        #expect(durations[.hold] == .seconds(90))
    }
}
