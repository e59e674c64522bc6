import Foundation
import Testing
@testable import InfraEngine

/// `gateway.route.no-matching-parent` and `gateway.route.ref-not-permitted` on in-memory layers.
@Suite struct RouteChecksTests {
    static let oneListener = """
            - name: secure-main
              protocol: HTTPS
              port: 443
              hostname: shop.example.net
              tls: {certificateRefs: [{name: shop-tls}]}
        """
    static let twoListeners = oneListener + "\n" + """
            - name: secure-admin
              protocol: HTTPS
              port: 443
              hostname: admin.example.net
              tls: {certificateRefs: [{name: admin-tls}]}
        """

    func route(section: String?, namespace: String = "shop", backendNS: String? = nil, host: String = "shop.example.net") -> String {
        """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: storefront, namespace: \(namespace)}
        spec:
          parentRefs:
            - name: public
              namespace: edge
        \(section.map { "      sectionName: \($0)" } ?? "")
          hostnames: [\(host)]
          rules:
            - backendRefs:
                - name: storefront
        \(backendNS.map { "          namespace: \($0)" } ?? "")
                  port: 80

        """
    }

    var app: String { appYAML("storefront", namespace: "shop", ports: "            - {name: web, containerPort: 3000}", targetPort: "web") }

    @Test func sectionNameThatNamesNoListenerIsReportedAndCorrected() throws {
        let layer = LayerUnderTest(["gw.yaml": gatewayYAML(listeners: Self.oneListener), "app.yaml": app, "route.yaml": route(section: "tls")])
        let found = try layer.problems(RouteSectionNameCheck())
        #expect(found.count == 1)
        #expect(found.first?.line == 8 && found.first?.message.contains("`secure-main` (443)") == true)
        let after = try layer.fixed()
        #expect(after.text("ai/infra/manifests/route.yaml")?.contains("sectionName: secure-main") == true)
        #expect(try layer.problems(RouteSectionNameCheck(), in: after).isEmpty)
    }

    @Test func sectionNameMatchingOrAbsentStaysSilent() throws {
        for section in [nil, "secure-main"] {
            let layer = LayerUnderTest(["gw.yaml": gatewayYAML(listeners: Self.oneListener), "app.yaml": app, "route.yaml": route(section: section)])
            #expect(try layer.problems(RouteSectionNameCheck()).isEmpty)
        }
    }

    @Test func twoListenersPickTheOneServingTheHostnameElseNoFix() throws {
        let byHost = LayerUnderTest(["gw.yaml": gatewayYAML(listeners: Self.twoListeners), "app.yaml": app,
                                     "route.yaml": route(section: "admin", host: "admin.example.net")])
        #expect(try byHost.problems(RouteSectionNameCheck()).first.map { if case .scalar(_, _, _, "secure-admin") = $0.fix { true } else { false } } == true)
        let unknown = LayerUnderTest(["gw.yaml": gatewayYAML(listeners: Self.twoListeners), "app.yaml": app,
                                      "route.yaml": route(section: "admin", host: "other.example.net")])
        let found = try unknown.problems(RouteSectionNameCheck())
        #expect(found.count == 1 && found[0].fix == nil)
    }

    @Test func crossNamespaceBackendWithoutGrantGetsOne() throws {
        let layer = LayerUnderTest(["gw.yaml": gatewayYAML(listeners: Self.oneListener), "app.yaml": app,
                                    "route.yaml": route(section: nil, namespace: "edge", backendNS: "shop")])
        let found = try layer.problems(BackendRefGrantCheck())
        #expect(found.count == 1 && found[0].message.contains("`shop/storefront`"))
        let after = try layer.fixed()
        let grant = after.allPaths.filter { $0.contains("referencegrant") }
        #expect(grant.count == 1)
        #expect(after.text("ai/infra/manifests/kustomization.yaml")?.contains("  - " + fileName(grant.first ?? "-")) == true)
        #expect(try layer.problems(BackendRefGrantCheck(), in: after).isEmpty)
    }

    @Test func grantedOrSameNamespaceOrUnknownServiceNeedsNoGrantFix() throws {
        let grant = """
            apiVersion: gateway.networking.k8s.io/v1beta1
            kind: ReferenceGrant
            metadata: {name: from-edge, namespace: shop}
            spec:
              from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: edge}]
              to: [{group: "", kind: Service}]

            """
        let granted = LayerUnderTest(["gw.yaml": gatewayYAML(listeners: Self.oneListener), "app.yaml": app, "grant.yaml": grant,
                                      "route.yaml": route(section: nil, namespace: "edge", backendNS: "shop")])
        #expect(try granted.problems(BackendRefGrantCheck()).isEmpty)
        let same = LayerUnderTest(["gw.yaml": gatewayYAML(listeners: Self.oneListener), "app.yaml": app,
                                   "route.yaml": route(section: nil, namespace: "shop", backendNS: "shop")])
        #expect(try same.problems(BackendRefGrantCheck()).isEmpty)
        let elsewhere = LayerUnderTest(["gw.yaml": gatewayYAML(listeners: Self.oneListener), "app.yaml": app,
                                        "route.yaml": route(section: nil, namespace: "edge", backendNS: "billing")])
        let found = try elsewhere.problems(BackendRefGrantCheck())
        #expect(found.count == 1 && found[0].fix == nil)
    }

    static func listener(from: String, extra: String = "") -> String {
        """
                - name: secure-main
                  protocol: HTTPS
                  port: 443
                  tls: {certificateRefs: [{name: shop-tls}]}
                  allowedRoutes:
                    namespaces:
                      from: \(from)
            \(extra)
            """
    }

    @Test func listenerThatAdmitsOnlyItsOwnNamespaceRefusesTheRoute() throws {
        let layer = LayerUnderTest(["gw.yaml": gatewayYAML(listeners: Self.listener(from: "Same")), "app.yaml": app, "route.yaml": route(section: nil)])
        let found = try layer.problems(RouteAllowedByListenersCheck())
        #expect(found.count == 1 && found[0].line == 6 && found[0].message.contains("`edge` only") && found[0].fix == nil)
        // No fix: the layer is left as it is.
        #expect(try layer.fixed().text("ai/infra/manifests/route.yaml") == layer.tree.text("ai/infra/manifests/route.yaml"))
    }

    @Test func selectorAndKindsDecideToo() throws {
        let namespaces = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {edge-access: \"yes\"}\n"
        let selector = Self.listener(from: "Selector", extra: "          selector:\n            matchLabels: {edge-access: \"yes\"}")
        #expect(try LayerUnderTest(["gw.yaml": gatewayYAML(listeners: selector), "ns.yaml": namespaces, "app.yaml": app, "route.yaml": route(section: nil)])
            .problems(RouteAllowedByListenersCheck()).isEmpty)
        let other = namespaces.replacingOccurrences(of: "\"yes\"", with: "\"no\"")
        #expect(try LayerUnderTest(["gw.yaml": gatewayYAML(listeners: selector), "ns.yaml": other, "app.yaml": app, "route.yaml": route(section: nil)])
            .problems(RouteAllowedByListenersCheck()).count == 1)
        // A namespace outside the layer: its labels are unknown, so nothing is said.
        #expect(try LayerUnderTest(["gw.yaml": gatewayYAML(listeners: selector), "app.yaml": app, "route.yaml": route(section: nil)])
            .problems(RouteAllowedByListenersCheck()).isEmpty)
        let kinds = Self.listener(from: "All", extra: "        kinds: [{kind: GRPCRoute}]")
        #expect(try LayerUnderTest(["gw.yaml": gatewayYAML(listeners: kinds), "app.yaml": app, "route.yaml": route(section: nil)])
            .problems(RouteAllowedByListenersCheck()).count == 1)
        #expect(try LayerUnderTest(["gw.yaml": gatewayYAML(listeners: Self.listener(from: "All")), "app.yaml": app, "route.yaml": route(section: nil)])
            .problems(RouteAllowedByListenersCheck()).isEmpty)
    }

    @Test func hostnamesThatNoListenerServesAreReported() throws {
        let wrong = LayerUnderTest(["gw.yaml": gatewayYAML(listeners: Self.oneListener), "app.yaml": app, "route.yaml": route(section: nil, host: "shop.example.org")])
        let found = try wrong.problems(RouteHostnameCheck())
        #expect(found.count == 1 && found[0].line == 9 && found[0].fix == nil)
        // The right host, or a listener without one, stays silent.
        #expect(try LayerUnderTest(["gw.yaml": gatewayYAML(listeners: Self.oneListener), "app.yaml": app, "route.yaml": route(section: nil)])
            .problems(RouteHostnameCheck()).isEmpty)
        #expect(try LayerUnderTest(["gw.yaml": gatewayYAML(listeners: Self.listener(from: "All")), "app.yaml": app, "route.yaml": route(section: nil, host: "x.example.org")])
            .problems(RouteHostnameCheck()).isEmpty)
    }

    @Test func wildcardHostnamesAreSuffixMatches() {
        #expect(RouteHostnameCheck.intersect("*.example.net", "a.b.example.net"))
        #expect(!RouteHostnameCheck.intersect("*.example.net", "example.net"))
        #expect(RouteHostnameCheck.intersect("*.example.net", "*.shop.example.net"))
        #expect(!RouteHostnameCheck.intersect("shop.example.net", "admin.example.net"))
        #expect(RouteHostnameCheck.intersect("Shop.Example.net", "shop.example.net"))
    }

    @Test(.enabled(if: kubectlPresent, "kubectl builds the layer"))
    func fixedLayersStillBuild() throws {
        for layer in [
            LayerUnderTest(["gw.yaml": gatewayYAML(listeners: Self.oneListener), "app.yaml": app, "route.yaml": route(section: "tls")]),
            LayerUnderTest(["gw.yaml": gatewayYAML(listeners: Self.oneListener), "app.yaml": app, "route.yaml": route(section: nil, namespace: "edge", backendNS: "shop")]),
        ] {
            try layer.expectFixedLayerBuilds()
        }
        let built = try LayerUnderTest.kustomize(try LayerUnderTest(["gw.yaml": gatewayYAML(listeners: Self.oneListener), "app.yaml": app,
                                                                     "route.yaml": route(section: nil, namespace: "edge", backendNS: "shop")]).fixed())
        #expect(built.stdout.contains("kind: ReferenceGrant"))
    }
}
