/// Decodes `metadata`: name (required), labels, annotations; server-set fields and namespace
/// are accepted and ignored.

enum MetadataDecoder {
    static let ignored = ["namespace", "resourceVersion", "uid", "creationTimestamp", "generation",
                          "managedFields", "finalizers", "ownerReferences", "generateName", "selfLink"]

    static func decode(_ reader: FieldReader?) -> ObjectMeta? {
        guard let reader else { return nil }
        let name = reader.requiredString("name")
        let labels = reader.stringMap("labels")
        let annotations = reader.stringMap("annotations")
        for key in ignored { reader.ignore(key) }
        reader.finish()
        guard let name else { return nil }
        return ObjectMeta(name: name, labels: labels, annotations: annotations)
    }
}
