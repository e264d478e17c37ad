/// `PrefixTable`, the RIB's per-prefix hash table, against a `Dictionary` doing the same
/// inserts, replacements and removals (removal shifts entries back inside clusters, which is
/// where an open-addressing table goes wrong).
import NetCore
import Testing
@testable import RIB

@Suite struct PrefixTableTests {
    private func key(_ n: UInt32, length: UInt8 = 32) -> PrefixKey<IPv4Prefix> {
        PrefixKey(IPv4Prefix(address: IPv4Address(rawValue: n), length: length)!)
    }

    @Test func matchesADictionaryThroughGrowthAndRemovals() {
        var table = PrefixTable<IPv4Prefix, UInt32>(filler: 0)
        var reference: [PrefixKey<IPv4Prefix>: UInt32] = [:]
        // A fixed pseudo-random sequence (LCG): inserts, replacements, removals, in place
        // (`&table[key]`), through `update` and through the setter.
        var state: UInt32 = 12_345
        for step in 0..<60_000 {
            state = state &* 1_664_525 &+ 1_013_904_223
            let k = key(state >> 20)  // 4,096 distinct keys: many hit existing entries
            switch step % 5 {
            case 0, 1:
                #expect(table.updateValue(UInt32(step), forKey: k) == reference.updateValue(UInt32(step), forKey: k))
            case 2:
                #expect(table.removeValue(forKey: k) == reference.removeValue(forKey: k))
            case 3:
                Self.bump(&table[k])
                Self.bump(&reference[k])
            default:
                table[k] = nil
                reference[k] = nil
            }
            #expect(table.count == reference.count)
        }
        for n in UInt32(0)..<4096 { #expect(table[key(n)] == reference[key(n)]) }
        var seen: [PrefixKey<IPv4Prefix>: UInt32] = [:]
        for (k, v) in table { seen[k] = v }
        #expect(seen == reference)
        #expect(Set(table.keys) == Set(reference.keys))
    }

    /// Adds 1, or stores 1 when absent; removes at 3 (an in-place removal).
    private static func bump(_ slot: inout UInt32?) {
        let next = (slot ?? 0) + 1
        slot = next >= 3 ? nil : next
    }

    @Test func growsPastManyEntriesAndEmpties() {
        var table = PrefixTable<IPv4Prefix, UInt32>(filler: 0)
        for n in UInt32(0)..<100_000 { table[key(n << 8, length: 24)] = n }
        #expect(table.count == 100_000)
        for n in UInt32(0)..<100_000 where n % 2 == 0 { _ = table.removeValue(forKey: key(n << 8, length: 24)) }
        #expect(table.count == 50_000)
        for n in UInt32(0)..<100_000 {
            #expect(table[key(n << 8, length: 24)] == (n % 2 == 0 ? nil : n))
        }
        // The same address with another length is another key.
        #expect(table[key(1 << 8, length: 25)] == nil)
        table.removeAll()
        #expect(table.isEmpty && table[key(1 << 8, length: 24)] == nil)
    }
}
