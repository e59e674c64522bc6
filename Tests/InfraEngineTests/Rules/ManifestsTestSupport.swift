import Foundation
import Testing
import Yams
@testable import InfraEngine

/// Builds a layer with `kubectl kustomize` and checks every reference in the rendered YAML,
/// independently of the rule's own checker.
enum RenderedLayer {
    static func check(_ repo: TestRepo, root: String) throws {
        guard let kubectl = Run.which("kubectl") else { return }
        let built = try Run.command(kubectl, ["kustomize", root], cwd: repo.root)
        #expect(built.status == 0, "\(built.stderr)")
        #expect(!built.stdout.contains("REPLACE_ME"))
        var objects: [Node] = []
        for node in try Yams.compose_all(yaml: built.stdout) { objects.append(node) }
        func all(_ kind: String) -> [Node] { objects.filter { $0.child("kind")?.string == kind } }
        func name(_ n: Node) -> String? { n.at(["metadata", "name"])?.string }
        func ns(_ n: Node) -> String? { n.at(["metadata", "namespace"])?.string }
        let gateways = all("Gateway")
        #expect(!gateways.isEmpty && !all("HTTPRoute").isEmpty && !all("Service").isEmpty && !all("Certificate").isEmpty)
        for gw in gateways {
            let cls = gw.at(["spec", "gatewayClassName"])?.string
            #expect(all("GatewayClass").contains { name($0) == cls }, "class \(cls ?? "-")")
            let listeners = gw.at(["spec", "listeners"])?.items ?? []
            #expect(listeners.contains { $0.child("protocol")?.string == "HTTP" && $0.child("port")?.int == 80 })
            for ref in listeners.flatMap({ $0.at(["tls", "certificateRefs"])?.items ?? [] }) {
                let secret = ref.child("name")?.string
                let certs = all("Certificate").filter { $0.at(["spec", "secretName"])?.string == secret && ns($0) == ns(gw) }
                #expect(certs.count == 1, "certificate for \(secret ?? "-")")
                for cert in certs {
                    let issuer = cert.at(["spec", "issuerRef", "name"])?.string
                    let kind = cert.at(["spec", "issuerRef", "kind"])?.string ?? "Issuer"
                    #expect(all(kind).contains { name($0) == issuer && (kind == "ClusterIssuer" || ns($0) == ns(cert)) })
                    let hosts = listeners.compactMap { $0.child("hostname")?.string }
                    #expect(hosts.allSatisfy { h in cert.at(["spec", "dnsNames"])?.items.contains { $0.string == h } ?? false })
                }
            }
        }
        for route in all("HTTPRoute") {
            for ref in route.at(["spec", "parentRefs"])?.items ?? [] {
                let target = ref.child("namespace")?.string ?? ns(route)
                #expect(gateways.contains { name($0) == ref.child("name")?.string && ns($0) == target })
            }
            for backend in (route.at(["spec", "rules"])?.items ?? []).flatMap({ $0.child("backendRefs")?.items ?? [] }) {
                let svc = all("Service").first { name($0) == backend.child("name")?.string && ns($0) == (backend.child("namespace")?.string ?? ns(route)) }
                #expect(svc != nil)
                #expect(svc?.at(["spec", "ports"])?.items.contains { $0.child("port")?.int == backend.child("port")?.int } ?? false)
            }
        }
        for svc in all("Service") {
            let selector = svc.at(["spec", "selector"])?.stringPairs ?? [:]
            #expect(all("Deployment").contains { d in ns(d) == ns(svc)
                && selector.allSatisfy { d.at(["spec", "template", "metadata", "labels"])?.stringPairs[$0.key] == $0.value } })
        }
        for issuer in all("ClusterIssuer") + all("Issuer") {
            for ref in (issuer.at(["spec", "acme", "solvers"])?.items ?? []).flatMap({ $0.at(["http01", "gatewayHTTPRoute", "parentRefs"])?.items ?? [] }) {
                #expect(gateways.contains { name($0) == ref.child("name")?.string })
            }
        }
    }
}

/// A layer with nothing wrong, in one folder: no finding may come from it.
enum ConsistentLayer {
    static func write(to repo: TestRepo) throws {
        try repo.write("ai/infra/tasks/10-edge.sh", """
            #!/bin/bash
            set -euo pipefail
            helm upgrade --install eg oci://docker.io/envoyproxy/gateway-helm -n envoy-gateway-system --create-namespace
            kubectl apply -k "$(dirname "$0")/../manifests"

            """, executable: true)
        try repo.write("ai/infra/manifests/kustomization.yaml", "resources:\n  - all.yaml\n")
        try repo.write("ai/infra/manifests/all.yaml", """
            apiVersion: gateway.networking.k8s.io/v1
            kind: GatewayClass
            metadata: {name: eg}
            spec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: &meta
              name: edge
              namespace: web
            spec:
              gatewayClassName: eg
              listeners:
                - {name: http, protocol: HTTP, port: 80, hostname: a.example.com}
                - name: https
                  protocol: HTTPS
                  port: 443
                  hostname: a.example.com
                  tls: {certificateRefs: [{name: a-tls}]}
            ---
            apiVersion: cert-manager.io/v1
            kind: Issuer
            metadata: {name: le, namespace: web}
            spec:
              acme:
                email: ops@example.com
                solvers: [{http01: {gatewayHTTPRoute: {parentRefs: [{name: edge}]}}}]
            ---
            apiVersion: cert-manager.io/v1
            kind: Certificate
            metadata: {name: a-tls, namespace: web}
            spec: {secretName: a-tls, dnsNames: [a.example.com], issuerRef: {name: le}}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: app, namespace: web}
            spec:
              selector: {matchLabels: &labels {app: app}}
              template:
                metadata: {labels: *labels}
                spec: {containers: [{name: app, image: nginx}]}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: app, namespace: web}
            spec: {selector: {app: app}, ports: [{port: 8080, targetPort: 80}]}
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: app, namespace: web}
            spec:
              parentRefs: [{name: edge}]
              rules: [{backendRefs: [{name: app, port: 8080}]}]

            """)
    }
}

/// Another style: manifests in `k8s/`, several objects per file, a namespaced Issuer, tasks
/// numbered `10-`/`20-` that apply single files.
enum SecondLayout {
    static func write(to repo: TestRepo) throws {
        try repo.write("ai/infra/tasks/10-certs.sh", """
            #!/bin/bash
            set -euo pipefail
            helm upgrade --install cert-manager jetstack/cert-manager -n cert-manager --create-namespace --set crds.enabled=true
            kubectl apply -f "$(dirname "$0")/../k8s/issuer.yaml"

            """, executable: true)
        try repo.write("ai/infra/tasks/20-edge.sh", """
            #!/bin/bash
            set -euo pipefail
            helm upgrade --install ngf oci://ghcr.io/nginx/charts/nginx-gateway-fabric -n nginx-gateway --create-namespace
            kubectl apply -f "$(dirname "$0")/../k8s/edge.yaml"
            kubectl apply -f "$(dirname "$0")/../k8s/app.yaml"

            """, executable: true)
        try repo.write("ai/infra/k8s/issuer.yaml", """
            apiVersion: cert-manager.io/v1
            kind: Issuer
            metadata:
              name: acme
              namespace: web
            spec:
              acme:
                email: REPLACE_ME
                server: https://acme-v02.api.letsencrypt.org/directory
                privateKeySecretRef: {name: acme-account}
                solvers:
                  - http01:
                      gatewayHTTPRoute:
                        parentRefs: [{name: public-gw}]

            """)
        try repo.write("ai/infra/k8s/edge.yaml", """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata:
              name: public-gw
              namespace: web
            spec:
              gatewayClassName: public
              listeners:
                - name: https
                  protocol: HTTPS
                  port: 443
                  hostname: www.example.org
                  tls:
                    certificateRefs:
                      - name: web-tls

            """)
        try repo.write("ai/infra/k8s/app.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: web
            spec:
              selector:
                matchLabels: {app.kubernetes.io/name: web}
              template:
                metadata:
                  labels: {app.kubernetes.io/name: web, tier: front}
                spec:
                  containers: [{name: web, image: nginx, ports: [{containerPort: 80}]}]
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: web
              namespace: web
            spec:
              selector:
                app: web
              ports:
                - port: 80
                  targetPort: 80
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata:
              name: web
              namespace: web
            spec:
              parentRefs:
                - name: public
              rules:
                - backendRefs:
                    - name: web
                      port: 8080

            """)
    }
}
