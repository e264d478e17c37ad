/// MRTFile: the I/O half of MRT reading. Opens a file, gunzips it with zlib when it starts with
/// the gzip magic (RFC 1952 §2.3.1; several members are read one after another, as gzip(1)
/// does), streams the decompressed bytes through `MRTDecoder` in chunks (a large file is never
/// held whole in memory) and writes the output in large blocks.
///
/// Owns: file descriptors, zlib, writing to an fd. Never: parsing (that is `MRT`).
import CZlib
import Glibc
import MRT

/// What can stop decoding a file.
public enum MRTFileError: Error, CustomStringConvertible, Sendable {
    case open(path: String, reason: String)
    case read(path: String, reason: String)
    /// A corrupt or truncated gzip stream; `decompressedOffset` is where the good data ends.
    case gzip(reason: String, compressedOffset: Int, decompressedOffset: Int)
    case mrt(MRTError)
    case write(reason: String)

    public var description: String {
        switch self {
        case let .open(path, reason): "cannot open \(path): \(reason)"
        case let .read(path, reason): "cannot read \(path): \(reason)"
        case let .gzip(reason, c, d):
            "gzip stream is bad at compressed byte offset \(c) (decompressed byte offset \(d)): \(reason)"
        case .mrt(let e): e.description
        case .write(let reason): "cannot write output: \(reason)"
        }
    }
}

func errnoText(_ e: Int32) -> String {
    guard let s = strerror(e) else { return "errno \(e)" }
    return String(cString: s)
}

/// Decodes MRT files.
public enum MRTFileDecoder {
    /// Output is handed on in blocks of about this size.
    public static let outputBlock = 1 << 20
    /// Decompressed bytes are read in chunks of this size.
    public static let inputChunk = 1 << 20

    /// Decodes `path`, calling `flush` with each block of output (and once more at the end).
    /// Output decoded before an error has been flushed when the error is thrown.
    public static func decode(path: String, mode: MRTDecoder.Mode,
                              flush: ([UInt8]) throws(MRTFileError) -> Void) throws(MRTFileError) -> MRTSummary {
        let source = try ByteSource(path: path)
        var decoder = MRTDecoder(mode: mode)
        var buffer = [UInt8]()
        buffer.reserveCapacity(inputChunk * 2)
        var out = [UInt8]()
        out.reserveCapacity(outputBlock + 64 * 1024)
        var streamOffset = 0
        while true {
            let readResult: Result<Int, MRTFileError>
            do throws(MRTFileError) {
                readResult = .success(try source.read(appendingTo: &buffer, max: inputChunk))
            } catch {
                readResult = .failure(error)
            }
            // Decode every whole record read so far, handing output on in blocks.
            var used = 0
            while true {
                var decodeError: MRTError? = nil
                let n = buffer.withUnsafeBufferPointer { p -> Int in
                    do throws(MRTError) {
                        return try decoder.consume(UnsafeBufferPointer(rebasing: p[used...]), streamOffset: streamOffset + used,
                                                   into: &out, outputLimit: outputBlock)
                    } catch {
                        decodeError = error
                        return 0
                    }
                }
                used += n
                if let e = decodeError {
                    try flush(out)
                    throw .mrt(e)
                }
                guard out.count >= outputBlock else { break }
                try flush(out)
                out.removeAll(keepingCapacity: true)
            }
            streamOffset += used
            buffer.removeFirst(used)
            switch readResult {
            case .failure(let e):
                try flush(out)
                throw e
            case .success(let n) where n == 0:
                try flush(out)
                do throws(MRTError) {
                    try buffer.withUnsafeBufferPointer { p throws(MRTError) in
                        try decoder.finish(p, streamOffset: streamOffset)
                    }
                } catch {
                    throw .mrt(error)
                }
                return decoder.summary
            case .success:
                continue
            }
        }
    }

    /// Decodes `path` into memory (for tests and small files).
    public static func decodeToMemory(path: String, mode: MRTDecoder.Mode) -> (output: [UInt8], summary: MRTSummary?, error: MRTFileError?) {
        var all = [UInt8]()
        do throws(MRTFileError) {
            let summary = try decode(path: path, mode: mode) { block in all.append(contentsOf: block) }
            return (all, summary, nil)
        } catch {
            return (all, nil, error)
        }
    }
}

/// Writes whole blocks to a file descriptor, retrying on EINTR and short writes.
public struct FileDescriptorOutput: Sendable {
    public let fd: Int32
    public init(fd: Int32) { self.fd = fd }
    public static let standardOutput = FileDescriptorOutput(fd: 1)

    public func write(_ bytes: [UInt8]) throws(MRTFileError) {
        var failure: Int32 = 0
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                // baseAddress is non-nil: raw.count > 0 inside this loop.
                let n = Glibc.write(fd, raw.baseAddress.map { $0 + offset }, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += n
            }
        }
        if failure != 0 { throw .write(reason: errnoText(failure)) }
    }
}

extension MRTFileDecoder {
    /// The whole content of `path`, gunzipped when it is gzip (for tests and tools).
    public static func readAll(path: String) throws(MRTFileError) -> [UInt8] {
        let source = try ByteSource(path: path)
        var all = [UInt8]()
        while try source.read(appendingTo: &all, max: inputChunk) > 0 {}
        return all
    }
}
