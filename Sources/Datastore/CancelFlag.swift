/// `CancelFlag`: a thread-safe one-way boolean (set once, read from any thread).
import Foundation

final class CancelFlag: @unchecked Sendable {
    // @unchecked Sendable: `value` is only read and written under `lock`.
    private let lock = NSLock()
    private var value = false

    var isSet: Bool { lock.withLock { value } }

    func set() { lock.withLock { value = true } }
}
