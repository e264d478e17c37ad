/// swiftletctl's entry point: lets the control options come before the subcommand
/// (`swiftletctl --socket PATH peers`, as the usage reads) by moving them after its name,
/// where ArgumentParser's subcommand parses them; then runs the command as usual.
import ArgumentParser

extension SwiftletCtl {
    static func main() {
        main(reordered(Array(CommandLine.arguments.dropFirst())))
    }

    /// Options that take a value and may come before the subcommand (`swiftletctl --datastore
    /// etcd:URL get bgppeers`, as calicoctl's usage reads).
    static let leadingOptions = ["--socket", "--datastore", "--etcd-prefix", "--etcd-ca-cert-file", "--etcd-cert-file",
                                 "--etcd-key-file", "--etcd-username"]

    /// `--socket P` / `--socket=P` / `--json` (and the datastore options) given before the
    /// subcommand move after it.
    static func reordered(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            if leadingOptions.contains(a), i + 1 < arguments.count {
                leading += [a, arguments[i + 1]]; i += 2
            } else if leadingOptions.contains(where: { a.hasPrefix($0 + "=") }) || a == "--json" {
                leading.append(a); i += 1
            } else {
                break
            }
        }
        guard !leading.isEmpty, i < arguments.count else { return arguments }
        return [arguments[i]] + leading + arguments[(i + 1)...]
    }
}
