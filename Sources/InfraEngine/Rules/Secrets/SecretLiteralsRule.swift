/// The first rule of a plan: literal credentials in scripts are read from the environment
/// before any other rule patches those scripts. Another rule's patch of a short script
/// would carry the literal as diff context and fail validation (`SecretCheck`); once the
/// literal is gone, every later patch is clean. `SecretsRule` reports the findings (this
/// rule has none) and does the rest of the secrets work in its usual place.
public struct SecretLiteralsRule: Rule {
    /// The secrets rule's id: its operations fix that rule's findings.
    public let id = "secrets"
    public let purpose = "Literal credentials in scripts are read from the environment before other rules touch those scripts."

    public init() {}

    public func findings(in reality: RepoReality) -> [Finding] { [] }

    public func operations(in context: RuleContext) -> [OperationDraft] {
        let leaks = SecretsRule().leaks(in: context.reality).filter { $0.fix == .literalsToEnvironment }
        guard !leaks.isEmpty else { return [] }
        var tree = context.reality.snapshot
        var required: RequiredEnvironment.Tally?
        return leaks.sorted { SecretsRule.draftID($0) < SecretsRule.draftID($1) }.compactMap { leak in
            LiteralToEnvironment.draft(for: leak, context: context, tree: &tree, required: &required)
        }
    }
}
