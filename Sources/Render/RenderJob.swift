/// `RenderJob`: one file of one node — compute the node's desired configuration from the
/// resources, render the template, write it with `ConfigWriter`. `swiftletctl render` runs it
/// once, and again on every datastore change with `--watch`.
import CalicoModel

public struct RenderJob: Sendable {
    public let template: RenderTemplate
    public let node: String
    public let secretsDirectory: String
    public let writer: ConfigWriter
    public let secrets: SecretReader

    public init(template: RenderTemplate, node: String, secretsDirectory: String, writer: ConfigWriter,
                secrets: SecretReader = SecretReader()) {
        self.template = template
        self.node = node
        self.secretsDirectory = secretsDirectory
        self.writer = writer
        self.secrets = secrets
    }

    /// Renders and writes; what the write did, or why nothing could be written.
    @discardableResult
    public func run(_ resources: ResourceSet) throws(RenderError) -> ConfigWriter.Outcome {
        let config: DesiredNodeConfig
        do {
            config = try DesiredNodeConfig.compute(resources: resources, nodeName: node, secretsDirectory: secretsDirectory)
        } catch {
            throw .nodeConfiguration(node: node, reason: error.description)
        }
        return try writer.write(Render.render(template, config: config, secrets: secrets))
    }
}
