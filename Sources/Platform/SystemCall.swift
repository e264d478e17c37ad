/// `SystemCall`: the one place where EINTR is retried and -1/errno becomes a typed error.
import Glibc

enum SystemCall {
    /// Runs `body` until it does not fail with EINTR; -1 becomes `SystemCallError(name, errno)`.
    @inline(__always)
    static func run<R: FixedWidthInteger>(_ name: @autoclosure () -> String,
                                          _ body: () -> R) throws(SystemCallError) -> R {
        while true {
            let result = body()
            if result != -1 { return result }
            let code = Errno.current
            if code == .interrupted { continue }
            throw SystemCallError(name(), code)
        }
    }
}
