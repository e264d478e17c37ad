/// `swiftletctl mrt FILE`: prints an MRT file (RFC 6396; gzip or plain) one line per prefix in
/// the format of `bgpdump -m`, or counts with `--summary`. The work is in `MRTFile` and `MRT`.
import ArgumentParser
import MRT
import MRTFile

struct MRTCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mrt",
        abstract: "Decode an MRT file (RFC 6396) like `bgpdump -m`.",
        discussion: """
            Reads TABLE_DUMP, TABLE_DUMP_V2 and BGP4MP/BGP4MP_ET records (gzip or plain) and prints \
            one line per prefix, byte for byte as `bgpdump -m` does. On a truncated or corrupt file \
            the lines decoded so far are printed, then the problem and its byte offset go to \
            standard error and the exit status is 1.
            """)

    @Argument(help: "The MRT file (gzip-compressed or plain).")
    var file: String

    @Flag(name: .long, help: "Print counts (records, messages, prefixes, attribute sets, peers) instead of lines.")
    var summary = false

    @Flag(name: [.customShort("l"), .customLong("large-communities")],
          help: "Add a large-communities field after the communities field (bgpdump -l).")
    var largeCommunities = false

    func run() throws {
        let out = FileDescriptorOutput.standardOutput
        let mode: MRTDecoder.Mode = summary ? .summary : .lines(largeCommunities: largeCommunities)
        do throws(MRTFileError) {
            let counts = try MRTFileDecoder.decode(path: file, mode: mode) { block throws(MRTFileError) in
                try out.write(block)
            }
            if summary { try out.write(Array(counts.render().utf8)) }
        } catch {
            try? FileDescriptorOutput(fd: 2).write(Array("swiftletctl mrt: \(file): \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
