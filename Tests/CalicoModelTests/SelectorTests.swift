/// Calico selector grammar and evaluation, with examples from Calico's documentation.
import CalicoModel
import Testing

@Suite struct SelectorTests {
    let labels = ["type": "webserver", "deployment": "prod", "rack": "r1", "route-reflector": "true"]

    @Test(arguments: [
        ("all()", true), ("global()", true), ("has(type)", true), ("!has(type)", false),
        ("has(missing)", false), ("type == 'webserver'", true), ("type == \"db\"", false),
        ("type != 'db'", true), ("missing != 'x'", true), ("deployment in {'prod', 'staging'}", true),
        ("deployment not in {'prod'}", false), ("missing not in {'a'}", true), ("missing in {'a'}", false),
        ("type == 'webserver' && deployment == 'prod'", true), ("type == 'db' || rack == 'r1'", true),
        ("!(type == 'db' || rack == 'r2')", true), ("type contains 'web'", true),
        ("type starts with 'web'", true), ("type ends with 'server'", true), ("route-reflector == 'true'", true),
        ("has(type) && !has(missing) && (rack in {'r1'} || rack == 'r9')", true),
    ])
    func evaluates(_ source: String, _ expected: Bool) throws {
        #expect(try Selector(source).matches(labels) == expected, "\(source)")
    }

    @Test func precedenceAndBindsTighterThanOr() throws {
        let s = try Selector("a == 'x' || b == 'y' && c == 'z'")
        #expect(s.matches(["a": "x"]))
        #expect(!s.matches(["b": "y"]))
    }

    @Test(arguments: [
        ("", 1, "a label"), ("has(", 5, "a label name"), ("type ==", 8, "a quoted value"),
        ("type == 'x", 9, "closing '"), ("type = 'x'", 6, "a label, a quoted value or an operator"),
        ("a in {'x',}", 11, "a quoted value"), ("all() extra", 7, "'&&', '||' or end of selector"),
        ("(has(a)", 8, "')'"),
    ])
    func errorsSayWhereAndWhat(_ source: String, _ position: Int, _ expected: String) {
        do {
            _ = try Selector(source)
            Issue.record("\(source) parsed")
        } catch {
            #expect(error.offset + 1 == position, "\(source): \(error)")
            #expect(error.expected.hasPrefix(expected), "\(source): \(error)")
        }
    }

    @Test func canonicalFormRoundTrips() throws {
        let s = try Selector("deployment in {'b', \"a\"} && !has(x)")
        #expect(s.description == "(deployment in {\"a\", \"b\"} && !has(x))")
        #expect(try Selector(s.description).expression == s.expression)
    }
}
