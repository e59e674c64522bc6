import Foundation
import Testing
@testable import TestDoubles

@Suite struct KubectlTests {
    @Test func createTwiceFailsWithAlreadyExists() {
        let w = World()
        let a = w.run("kubectl create namespace chat")
        #expect(a.rc == 0 && a.callClass == .create && a.resource == "kubectl namespace chat" && a.stdout == "namespace/chat created\n")
        let b = w.run("kubectl create namespace chat")
        #expect(b.rc == 1 && b.stderr == "Error from server (AlreadyExists): namespaces \"chat\" already exists\n")
    }

    @Test func theNamespaceIsPartOfTheIdentity() {
        let w = World()
        #expect(w.run("kubectl -n a create secret generic db --from-literal=password=x").resource == "kubectl secret a/db")
        #expect(w.run("kubectl create secret generic db --from-literal=password=x --namespace b").rc == 0)
        #expect(w.run("kubectl get secret db").rc == 1)
        let miss = w.run("kubectl -n c get secret db")
        #expect(miss.rc == 1 && miss.stderr == "Error from server (NotFound): secrets \"db\" not found\n" && miss.callClass == .probe)
        #expect(w.run("kubectl get secret/db -n a -o name").stdout == "secret/db\n")
        #expect(w.run("kubectl create secret generic db --from-literal=password=y -n a").stderr.contains("already exists"))
        // Cluster-scoped kinds have no namespace.
        w.run("kubectl create namespace a")
        #expect(w.run("kubectl get ns a -n b").rc == 0)
    }

    @Test func dryRunPrintsYAMLAndChangesNothingThenApplyReadsItFromStdin() {
        let w = World()
        let dry = w.run("kubectl -n push create secret generic push-key --from-literal=key=first --dry-run=client -o yaml")
        #expect(dry.rc == 0 && dry.callClass == .read)
        #expect(dry.stdout == """
            apiVersion: v1
            data:
              key: Zmlyc3Q=
            kind: Secret
            metadata:
              creationTimestamp: null
              name: push-key
              namespace: push

            """)
        #expect(w.state.resources.isEmpty)
        let applied = w.run("kubectl apply -f -", stdin: dry.stdout)
        #expect(applied.rc == 0 && applied.callClass == .apply && applied.resource == "kubectl secret push/push-key")
        #expect(applied.stdout == "secret/push-key created\n")
        #expect(w.run("kubectl apply -f -", stdin: dry.stdout).stdout == "secret/push-key unchanged\n")
        #expect(w.run("kubectl -n push get secret push-key -o jsonpath={.data.key}").stdout == "Zmlyc3Q=")
        let rotated = w.run("kubectl -n push create secret generic push-key --from-literal=key=rotated --dry-run=client -o yaml")
        #expect(w.run("kubectl apply -f -", stdin: rotated.stdout).stdout == "secret/push-key configured\n")
        let ns = w.run("kubectl create namespace notify --dry-run=client -o yaml")
        #expect(ns.stdout.contains("kind: Namespace\nmetadata:\n  creationTimestamp: null\n  name: notify\nspec: {}\nstatus: {}\n"))
    }

    @Test func applyReadsEveryObjectOfAMultiDocumentFileWithDefaultNamespace() {
        let w = World()
        w.write("m/app.yaml", """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: wiki
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: wiki
              namespace: wiki
            spec:
              replicas: 2
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
            data:
              a: "1"
            """)
        let out = w.run("kubectl apply -f m/app.yaml")
        #expect(out.rc == 0)
        #expect(out.resource == "kubectl namespace wiki; kubectl deployment wiki/wiki; kubectl configmap default/settings")
        #expect(out.stdout == "namespace/wiki created\ndeployment.apps/wiki created\nconfigmap/settings created\n")
        #expect(w.run("kubectl -n wiki get deploy wiki -o jsonpath={.status.readyReplicas}").stdout == "2")
        // -n is the namespace of objects without one; a different one in the object is an error.
        #expect(w.run("kubectl apply -f m/app.yaml -n other").rc == 1)
        w.write("n/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: only\n")
        #expect(w.run("kubectl apply -n team -f n/cm.yaml").resource == "kubectl configmap team/only")
        // A folder: every manifest in it.
        #expect(w.run("kubectl apply -f n").resource == "kubectl configmap default/only")
        let missing = w.run("kubectl apply -f nope.yaml")
        #expect(missing.rc == 1 && missing.stderr == "error: the path \"nope.yaml\" does not exist\n")
    }

    @Test func applyKustomizeReadsResourcesNamespaceAndGenerators() {
        let w = World()
        w.write("k/kustomization.yaml", """
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            namespace: shop
            resources:
              - ns.yaml
              - base
            secretGenerator:
              - name: db
                literals:
                  - password=example
            """)
        w.write("k/ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n")
        w.write("k/base/kustomization.yaml", "resources:\n- svc.yaml\n")
        w.write("k/base/svc.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n  namespace: elsewhere\nspec:\n  type: LoadBalancer\n")
        let out = w.run("kubectl apply -k k")
        #expect(out.rc == 0, "\(out.stderr)")
        let keys = out.resource?.components(separatedBy: "; ") ?? []
        #expect(keys.count == 3)
        #expect(keys[0] == "kubectl namespace shop" && keys[1] == "kubectl service shop/api")
        #expect(keys[2].hasPrefix("kubectl secret shop/db-"))
        let ip = w.run("kubectl -n shop get svc api -o jsonpath={.status.loadBalancer.ingress[0].ip}").stdout
        #expect(ip.split(separator: ".").count == 4)
        let built = w.run("kubectl kustomize k")
        #expect(built.rc == 0 && built.stdout.contains("name: api\n  namespace: shop\n"))
        let none = w.run("kubectl apply -k nowhere")
        #expect(none.rc == 1 && none.stderr.contains("unable to find one of 'kustomization.yaml'"))
        w.write("bad/kustomization.yaml", "resources:\n- missing.yaml\n")
        #expect(w.run("kubectl apply -k bad").stderr.contains("accumulating resources"))
    }

    @Test func deleteFailsOnMissingUnlessIgnoreNotFound() {
        let w = World()
        w.run("kubectl create configmap relay --from-literal=a=b -n notify")
        let del = w.run("kubectl delete configmap relay -n notify")
        #expect(del.rc == 0 && del.callClass == .delete && del.resource == "kubectl configmap notify/relay")
        let again = w.run("kubectl delete configmap relay -n notify")
        #expect(again.rc == 1 && again.stderr.contains("NotFound"))
        #expect(w.run("kubectl delete configmap relay -n notify --ignore-not-found").rc == 0)
        // Deleting a namespace takes what is in it.
        w.run("kubectl create namespace x")
        w.run("kubectl -n x create sa bot")
        w.run("kubectl delete ns x")
        #expect(w.run("kubectl -n x get sa bot").rc == 1)
    }

    @Test func createFromFilesNeedsTheFiles() {
        let w = World()
        let missing = w.run("kubectl -n billing create secret tls tls-a --cert a.crt --key a.key")
        #expect(missing.rc == 1 && missing.stderr.contains("a.crt"))
        w.write("a.crt", "CERT")
        w.write("a.key", "KEY")
        #expect(w.run("kubectl -n billing create secret tls tls-a --cert a.crt --key a.key").rc == 0)
        let fromFile = w.run("kubectl -n cm create secret generic solver --from-file=key.json=nope.json")
        #expect(fromFile.rc == 1)
        w.write("sa.json", "{}")
        #expect(w.run("kubectl -n cm create secret generic solver --from-file=key.json=sa.json").rc == 0)
        #expect(w.run("kubectl -n cm get secret solver -o jsonpath={.data.key\\.json}").stdout == "e30=")
    }

    @Test func createFromAFileTwiceFails() {
        let w = World()
        w.write("q.yaml", "apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: q\n  namespace: r\n")
        #expect(w.run("kubectl create -f q.yaml").callClass == .create)
        let again = w.run("kubectl create -f q.yaml")
        #expect(again.rc == 1 && again.stderr.contains("AlreadyExists") && again.stderr.contains("resourcequotas \"q\""))
    }

    @Test func currentContextComesFromTheKnobElseTheLastClusterElseIsAnError() {
        let w = World()
        let none = w.run("kubectl config current-context")
        #expect(none.rc == 1 && none.stderr == "error: current-context is not set\n")
        w.run("kind create cluster --name ci")
        #expect(w.run("kubectl config current-context").stdout == "kind-ci\n")
        w.env["INFRA_TUI_DOUBLE_KUBE_CONTEXT"] = "prod"
        #expect(w.run("kubectl config current-context").stdout == "prod\n")
        #expect(w.run("kubectl config use-context nowhere").rc == 1)
    }

    @Test func waitRolloutAndLabelsSucceed() {
        let w = World()
        w.run("kubectl create deployment api --image example.org/api:1 -n shop")
        #expect(w.run("kubectl -n shop rollout status deployment/api --timeout=120s").rc == 0)
        let restart = w.run("kubectl -n shop rollout restart deployment/api")
        #expect(restart.rc == 0 && restart.callClass == .apply)
        #expect(w.run("kubectl wait --for=condition=Available deployment/api -n shop").rc == 0)
        let ann = w.run("kubectl -n shop annotate deployment api rotated-at=now --overwrite")
        #expect(ann.rc == 0 && ann.callClass == .apply && ann.resource == "kubectl deployment shop/api")
        #expect(w.run("kubectl -n shop annotate secret nope a=b").rc == 1)
    }

    @Test func strictNamespacesMakeAMissingNamespaceAnError() {
        let w = World(env: ["INFRA_TUI_DOUBLE_STRICT_NAMESPACES": "1"])
        let early = w.run("kubectl -n chat create secret generic key --from-literal=a=b")
        #expect(early.rc == 1 && early.stderr == "error: failed to create secret namespaces \"chat\" not found\n")
        #expect(w.run("helm install web oci://r.example.org/web -n chat").stderr.contains("namespaces \"chat\" not found"))
        w.write("m.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: chat\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: chat\n")
        #expect(w.run("kubectl apply -f m.yaml").rc == 0)
        #expect(w.run("kubectl -n chat create secret generic key --from-literal=a=b").rc == 0)
        #expect(w.run("kubectl -n default create configmap d").rc == 0)
        // Off by default.
        #expect(World().run("kubectl -n nowhere create configmap d").rc == 0)
    }

    @Test func nothingOnStandardInputIsNotAnErrorButAnEmptyFileIs() {
        let w = World()
        let piped = w.run("kubectl apply -f -", stdin: "")
        #expect(piped.rc == 0 && piped.callClass == .apply && piped.resource == "kubectl stdin")
        w.write("empty.yaml", "# nothing\n")
        let file = w.run("kubectl apply -f empty.yaml")
        #expect(file.rc == 1 && file.stderr == "error: no objects passed to apply\n")
    }
}
