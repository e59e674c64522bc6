import Foundation
import Testing
@testable import TestDoubles

@Suite struct GcloudTests {
    @Test func createTwiceFailsLikeGcloudAndIdentityHasGroupNameProjectAndScope() {
        let w = World()
        let a = w.run("gcloud compute networks create inv-net --subnet-mode auto --project p")
        #expect(a.rc == 0 && a.callClass == .create)
        #expect(a.resource == "gcloud compute networks inv-net project=p global")
        let b = w.run("gcloud compute networks create inv-net --project p")
        #expect(b.rc == 1 && b.callClass == .create)
        #expect(b.stderr.hasPrefix("ERROR: (gcloud.compute.networks.create) Could not fetch resource:"))
        #expect(b.stderr.contains("'projects/p/global/networks/inv-net' already exists"))
        // Another project is another network.
        #expect(w.run("gcloud compute networks create inv-net --project q").rc == 0)
    }

    @Test func describeMissingFailsThenFindsWhatWasCreated() {
        let w = World()
        let miss = w.run("gcloud compute networks subnets describe nodes --region europe-west4 --project p")
        #expect(miss.rc == 1 && miss.callClass == .probe)
        #expect(miss.stderr.contains("'projects/p/regions/europe-west4/subnetworks/nodes' was not found"))
        #expect(w.run("gcloud compute networks subnets create nodes --network n --range 10.0.0.0/20 --region europe-west4 --project p").rc == 0)
        let hit = w.run("gcloud compute networks subnets describe nodes --region europe-west4 --project p --format value(name)")
        #expect(hit.rc == 0 && hit.stdout == "nodes\n")
        // The region is part of the identity.
        #expect(w.run("gcloud compute networks subnets describe nodes --region europe-west1 --project p").rc == 1)
    }

    @Test func projectComesFromTheFlagElseTheActiveConfigurationElseItIsAnError() {
        let w = World()
        let none = w.run("gcloud compute networks create n")
        #expect(none.rc == 1)
        #expect(none.stderr.contains("The required property [project] is not currently set."))
        w.env["INFRA_TUI_DOUBLE_GCLOUD_PROJECT"] = "sandbox"
        #expect(w.run("gcloud compute networks create n").resource == "gcloud compute networks n project=sandbox global")
        #expect(w.run("gcloud compute networks create n --project real").resource == "gcloud compute networks n project=real global")
        #expect(w.run("gcloud config get-value project").stdout == "sandbox\n")
        w.run("gcloud config set project other")
        #expect(w.run("gcloud config get-value project").stdout == "other\n")
        #expect(w.run("gcloud compute networks describe n").rc == 1)
        w.env["CLOUDSDK_CORE_PROJECT"] = "sandbox"
        #expect(w.run("gcloud compute networks describe n").rc == 0)
    }

    @Test func configGetValueOfAnUnsetProjectPrintsUnsetOnStderr() {
        let out = World().run("gcloud config get-value project")
        #expect(out.rc == 0 && out.stdout.isEmpty && out.stderr == "(unset)\n" && out.callClass == .probe)
    }

    @Test func zoneAndRegionTogetherIsAnError() {
        let out = World().run("gcloud container clusters create c --zone us-central1-c --region us-central1 --project p")
        #expect(out.rc == 2)
        #expect(out.stderr.contains("At most one of --region | --zone may be specified."))
    }

    @Test func zoneOnACommandWithoutZonesIsAnError() {
        let w = World()
        for line in ["gcloud compute networks create n --project p --zone us-central1-c",
                     "gcloud iam service-accounts create deployer --project p --zone us-central1-c",
                     "gcloud services enable container.googleapis.com --project p --zone us-central1-c"] {
            let out = w.run(line)
            #expect(out.rc == 2, "\(line)")
            #expect(out.stderr.contains("unrecognized arguments: --zone=us-central1-c"), "\(line)")
        }
        // dns record-sets: --zone is the managed zone.
        #expect(w.run("gcloud dns record-sets create track.example.org. --zone pub --type A --ttl 300 --rrdatas 203.0.113.9 --project p").rc == 0)
    }

    @Test func aRegionalClusterIsNotFoundThroughAZone() {
        let w = World()
        #expect(w.run("gcloud container clusters create recs --region us-central1 --project p").resource
                == "gcloud container clusters recs project=p region=us-central1")
        let byZone = w.run("gcloud container clusters describe recs --zone us-central1-c --project p")
        #expect(byZone.rc == 1)
        #expect(byZone.stderr.contains("zones/us-central1-c/clusters/recs"))
        #expect(byZone.stderr.contains("Did you mean [recs] in [us-central1]?"))
        #expect(w.run("gcloud container clusters get-credentials recs --zone us-central1-c --project p").rc == 1)
        // The node pool's cluster is looked up in the pool's scope.
        let pool = w.run("gcloud container node-pools create gpu --cluster recs --project p --zone us-central1-c")
        #expect(pool.rc == 1 && pool.callClass == .create)
        #expect(w.run("gcloud container node-pools create gpu --cluster recs --project p --region us-central1").rc == 0)
        let creds = w.run("gcloud container clusters get-credentials recs --region us-central1 --project p")
        #expect(creds.rc == 0 && creds.callClass == .probe)
        #expect(w.run("kubectl config current-context").stdout == "gke_p_us-central1_recs\n")
        // --location names the same scope as --zone / --region.
        #expect(w.run("gcloud container clusters describe recs --location us-central1 --project p").rc == 0)
    }

    @Test func aClusterNeedsALocation() {
        let out = World().run("gcloud container clusters create c --project p")
        #expect(out.rc == 1 && out.stderr.contains("must be supplied"))
    }

    @Test func serviceAccountsAreCreatedByShortNameAndDescribedByEmail() {
        let w = World()
        let created = w.run("gcloud iam service-accounts create checkout-deployer --project demo")
        #expect(created.rc == 0)
        #expect(created.resource == "gcloud iam service-accounts checkout-deployer@demo.iam.gserviceaccount.com")
        let byEmail = w.run("gcloud iam service-accounts describe checkout-deployer@demo.iam.gserviceaccount.com --format value(email)")
        #expect(byEmail.rc == 0 && byEmail.stdout == "checkout-deployer@demo.iam.gserviceaccount.com\n")
        #expect(w.run("gcloud iam service-accounts describe checkout-deployer --project demo").rc == 1)
        let again = w.run("gcloud iam service-accounts create checkout-deployer --project demo")
        #expect(again.rc == 1 && again.stderr.contains("already exists"))
        // An email is not a name to create by.
        #expect(w.run("gcloud iam service-accounts create checkout-deployer@demo.iam.gserviceaccount.com --project demo").rc == 2)
        // A guard built from the active configuration's project looks up another account.
        w.env["INFRA_TUI_DOUBLE_GCLOUD_PROJECT"] = "sandbox"
        let project = w.run("gcloud config get-value project").stdout.trimmingCharacters(in: .newlines)
        #expect(w.run("gcloud iam service-accounts describe checkout-deployer@\(project).iam.gserviceaccount.com").rc == 1)
    }

    @Test func idempotentVerbsSucceedEveryTime() {
        let w = World()
        w.run("gcloud iam service-accounts create deployer --project p")
        for _ in 0..<2 {
            let enable = w.run("gcloud services enable container.googleapis.com compute.googleapis.com --project p")
            #expect(enable.rc == 0 && enable.callClass == .apply)
            let bind = w.run("gcloud projects add-iam-policy-binding p --member serviceAccount:deployer@p.iam.gserviceaccount.com --role roles/container.developer")
            #expect(bind.rc == 0 && bind.callClass == .apply)
        }
        #expect(w.run("gcloud services list --enabled --project p --format value(config.name)").stdout
                == "compute.googleapis.com\ncontainer.googleapis.com\n")
        // A binding for an account that does not exist fails like the real one.
        let ghost = w.run("gcloud projects add-iam-policy-binding p --member serviceAccount:ghost@p.iam.gserviceaccount.com --role roles/viewer")
        #expect(ghost.rc == 1 && ghost.stderr.contains("does not exist"))
    }

    @Test func formatValueReturnsPlausibleValues() {
        let w = World()
        w.run("gcloud compute addresses create ingress --global --project p")
        let ip = w.run("gcloud compute addresses describe ingress --global --project p --format value(address)").stdout
        #expect(ip.range(of: #"^\d+\.\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil)
        #expect(w.run("gcloud compute addresses describe ingress --global --project p --format=value(address)").stdout == ip)
        // Regional and global addresses are different things.
        #expect(w.run("gcloud compute addresses describe ingress --region us-east1 --project p").rc == 1)
        #expect(w.run("gcloud projects describe p --format value(projectId)").stdout == "p\n")
        #expect(Int(w.run("gcloud projects describe p --format value(projectNumber)").stdout.trimmingCharacters(in: .newlines)) != nil)
    }

    @Test func deleteRemovesAndASecondDeleteFails() {
        let w = World()
        w.run("gcloud container clusters create orders --region europe-west4 --project p")
        let del = w.run("gcloud container clusters delete orders --region europe-west4 --project p --quiet")
        #expect(del.rc == 0 && del.callClass == .delete)
        #expect(del.resource == "gcloud container clusters orders project=p region=europe-west4")
        #expect(w.run("gcloud container clusters delete orders --region europe-west4 --project p --quiet").rc == 1)
        #expect(w.run("gcloud container clusters describe orders --region europe-west4 --project p").rc == 1)
    }

    @Test func bucketsAreNamedGloballyWithOrWithoutTheScheme() {
        let w = World()
        #expect(w.run("gcloud storage buckets create gs://acme-settlements --location us-east1 --project p").resource == "gcloud storage buckets acme-settlements")
        #expect(w.run("gcloud storage buckets describe gs://acme-settlements/ --project p").rc == 0)
        #expect(w.run("gcloud storage buckets create acme-settlements --project q").rc == 1)
    }

    @Test func artifactRepositoriesAreKeyedByLocation() {
        let w = World()
        #expect(w.run("gcloud artifacts repositories create images --repository-format docker --location europe-west3 --project p").rc == 0)
        #expect(w.run("gcloud artifacts repositories describe images --location europe-west3 --project p").rc == 0)
        #expect(w.run("gcloud artifacts repositories describe images --location us-east1 --project p").rc == 1)
        #expect(w.run("gcloud artifacts repositories create images --repository-format docker --location europe-west3 --project p").rc == 1)
    }

    @Test func betaCommandsNameTheSameThings() {
        let w = World()
        #expect(w.run("gcloud beta container clusters create-auto media --region us-west1 --project p").rc == 0)
        #expect(w.run("gcloud container clusters describe media --region us-west1 --project p").rc == 0)
    }
}
