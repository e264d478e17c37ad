/// Reads a file's bytes, plain or gzip-compressed (RFC 1952, several members allowed), in
/// chunks, with zlib's inflate for the compressed case.
import CZlib
import Glibc

final class ByteSource {
    private let path: String
    private let fd: Int32
    private var isGzip = false
    private var zs = z_stream()
    private var zInitialized = false
    private var inBuffer = [UInt8](repeating: 0, count: 256 * 1024)
    private var inStart = 0, inEnd = 0
    /// Compressed bytes consumed so far (for error offsets).
    private var compressedOffset = 0
    private var decompressedOffset = 0
    private var eof = false
    private var memberEnded = false

    init(path: String) throws(MRTFileError) {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .open(path: path, reason: errnoText(errno)) }
        self.fd = fd
        try fill()
        if inEnd - inStart >= 2, inBuffer[inStart] == 0x1f, inBuffer[inStart + 1] == 0x8b {
            isGzip = true
            try startMember()
        }
    }

    deinit {
        if zInitialized { inflateEnd(&zs) }
        close(fd)
    }

    /// Refills the input buffer when it is empty; sets `eof` at the end of the file.
    private func fill() throws(MRTFileError) {
        guard inStart == inEnd, !eof else { return }
        inStart = 0
        inEnd = 0
        while true {
            let n = inBuffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .read(path: path, reason: errnoText(errno))
            }
            if n == 0 { eof = true }
            inEnd = n
            return
        }
    }

    private func startMember() throws(MRTFileError) {
        if zInitialized {
            inflateReset(&zs)
        } else {
            zs = z_stream()
            // 15 + 16: gzip wrapper only (RFC 1952), largest window.
            let rc = inflateInit2_(&zs, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
            guard rc == Z_OK else {
                throw .gzip(reason: "zlib inflateInit2 failed (\(rc))", compressedOffset: 0, decompressedOffset: 0)
            }
            zInitialized = true
        }
        memberEnded = false
    }

    /// Appends up to `max` bytes to `buffer`; returns how many (0 only at the end of the data).
    func read(appendingTo buffer: inout [UInt8], max: Int) throws(MRTFileError) -> Int {
        if let e = pendingError {
            pendingError = nil
            throw e
        }
        if !isGzip {
            try fill()
            let n = min(max, inEnd - inStart)
            buffer.append(contentsOf: inBuffer[inStart..<(inStart + n)])
            inStart += n
            return n
        }
        let before = buffer.count
        buffer.reserveCapacity(before + max)
        var produced = 0
        while produced < max {
            if memberEnded {
                // Another member follows only if the next bytes are a gzip header.
                try fill()
                if inStart == inEnd { break }
                if inBuffer[inStart] != 0x1f { eof = true; inStart = inEnd; break }
                try startMember()
            }
            try fill()
            if inStart == inEnd {
                // The file ends inside a member.
                if produced > 0 { break }
                throw .gzip(reason: "the compressed stream ends before its end marker (truncated file?)",
                            compressedOffset: compressedOffset, decompressedOffset: decompressedOffset)
            }
            let want = max - produced
            let oldCount = buffer.count
            buffer.append(contentsOf: repeatElement(0, count: want))
            var rc: Int32 = 0
            var consumed = 0, wrote = 0
            inBuffer.withUnsafeMutableBufferPointer { inp in
                buffer.withUnsafeMutableBufferPointer { outp in
                    zs.next_in = inp.baseAddress.map { $0 + inStart }
                    zs.avail_in = UInt32(inEnd - inStart)
                    zs.next_out = outp.baseAddress.map { $0 + oldCount }
                    zs.avail_out = UInt32(want)
                    rc = inflate(&zs, Z_NO_FLUSH)
                    consumed = (inEnd - inStart) - Int(zs.avail_in)
                    wrote = want - Int(zs.avail_out)
                }
            }
            buffer.removeLast(want - wrote)
            inStart += consumed
            compressedOffset += consumed
            decompressedOffset += wrote
            produced += wrote
            switch rc {
            case Z_OK, Z_BUF_ERROR:
                if consumed == 0 && wrote == 0 && rc == Z_BUF_ERROR && inStart < inEnd {
                    throw .gzip(reason: "zlib made no progress", compressedOffset: compressedOffset, decompressedOffset: decompressedOffset)
                }
            case Z_STREAM_END:
                memberEnded = true
            default:
                let message = zs.msg.map { String(cString: $0) } ?? "zlib error \(rc)"
                if produced > 0 {
                    // Hand on what decoded cleanly; the error comes with the next read.
                    pendingError = .gzip(reason: message, compressedOffset: compressedOffset, decompressedOffset: decompressedOffset)
                    return buffer.count - before
                }
                throw .gzip(reason: message, compressedOffset: compressedOffset, decompressedOffset: decompressedOffset)
            }
        }
        return buffer.count - before
    }

    private var pendingError: MRTFileError? = nil
}
