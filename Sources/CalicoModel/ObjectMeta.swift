/// Kubernetes-style metadata of a Calico resource: name, labels and annotations.

public struct ObjectMeta: Hashable, Sendable {
    public var name: String
    public var labels: [String: String]
    public var annotations: [String: String]

    public init(name: String, labels: [String: String] = [:], annotations: [String: String] = [:]) {
        self.name = name
        self.labels = labels
        self.annotations = annotations
    }
}
