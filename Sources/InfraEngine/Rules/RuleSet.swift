/// The coder-mode rules, in the order they propose: each later rule sees the tree as the
/// earlier ones leave it. Order: line endings (first: every other patch to a CRLF script is
/// made on its LF text; a script holding a credential is not converted), secret literals
/// (so no later patch copies one as context), helpers, entrypoint, rerun, variables, manifests, missing-files, secrets, docs
/// (docs last: the runbook describes the final tree).
public enum RuleSet {
    public static var coderMode: [any Rule] {
        [
            LineEndingsRule(),
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
