import Foundation
import Testing
@testable import TestDoubles

@Suite struct StubTests {
    @Test func kindAndK3dClustersAreCreatedOnce() {
        let w = World()
        let kind = w.run("kind create cluster --name chat-ci --wait 90s")
        #expect(kind.rc == 0 && kind.callClass == .create && kind.resource == "kind cluster chat-ci")
        let kind2 = w.run("kind create cluster --name chat-ci")
        #expect(kind2.rc == 1 && kind2.stderr.contains("node(s) already exist for a cluster with the name \"chat-ci\""))
        #expect(w.run("k3d cluster create chat-dev --agents 2").rc == 0)
        #expect(w.run("kubectl config current-context").stdout == "k3d-chat-dev\n")
        let k3d2 = w.run("k3d cluster create chat-dev")
        #expect(k3d2.rc == 1 && k3d2.stderr.contains("because a cluster with that name already exists"))
        #expect(w.run("k3d registry create chat-registry.localhost --port 5111").rc == 0)
        #expect(w.run("k3d registry create chat-registry.localhost --port 5111").rc == 1)
        #expect(w.run("k3d cluster delete chat-dev").callClass == .delete)
    }

    /// `k3d cluster list -o json | jq -e '.[] | select(.name == "dev")'` guards a create: the
    /// listing is JSON when asked for, a NAME table otherwise.
    @Test func k3dListsAsJSONWhenAsked() {
        let w = World()
        #expect(w.run("k3d cluster list -o json").stdout == "[]\n")
        #expect(w.run("k3d cluster create dev").rc == 0)
        #expect(w.run("k3d cluster list -o json").stdout == "[{\"name\":\"dev\"}]\n")
        #expect(w.run("k3d cluster list --output json").stdout == "[{\"name\":\"dev\"}]\n")
        #expect(w.run("k3d cluster list").stdout == "NAME\ndev\n")
        #expect(w.run("k3d cluster get dev -o json").stdout == "[{\"name\":\"dev\"}]\n")
    }

    @Test func curlWritesAPlaceholderWithOutputAndPrintsNothingWithout() {
        let w = World()
        let plain = w.run("curl -fsSL https://get.example.org/install.sh")
        #expect(plain.rc == 0 && plain.stdout.isEmpty && plain.stderr.isEmpty)
        #expect(w.run("curl -fsSL -o tools/kubectl https://dl.example.org/kubectl").rc == 23)
        #expect(w.run("curl -fsSL --create-dirs -o tools/kubectl https://dl.example.org/kubectl").rc == 0)
        #expect(w.read("tools/kubectl")?.hasPrefix("#!/bin/sh") == true)
        #expect(w.run("curl -s -o /dev/null -w %{http_code} https://example.org").stdout == "200")
        #expect(w.run("wget -q https://dl.example.org/helm.tar.gz").rc == 0)
        #expect(w.read("helm.tar.gz") != nil)
    }

    @Test func recordingStubsSucceedSilentlyAndClassifyByVerb() {
        let w = World()
        for (line, cls) in [("terraform apply -auto-approve", CallClass.apply), ("terraform destroy -auto-approve", .delete),
                            ("aws s3 ls", .read), ("az group delete --name rg", .delete), ("docker build -t x .", .other),
                            ("vagrant up", .apply), ("ssh host uptime", .other), ("apt-get install -y jq", .apply)] {
            let out = w.run(line)
            #expect(out.rc == 0 && out.stdout.isEmpty && out.stderr.isEmpty, "\(line)")
            #expect(out.callClass == cls, "\(line)")
        }
        // sudo runs a modelled command as itself.
        #expect(w.run("sudo kind create cluster").callClass == .create)
        #expect(w.run("sudo -E kind create cluster").rc == 1)
    }
}
