// Recorded by record-goldens.py from a reviewed screen; regenerate, do not hand-edit.
extension Goldens {
    static let preview80x24 = #"""
 infra-tui  /srv/demo  (ai/infra)                     3 operations · 2 findings
 Rehearsal preview of the whole plan
 What a run does after the plan's patches, as rehearsed in a sandbox against
 test doubles: 2 tasks, 2 mutating calls (create, apply, install, delete), in
 order. Nothing was sent anywhere: the calls went to test doubles.

 010-apis  (rehearsed with entrypoint-canonical-init)
   apply   gcloud services enable container.googleapis.com
   second run: passes and creates nothing again

 020-network  (rehearsed with entrypoint-canonical-init)
   create  gcloud compute networks create edge --subnet-mode=custom
   second run: passes and creates nothing again










 3 pending  0 accepted  0 rejected  0 edited   j k scroll  any other key closes
-- styles --
TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT
FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF




.FFFFFFFFdddddddddddddddddddddddddddddddddddddddddddd
.KKKKKKKKKK
.OOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOO

.FFFFFFFFFFFdddddddddddddddddddddddddddddddddddddddddddd
.KKKKKKKKKK
.OOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOO










BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhB
"""#
}
