/// The registry of named manifests checks. One line per check; `docs/manifests.md` lists the
/// same ids (a test compares them).
enum ManifestChecks {
    static let all: [any ManifestCheck] = [
        RouteSectionNameCheck(),
        RouteAllowedByListenersCheck(),
        RouteHostnameCheck(),
        BackendRefGrantCheck(),
        CertificateRefGrantCheck(),
        ServiceTargetPortCheck(),
        IssuerRefKindCheck(),
        CloudDNSSecretCheck(),
    ]

    /// Every check's problems, in registry order.
    static func problems(in checker: ReferenceChecker) -> [ManifestProblem] {
        all.flatMap { $0.problems(in: checker) }
    }
}
