/// `RenderTemplate`: a Mustache template file, parsed once, rendered as plain text. Variables
/// are not HTML-escaped (these are configuration files, not web pages), and every tag name is
/// checked against `ContextSchema` when the template is loaded, so a typo fails loudly instead
/// of rendering as an empty string.
import Foundation
import Mustache

public struct RenderTemplate: Sendable {
    /// Where the template came from (for messages).
    public let path: String
    private let template: MustacheTemplate

    /// swift-mustache escapes for HTML unless told otherwise; this pragma, on a line of its own
    /// before the operator's text, is removed from the output as a standalone tag.
    private static let textPragma = "{{% CONTENT_TYPE: TEXT}}\n"

    /// Reads and parses the template file at `path`.
    public init(path: String) throws(RenderError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "permission denied or not a regular file" : "no such file"
            throw .templateUnreadable(path: path, reason: reason)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .templateUnreadable(path: path, reason: "not UTF-8 text")
        }
        try self.init(text: text, path: path)
    }

    /// Parses `text`; `path` names it in messages.
    public init(text: String, path: String) throws(RenderError) {
        self.path = path
        try TemplateTags.check(text, path: path, names: ContextSchema.allNames)
        do {
            template = try MustacheTemplate(string: Self.textPragma + text)
        } catch let error as MustacheTemplate.ParserError {
            // One line was added in front of the operator's text.
            throw .templateSyntax(path: path, line: max(1, error.context.lineNumber - 1),
                                  column: error.context.columnNumber, reason: Self.explain(error.error))
        } catch {
            throw .templateSyntax(path: path, line: 1, column: 1, reason: "\(error)")
        }
    }

    /// Expands the template with `context`.
    public func render(_ context: RenderContext) -> String {
        template.render(context.root)
    }

    private static func explain(_ error: any Error) -> String {
        switch error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect?: "a section is closed with a different name than it was opened with"
        case .unfinishedName?: "a tag is not finished (missing \"}}\" or a bad name)"
        case .expectedSectionEnd?: "a section is never closed ({{/name}} missing)"
        case .invalidSetDelimiter?: "bad set-delimiter tag"
        case .invalidConfigVariableSyntax?, .unrecognisedConfigVariable?: "bad {{% … }} pragma"
        default: "\(error)"
        }
    }
}
