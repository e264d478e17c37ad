/// `swiftletctl render --template T --out F --node NAME [--check-command C] [--reload-command C]
/// [--datastore file:DIR|etcd:URL] [--secrets-dir D] [--watch]`: renders the node's desired
/// configuration through a Mustache template and writes it confd's way (stage, compare, check,
/// atomic rename, reload; identical output does nothing). With --watch it keeps running and
/// re-renders on every validated change of the datastore. The logic is in the `Render` module;
/// docs/render.md documents the command, the write discipline and every template field.
import ArgumentParser
import CalicoModel
import Datastore
import Dispatch
import Foundation
import Render

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a node's configuration through a Mustache template and write it confd's way.")

    @Option(name: .long, help: "Mustache template file (e.g. config/templates/bird.cfg.mustache).")
    var template: String

    @Option(name: .long, help: "Destination file; replaced atomically, only when the output changed.")
    var out: String

    @Option(name: .long, help: "The Node whose configuration is rendered.")
    var node: String

    @Option(name: .long, help: "Run on the staged file before it replaces --out; {{src}} is its path (e.g. 'bird -p -c {{src}}').")
    var checkCommand: String?

    @Option(name: .long, help: "Run once after --out was replaced (e.g. 'birdc configure').")
    var reloadCommand: String?

    @OptionGroup var datastore: DatastoreOptions

    @Option(name: .long, help: "Where BGP password Secrets are mounted (<dir>/<secret>/<key>).")
    var secretsDir = "/etc/swiftlet/secrets"

    @Flag(name: .long, help: "Keep running and re-render on every change of the datastore.")
    var watch = false

    func run() throws {
        let job: RenderJob
        do {
            job = RenderJob(template: try RenderTemplate(path: template), node: node, secretsDirectory: secretsDir,
                            writer: try ConfigWriter(destination: out, checkCommand: checkCommand, reloadCommand: reloadCommand))
        } catch {
            RenderOutput.fail(error.description)
            throw ExitCode(2)
        }
        let store = try datastore.open()
        let listed: (resources: ResourceSet, revision: Int64)
        do { listed = try store.list() } catch {
            RenderOutput.fail("datastore \(try datastore.location()): \(error)")
            throw ExitCode(1)
        }
        let ok = job.runAndReport(listed.resources)
        guard watch else {
            if !ok { throw ExitCode(1) }
            return
        }
        let queue = DispatchQueue(label: "swiftletctl.render")
        // Kept for the life of the process: dropping the handle does not cancel, but holding it
        // says the watch is meant to run until the process is stopped.
        let handle = store.watch(from: listed.revision, on: queue) { event in
            switch event {
            case .changed(let snapshot, let revision, _):
                RenderOutput.say("revision \(revision): re-rendering")
                _ = job.runAndReport(snapshot)
            case .invalid, .unavailable:
                RenderOutput.fail("datastore \(event); the last rendered file stays in place")
            case .recovered:
                RenderOutput.say("datastore recovered")
            }
        }
        withExtendedLifetime(handle) { dispatchMain() }
    }
}

/// Output of the command: outcomes on stdout, problems on stderr, each written at once (not
/// through print's buffer) because a watch runs until killed and its log must be complete.
enum RenderOutput {
    static func say(_ message: String) {
        FileHandle.standardOutput.write(Data("\(message)\n".utf8))
    }

    static func fail(_ message: String) {
        FileHandle.standardError.write(Data("swiftletctl render: \(message)\n".utf8))
    }
}

extension RenderJob {
    /// Runs the job and reports; false on error (the caller decides whether that ends the process).
    func runAndReport(_ resources: ResourceSet) -> Bool {
        do {
            RenderOutput.say(try run(resources).description)
            return true
        } catch {
            RenderOutput.fail(error.description)
            return false
        }
    }
}
