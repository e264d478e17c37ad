/// Comparing two snapshots by content: which resources were added, removed or modified.
/// Origins (file and document) are ignored: moving a resource between files changes nothing.
import CalicoModel

extension ResourceSet {
    /// Resources by key (the first one wins when a key repeats, which a validated set never has).
    var byKey: [ResourceKey: Resource] {
        Dictionary(all.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Keys whose resource differs between `self` and `other` (present in one only, or changed).
    func changedKeys(from other: ResourceSet) -> Set<ResourceKey> {
        let mine = byKey, theirs = other.byKey
        var out = Set<ResourceKey>()
        for (key, r) in mine where theirs[key] != r { out.insert(key) }
        for key in theirs.keys where mine[key] == nil { out.insert(key) }
        return out
    }

    /// Same resources, whatever files they came from.
    func sameContent(as other: ResourceSet) -> Bool { all == other.all }
}
