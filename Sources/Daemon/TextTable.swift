/// `TextTable`: left-aligned columns padded to their widest cell, as `birdc show protocols`
/// prints them, and the small formatting helpers the control tables share.
import Foundation

public struct TextTable {
    public var header: [String]
    public var rows: [[String]] = []

    public init(_ header: [String]) { self.header = header }

    public mutating func add(_ row: [String]) { rows.append(row) }

    /// The table as text, one line per row, trailing spaces removed.
    public var text: String {
        let all = [header] + rows
        let widths = header.indices.map { i in all.map { i < $0.count ? $0[i].count : 0 }.max() ?? 0 }
        return all.map { row in
            let cells = row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }
            var line = cells.joined(separator: "  ")
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }.joined(separator: "\n") + "\n"
    }

    /// "3d04h", "1h02m", "5m03s", "42s".
    public static func duration(_ seconds: Double) -> String {
        let s = max(0, Int(seconds))
        if s >= 86_400 { return String(format: "%dd%02dh", s / 86_400, s % 86_400 / 3600) }
        if s >= 3600 { return String(format: "%dh%02dm", s / 3600, s % 3600 / 60) }
        if s >= 60 { return String(format: "%dm%02ds", s / 60, s % 60) }
        return "\(s)s"
    }

    /// "2024-05-01 12:00:00" in local time.
    public static func time(_ date: Date) -> String {
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return f.string(from: date)
    }
}
