/// Templates: plain-text output (no HTML escaping), every tag name checked against the schema
/// with the line and a suggestion, unsupported Mustache features refused, list helpers.
import CalicoModel
import Foundation
import Testing
@testable import Render

@Suite struct RenderTemplateTests {
    private func render(_ text: String) throws -> String {
        try Render.render(RenderTemplate(text: text, path: "t.mustache"), config: Resources.config(secrets: secrets.path))
    }

    private let secrets: Scratch

    init() throws {
        secrets = try Scratch("tmplsecrets")
        try secrets.write("bgp-secrets/tor-a", "s3cr\"t<&>\n")
    }

    @Test func outputIsNotHTMLEscaped() throws {
        let text = try render("{{#peers}}{{#hasPassword}}password \"{{password}}\";{{/hasPassword}}{{/peers}}")
        #expect(text == "password \"s3cr\"t<&>\";", "the key file's trailing newline is dropped, nothing escaped")
    }

    @Test func standaloneTagsLeaveNoBlankLines() throws {
        let text = try render("""
        router id {{routerID}};
        {{#peersV6}}
        peer {{name}}
        {{/peersV6}}
        end

        """)
        #expect(text == "router id 192.0.2.10;\npeer Node_2001_db8_100__1\nend\n")
    }

    @Test func listItemsKnowFirstAndLast() throws {
        let text = try render("{{#ignoredInterfaces}}{{#first}}[{{/first}}\"{{name}}\"{{^last}}, {{/last}}{{#last}}]{{/last}}{{/ignoredInterfaces}}")
        #expect(text == "[\"eth9\", \"veth*\"]")
    }

    @Test func unknownNameIsRefusedWithLineAndSuggestion() {
        let error = #expect(throws: RenderError.self) {
            try RenderTemplate(text: "router id {{routerID}};\n\n{{#peers}}\n{{remoteAs}}\n{{/peers}}\n", path: "bird.mustache")
        }
        #expect(error == .unknownName(path: "bird.mustache", line: 4, name: "remoteAs", suggestion: "remoteAS"))
        #expect(error?.description.contains("did you mean \"remoteAS\"") == true)
    }

    @Test func dottedNamesAndTransformsAreChecked() throws {
        _ = try RenderTemplate(text: "{{ipv4Address.cidr}} {{#peers}}{{#first()}}x{{/first()}}{{uppercased(name)}}{{/peers}}", path: "t")
        let e1 = #expect(throws: RenderError.self) { try RenderTemplate(text: "{{ipv4Address.cdir}}", path: "t") }
        #expect(e1 == .unknownName(path: "t", line: 1, name: "cdir", suggestion: "cidr"))
        let e2 = #expect(throws: RenderError.self) { try RenderTemplate(text: "{{shout(name)}}", path: "t") }
        #expect(e2?.description == "template t:1: {{shout(name)}}: unknown transform \"shout\"")
    }

    @Test func unsupportedFeaturesAreRefused() {
        for (text, reason) in [("{{> common}}", "partials are not supported"),
                               ("{{=<% %>=}}", "changing delimiters is not supported"),
                               ("{{$block}}x{{/block}}", "template inheritance is not supported")] {
            let error = #expect(throws: RenderError.self) { try RenderTemplate(text: text, path: "t") }
            #expect(error?.description.contains(reason) == true, "\(text): \(String(describing: error))")
        }
    }

    @Test func syntaxErrorsNameTheLine() {
        let error = #expect(throws: RenderError.self) {
            try RenderTemplate(text: "one\ntwo\n{{#peers}}\n{{name}}\n", path: "broken.mustache")
        }
        guard case .templateSyntax(let path, _, _, let reason)? = error else {
            Issue.record("expected a syntax error, got \(String(describing: error))")
            return
        }
        #expect(path == "broken.mustache")
        #expect(reason.contains("never closed"))
    }

    @Test func unclosedTagIsASyntaxError() {
        let error = #expect(throws: RenderError.self) { try RenderTemplate(text: "a\nb {{name", path: "t") }
        #expect(error == .templateSyntax(path: "t", line: 2, column: 1, reason: "\"{{\" is never closed by \"}}\""))
    }

    @Test func unreadableTemplateNamesTheFile() {
        let error = #expect(throws: RenderError.self) { try RenderTemplate(path: "/nonexistent/bird.cfg.mustache") }
        #expect(error?.description == "template /nonexistent/bird.cfg.mustache: cannot read: no such file")
    }

    @Test func missingPasswordFileNamesPeerAndPath() throws {
        let template = try RenderTemplate(text: "x", path: "t")
        let config = try Resources.config(secrets: "/nonexistent/secrets")
        let error = #expect(throws: RenderError.self) { try Render.render(template, config: config) }
        #expect(error?.description == "peer Global_198_51_100_1_port_1179: password file /nonexistent/secrets/bgp-secrets/tor-a: no such file (secret bgp-secrets/tor-a)")
    }

    @Test func overlongPasswordIsRefused() throws {
        let dir = try Scratch("longkey")
        try dir.write("bgp-secrets/tor-a", String(repeating: "k", count: 81))
        let template = try RenderTemplate(text: "x", path: "t")
        let error = #expect(throws: RenderError.self) { try Render.render(template, config: Resources.config(secrets: dir.path)) }
        #expect(error?.description.contains("81 bytes; TCP MD5 keys are at most 80") == true)
    }
}
