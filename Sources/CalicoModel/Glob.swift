/// Shell-style `*` globbing as BIRD applies it to interface names (`eth*`, `*.calico`).

enum Glob {
    static func matches(_ pattern: String, _ text: String) -> Bool {
        matches(Array(pattern), 0, Array(text), 0)
    }

    private static func matches(_ p: [Character], _ i: Int, _ t: [Character], _ j: Int) -> Bool {
        if i == p.count { return j == t.count }
        if p[i] == "*" {
            var k = j
            while k <= t.count {
                if matches(p, i + 1, t, k) { return true }
                k += 1
            }
            return false
        }
        return j < t.count && (p[i] == "?" || p[i] == t[j]) && matches(p, i + 1, t, j + 1)
    }
}
