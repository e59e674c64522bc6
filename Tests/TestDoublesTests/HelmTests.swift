import Foundation
import Testing
@testable import TestDoubles

@Suite struct HelmTests {
    @Test func installOfAnExistingReleaseFailsAndUpgradeInstallNeverDoes() {
        let w = World()
        let a = w.run("helm install cert-manager oci://mirror.example.org/jetstack/cert-manager --namespace cert-manager --create-namespace")
        #expect(a.rc == 0 && a.callClass == .create && a.resource == "helm release cert-manager/cert-manager")
        let b = w.run("helm install cert-manager oci://mirror.example.org/jetstack/cert-manager --namespace cert-manager --create-namespace")
        #expect(b.rc == 1 && b.stderr == "Error: INSTALLATION FAILED: cannot re-use a name that is still in use\n")
        for _ in 0..<2 {
            let up = w.run("helm upgrade --install cert-manager oci://mirror.example.org/jetstack/cert-manager -n cert-manager")
            #expect(up.rc == 0 && up.callClass == .apply)
        }
        // --create-namespace made the namespace.
        #expect(w.run("kubectl get namespace cert-manager").rc == 0)
    }

    @Test func aReleaseIsKeyedByNamespace() {
        let w = World()
        #expect(w.run("helm install api ./chart -n a").rc == 1) // no such chart folder
        w.write("chart/Chart.yaml", "name: api\nversion: 0.1.0\n")
        #expect(w.run("helm install api ./chart -n a").rc == 0)
        #expect(w.run("helm install api ./chart -n b").rc == 0)
        #expect(w.run("helm status api -n a").rc == 0)
        let missing = w.run("helm status api")
        #expect(missing.rc == 1 && missing.stderr == "Error: release: not found\n" && missing.callClass == .probe)
        #expect(w.run("helm list -n b -q").stdout == "api\n")
    }

    @Test func upgradeWithoutInstallNeedsARelease() {
        let out = World().run("helm upgrade web oci://r.example.org/web")
        #expect(out.rc == 1 && out.stderr.contains("\"web\" has no deployed releases"))
    }

    @Test func uninstallRemovesAndThenFails() {
        let w = World()
        w.run("helm upgrade --install web oci://r.example.org/web -n site")
        let un = w.run("helm uninstall web -n site")
        #expect(un.rc == 0 && un.callClass == .delete && un.resource == "helm release site/web")
        #expect(w.run("helm uninstall web -n site").rc == 1)
        #expect(w.run("helm status web -n site").rc == 1)
    }

    @Test func repoAddIsIdempotentAndChartsFromARepoNeedIt() {
        let w = World()
        #expect(w.run("helm repo update").rc == 0)
        let early = w.run("helm install metrics metrics-charts/metrics-stack")
        #expect(early.rc == 1 && early.stderr.contains("repo metrics-charts not found"))
        for _ in 0..<2 {
            let add = w.run("helm repo add metrics-charts https://charts.example.org/metrics")
            #expect(add.rc == 0 && add.callClass == .apply)
        }
        #expect(w.run("helm repo add metrics-charts https://other.example.org").rc == 1)
        #expect(w.run("helm repo update").rc == 0)
        #expect(w.run("helm install metrics metrics-charts/metrics-stack").rc == 0)
    }

    @Test func valuesFilesMustExist() {
        let w = World()
        let out = w.run("helm upgrade --install web oci://r.example.org/web -f values/prod.yaml")
        #expect(out.rc == 1 && out.stderr == "Error: open values/prod.yaml: no such file or directory\n")
    }
}
