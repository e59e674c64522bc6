/// The registry of named manifests checks. One line per check; `docs/manifests.md` lists the
/// same ids in the same order (a test compares them).
enum ManifestChecks {
    static let all: [any ManifestCheck] = [
        GatewayClassNotFoundCheck(),
        PlaceholderCheck(),
        ListenerSecretCheck(),
        IssuerRefNotFoundCheck(),
        ServiceSelectorCheck(),
        RouteParentNotFoundCheck(),
        RouteBackendCheck(),
        RouteBackendPortCheck(),
        SolverGatewayNotFoundCheck(),
        SolverHTTPListenerCheck(),
        NamespaceFollowsGatewayCheck(),
        RouteSectionNameCheck(),
        RouteAllowedByListenersCheck(),
        RouteHostnameCheck(),
        BackendRefGrantCheck(),
        CertificateRefGrantCheck(),
        ServiceTargetPortCheck(),
        IssuerRefKindCheck(),
        CloudDNSSecretCheck(),
        SolverListenerAllowsChallengeCheck(),
        CloudDNSProjectCheck(),
        CertificateDNSNamesCheck(),
        GatewayClassControllerCheck(),
        GatewayAddressScopeCheck(),
        GatewayIssuerAnnotationCheck(),
    ]

    /// Every check's problems, in registry order; the checks run on every core (each only
    /// reads the layer and the tree). A check that reads the layer alone is worked out once
    /// per layer (every view of the plan with the same manifest bytes).
    static func problems(in checker: ReferenceChecker) -> [ManifestProblem] {
        all.concurrentMap { check in
            check.layerOnly ? checker.layer.memo.value("check \(check.id)") { check.problems(in: checker) } : check.problems(in: checker)
        }.flatMap { $0 }
    }
}
