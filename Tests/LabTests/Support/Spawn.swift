/// posix_spawn with a clean signal state. Foundation's Process hands its child the signal mask
/// of the thread that spawns it, and test threads (Dispatch workers) block SIGTERM: BIRD
/// started that way ignores SIGTERM. Here the child gets an empty mask and default handlers,
/// and the caller reaps it with waitpid.
import Foundation
import Glibc

enum Spawn {
    /// Starts `executable` with `arguments` (argv[1…]); stdin is /dev/null, stdout goes to
    /// `output` and stderr to `errors` (or also to `output`). Returns the child's PID.
    static func start(_ executable: String, _ arguments: [String], output: Int32, errors: Int32? = nil) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, errors ?? output, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) }
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = (argv + [nil]).withUnsafeBufferPointer { args -> Int32 in
            guard let base = args.baseAddress else { return EINVAL }
            return posix_spawn(&pid, executable, &actions, &attributes, base, environ)
        }
        guard rc == 0 else { throw LabError("cannot start \(executable): \(String(cString: strerror(rc)))") }
        return pid
    }

    /// The exit status once `pid` has ended (reaping it), or nil while it runs.
    static func poll(_ pid: pid_t) -> Int32? {
        var status: Int32 = 0
        let r = waitpid(pid, &status, WNOHANG)
        if r == 0 { return nil }
        if r < 0 { return -1 }  // already reaped or not our child
        return exitCode(status)
    }

    /// Waits for `pid` to end and returns its exit status (128+signal when killed).
    static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return -1 }
        }
        return exitCode(status)
    }

    private static func exitCode(_ status: Int32) -> Int32 {
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}
