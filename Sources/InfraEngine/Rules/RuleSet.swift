/// The coder-mode rules, in the order they propose: each later rule sees the tree as the
/// earlier ones leave it. Order: secret literals (first, so no later patch copies one as
/// context), helpers, entrypoint, rerun, variables, manifests, missing-files, secrets, docs
/// (docs last: the runbook describes the final tree).
public enum RuleSet {
    public static var coderMode: [any Rule] {
        [
            SecretLiteralsRule(),
            SharedHelpersRule(),
            CanonicalEntrypointRule(),
            RerunSafetyRule(),
            VariablesRule(),
            LibraryShellOptionsRule(),
            CallerFolderPathsRule(),
            ManifestsRule(),
            MissingFilesRule(),
            SecretsRule(),
            DocsRule(),
        ]
    }
}
