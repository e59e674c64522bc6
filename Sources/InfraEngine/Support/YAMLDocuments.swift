import Yams

/// Yams's entry points with the default encoding worked out once: `Parser.Encoding.default`
/// reads the whole process environment on every call (for `YAMS_DEFAULT_ENCODING`), which
/// was half the cost of reading a thousand small manifests.
enum YAMLDocuments {
    // A two-case enum with a String raw value: immutable, whatever Yams declares.
    nonisolated(unsafe) static let encoding = Parser.Encoding.default

    /// Every document of `text`, composed lazily (see `YamlSequence`).
    static func composeAll(_ text: String, _ resolver: Resolver = .default) throws -> YamlSequence<Node> {
        try Yams.compose_all(yaml: text, resolver, .default, encoding)
    }

    /// The first document of `text`.
    static func compose(_ text: String, _ resolver: Resolver = .default) throws -> Node? {
        try Yams.compose(yaml: text, resolver, .default, encoding)
    }
}
