/// The intern table's handle index (`AttributeIndex`): lookups after removals inside probe
/// chains, chains wrapping past the last bucket, and the table under thousands of sets.
import BGPWire
import Testing
@testable import RIB

@Suite struct AttributeIndexTests {
    /// A hash whose tag (high 32 bits) is `tag`; the home bucket is `tag & (buckets - 1)`.
    private func hash(_ tag: UInt32, low: UInt32 = 0) -> Int { Int(bitPattern: UInt(tag) << 32 | UInt(low)) }

    @Test func removalInsideAChainKeepsTheRestFindable() {
        var index = AttributeIndex()
        // Five handles with one home bucket (15, the last of 16): the chain wraps to 0…3.
        for h in 0..<5 { index.insert(AttributeHandle(rawValue: UInt32(h)), hash: hash(15)) }
        // One more whose home (0) lies inside the wrapped chain.
        index.insert(AttributeHandle(rawValue: 9), hash: hash(16))
        #expect(index.count == 6)
        index.remove(AttributeHandle(rawValue: 1), hash: hash(15))
        index.remove(AttributeHandle(rawValue: 3), hash: hash(15))
        #expect(index.count == 4)
        for h: UInt32 in [0, 2, 4] {
            #expect(index.find(hash: hash(15)) { $0.rawValue == h } == AttributeHandle(rawValue: h))
        }
        #expect(index.find(hash: hash(16)) { $0.rawValue == 9 } == AttributeHandle(rawValue: 9))
        #expect(index.find(hash: hash(15)) { $0.rawValue == 1 } == nil)
        #expect(index.find(hash: hash(15)) { $0.rawValue == 3 } == nil)
        // Removing what is not there changes nothing.
        index.remove(AttributeHandle(rawValue: 7), hash: hash(15))
        #expect(index.count == 4)
    }

    @Test func tableFindsEveryLiveSetAfterManyReleases() {
        var table = AttributeTable()
        let sets = (0..<5000).map { AttributeSet(med: UInt32($0)) }
        var handles = sets.map { table.intern($0) }
        #expect(table.count == 5000)
        // Release every third set, in a scrambled order, then intern some again.
        var released: [Int] = []
        var i = 0
        for _ in 0..<5000 {
            i = (i + 2_711) % 5000
            if i % 3 == 0 { table.release(handles[i]); released.append(i) }
        }
        for (n, k) in sets.indices.enumerated() {
            #expect(table.handle(of: sets[k]) == (k % 3 == 0 ? nil : handles[k]), "set \(n)")
        }
        for k in released.prefix(100) { handles[k] = table.intern(sets[k]) }
        for k in released.prefix(100) { #expect(table.handle(of: sets[k]) == handles[k] && table[handles[k]] == sets[k]) }
        #expect(table.count == 5000 - released.count + 100)
    }
}
