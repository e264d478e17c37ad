/// confd's write discipline, on real files: identical output is a no-op, a failing check leaves
/// the destination untouched, the replacement is a rename (new inode, old readers unaffected),
/// the reload command runs once per change, and every error names the file and the reason.
import Foundation
import Testing
@testable import Render

@Suite struct ConfigWriterTests {
    @Test func createsAMissingFileWithMode0644() throws {
        let dir = try Scratch("create")
        let out = "\(dir.path)/bird.cfg"
        let outcome = try ConfigWriter(destination: out).write("router id 192.0.2.1;\n")
        #expect(outcome == .written(path: out, created: true, checked: false, reloaded: false))
        #expect(dir.read("bird.cfg") == "router id 192.0.2.1;\n")
        #expect(permissions(out) == 0o644)
        #expect(dir.entries == ["bird.cfg"])
    }

    @Test func identicalOutputDoesNothing() throws {
        let dir = try Scratch("same")
        let out = try dir.write("bird.cfg", "same\n")
        let before = inode(out)
        let writer = try ConfigWriter(destination: out, checkCommand: "echo checked >> \(dir.path)/log; true {{src}}",
                                      reloadCommand: "echo reloaded >> \(dir.path)/log")
        let outcome = try writer.write("same\n")
        #expect(outcome == .unchanged(path: out))
        #expect(outcome.description.contains("unchanged"))
        #expect(inode(out) == before, "an identical write must not rename")
        #expect(dir.read("log") == nil, "neither the check nor the reload may run")
        #expect(dir.entries == ["bird.cfg"])
    }

    @Test func failingCheckLeavesTheDestinationUntouched() throws {
        let dir = try Scratch("check")
        let out = try dir.write("bird.cfg", "old\n")
        let before = inode(out)
        let writer = try ConfigWriter(destination: out,
                                      checkCommand: "echo \"syntax error in $(basename {{src}})\"; exit 3",
                                      reloadCommand: "echo reloaded >> \(dir.path)/log")
        let error = #expect(throws: RenderError.self) { try writer.write("new\n") }
        guard case .checkFailed(let destination, _, let status, let output)? = error else {
            Issue.record("expected checkFailed, got \(String(describing: error))")
            return
        }
        #expect(destination == out)
        #expect(status == 3)
        #expect(output.contains("syntax error in .bird.cfg.swiftlet-"), "the check ran on the staged file: \(output)")
        #expect(error?.description.contains("destination left unchanged") == true)
        #expect(error?.description.contains("| syntax error") == true, "the check's output is shown")
        #expect(dir.read("bird.cfg") == "old\n")
        #expect(inode(out) == before)
        #expect(dir.read("log") == nil, "no reload after a failed check")
        #expect(dir.entries == ["bird.cfg"], "the staged file is removed")
    }

    @Test func checkRunsOnTheStagedFileBeforeTheRename() throws {
        let dir = try Scratch("order")
        let out = try dir.write("bird.cfg", "old\n")
        let check = "cat \(out) > \(dir.path)/seen-destination; cat {{.src}} > \(dir.path)/seen-staged"
        let outcome = try ConfigWriter(destination: out, checkCommand: check).write("new\n")
        #expect(outcome == .written(path: out, created: false, checked: true, reloaded: false))
        #expect(dir.read("seen-destination") == "old\n", "the destination is replaced only after the check")
        #expect(dir.read("seen-staged") == "new\n")
        #expect(dir.read("bird.cfg") == "new\n")
    }

    @Test func replacementIsAnAtomicRenameThatKeepsTheMode() throws {
        let dir = try Scratch("atomic")
        let out = try dir.write("bird.cfg", "old\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: out)
        let before = inode(out)
        // A reader that opened the old file keeps reading the old content: rename(2) swapped
        // the directory entry, it did not rewrite the file in place.
        let reader = try #require(FileHandle(forReadingAtPath: out))
        defer { try? reader.close() }
        try ConfigWriter(destination: out).write("new content\n")
        #expect(String(decoding: reader.readDataToEndOfFile(), as: UTF8.self) == "old\n")
        #expect(dir.read("bird.cfg") == "new content\n")
        #expect(inode(out) != before)
        #expect(permissions(out) == 0o600)
        #expect(dir.entries == ["bird.cfg"])
    }

    @Test func reloadRunsOncePerChange() throws {
        let dir = try Scratch("reload")
        let out = "\(dir.path)/bird.cfg"
        let writer = try ConfigWriter(destination: out, reloadCommand: "echo reloaded >> \(dir.path)/log")
        #expect(try writer.write("one\n") == .written(path: out, created: true, checked: false, reloaded: true))
        #expect(dir.read("log") == "reloaded\n")
        #expect(try writer.write("one\n") == .unchanged(path: out))
        #expect(dir.read("log") == "reloaded\n")
        #expect(try writer.write("two\n") == .written(path: out, created: false, checked: false, reloaded: true))
        #expect(dir.read("log") == "reloaded\nreloaded\n")
    }

    @Test func failingReloadIsReportedAfterTheReplacement() throws {
        let dir = try Scratch("reloadfail")
        let out = try dir.write("bird.cfg", "old\n")
        let writer = try ConfigWriter(destination: out, reloadCommand: "echo 'bird: not running' >&2; exit 1")
        let error = #expect(throws: RenderError.self) { try writer.write("new\n") }
        guard case .reloadFailed(_, _, 1, let output)? = error else {
            Issue.record("expected reloadFailed with status 1, got \(String(describing: error))")
            return
        }
        #expect(output.contains("bird: not running"), "stderr is captured")
        #expect(dir.read("bird.cfg") == "new\n")
    }

    @Test func checkCommandMustNameTheStagedFile() {
        let error = #expect(throws: RenderError.self) {
            try ConfigWriter(destination: "/tmp/x.cfg", checkCommand: "bird -p -c /etc/bird/bird.conf")
        }
        #expect(error?.description.contains("{{src}}") == true)
    }

    @Test func errorsNameTheFileAndTheReason() throws {
        let dir = try Scratch("errors")
        let missing = "\(dir.path)/no/such/dir/bird.cfg"
        let e1 = #expect(throws: RenderError.self) { try ConfigWriter(destination: missing).write("x") }
        #expect(e1?.description == "\(dir.path)/no/such/dir: create a staged file: No such file or directory")

        try FileManager.default.createDirectory(atPath: "\(dir.path)/a-directory", withIntermediateDirectories: false)
        let e2 = #expect(throws: RenderError.self) { try ConfigWriter(destination: "\(dir.path)/a-directory").write("x") }
        #expect(e2?.description == "\(dir.path)/a-directory: open: exists and is not a regular file")
    }

    @Test func shellQuotingSurvivesAwkwardPaths() throws {
        let dir = try Scratch("quote")
        let out = "\(dir.path)/it's a file.cfg"
        try ConfigWriter(destination: out, checkCommand: "grep -q content {{src}}").write("content\n")
        #expect(dir.read("it's a file.cfg") == "content\n")
    }
}
