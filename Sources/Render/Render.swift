/// Render: text templates of a node's desired configuration, written confd's way.
///
/// What it owns: the template context built from CalicoModel's `DesiredNodeConfig` (the
/// operator's API, documented field by field in docs/render.md), Mustache templates rendered as
/// plain text (swift-mustache, no HTML escaping) with every tag name checked against that
/// context, and `ConfigWriter`, confd's write discipline: stage the output next to the
/// destination, compare, run a check command on the staged file, rename(2) it over the
/// destination, run a reload command. Identical output does nothing. `RenderJob` ties the three
/// together for one node and one file (what `swiftletctl render` runs).
///
/// What it never does: decide BGP semantics (CalicoModel does), or talk to a datastore (the
/// caller hands it a `ResourceSet` or a `DesiredNodeConfig`).
import CalicoModel
import Mustache

public enum Render {
    /// Renders `template` for `config`: builds the context (reading password keys from their
    /// files) and expands the template. The caller writes the result with `ConfigWriter`.
    public static func render(_ template: RenderTemplate, config: DesiredNodeConfig,
                              secrets: SecretReader = SecretReader()) throws(RenderError) -> String {
        let context = try RenderContext(config, secrets: secrets)
        return template.render(context)
    }
}
