/// `RefusalCounters`: connections refused because their source is not a configured peer,
/// counted per address and in total, with the decision whether to log one (at most once per
/// address per interval, so a scanner cannot flood the log).
import NetCore

public struct RefusalCounters: Hashable, Sendable {
    /// Every refused connection.
    public private(set) var total = 0
    /// Refusals per source address (at most `maximumTrackedAddresses` addresses).
    public private(set) var byAddress: [IPAddress: Int] = [:]
    /// Refusals from addresses beyond the tracked ones.
    public private(set) var untracked = 0
    /// When each address was last logged.
    private var lastLogged: [IPAddress: ContinuousClock.Instant] = [:]

    public let logInterval: Duration
    public let maximumTrackedAddresses: Int

    public init(logInterval: Duration = .seconds(60), maximumTrackedAddresses: Int = 4096) {
        self.logInterval = logInterval
        self.maximumTrackedAddresses = maximumTrackedAddresses
    }

    /// Counts one refusal from `address` at `now`; true when it should be logged (first time,
    /// or `logInterval` after the last logged one).
    public mutating func record(_ address: IPAddress, at now: ContinuousClock.Instant) -> Bool {
        total += 1
        if let n = byAddress[address] {
            byAddress[address] = n + 1
        } else if byAddress.count < maximumTrackedAddresses {
            byAddress[address] = 1
        } else {
            untracked += 1
        }
        if let last = lastLogged[address], now - last < logInterval { return false }
        if lastLogged.count >= maximumTrackedAddresses {
            lastLogged = lastLogged.filter { now - $0.value < logInterval }
            // Still full: every entry is recent; refuse to grow, log nothing for this one.
            if lastLogged.count >= maximumTrackedAddresses { return false }
        }
        lastLogged[address] = now
        return true
    }
}
