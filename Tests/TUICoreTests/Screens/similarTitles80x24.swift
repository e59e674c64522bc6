// Recorded by record-goldens.py from a reviewed screen; regenerate, do not hand-edit.
extension Goldens {
    static let similarTitles80x24 = #"""
 infra-tui  /srv/demo  (ai/infra)                     5 operations · 0 findings
 Queue                          │ 1 Diff 2 Ops 3 Info  variables-env-020-network
 ·  LOW  lcl Check…020-network …│ diff --git a/ai/infra/tasks/030-vm.sh b/ai/in…
 ·  LOW  lcl Check…030-gke reads│ index 1111111..2222222 100755
 ·  LOW  lcl Check…040-artifact…│ --- a/ai/infra/tasks/030-vm.sh
 ·  LOW  lcl Check…050-dns reads│ +++ b/ai/infra/tasks/030-vm.sh
 ·  LOW  lcl Check…080-ledger-a…│ @@ -1,3 +1,3 @@
                                │  #!/usr/bin/env bash
                                │ -gcloud compute instances create edge-vm --zo…
                                │ +gcloud compute instances create edge-vm --zo…
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │

 5 pending  0 accepted  0 rejected  0 edited    a r u  e o  w x  ? help  q quit
-- styles --
TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT
KKKKKK..........................|sssssssddddddddddddd..ddddddddddddddddddddddddd
SSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSS|.FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF
dd.LLLLLmmmmm...................|.mmmmmmmmmmmmmmmmmmmmmmmmmmmmm
dd.LLLLLmmmmm...................|.mmmmmmmmmmmmmmmmmmmmmmmmmmmmmm
dd.LLLLLmmmmm...................|.mmmmmmmmmmmmmmmmmmmmmmmmmmmmmm
dd.LLLLLmmmmm...................|.@@@@@@@@@@@@@@@
................................|
................................|.----------------------------------------------
................................|.++++++++++++++++++++++++++++++++++++++++++++++
................................|
................................|
................................|
................................|
................................|
................................|
................................|
................................|
................................|
................................|
................................|
................................|

BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhB
"""#
}
