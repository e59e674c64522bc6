/// The coder-mode rules, in the order they propose: each later rule sees the tree as the
/// earlier ones leave it.
public enum RuleSet {
    public static var coderMode: [any Rule] { [SharedHelpersRule(), CanonicalEntrypointRule(), SecretsRule(), DocsRule()] }
}
