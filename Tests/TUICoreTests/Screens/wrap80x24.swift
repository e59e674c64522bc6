// Recorded by record-goldens.py from a reviewed screen; regenerate, do not hand-edit.
extension Goldens {
    static let wrap80x24 = #"""
 infra-tui  /srv/demo  (ai/infra)                      1 operation · 0 findings
 Queue                          │ 1 Diff  2  3        rerun-guard-030-vm 1-20/47
 ·  LOW  lcl Make 030-vm safe t…│ diff --git a/ai/infra/tasks/030-vm.sh b/ai/inf
                                │ ↪ra/tasks/030-vm.sh
                                │ index 1111111..2222222 100755
                                │ --- a/ai/infra/tasks/030-vm.sh
                                │ +++ b/ai/infra/tasks/030-vm.sh
                                │ @@ -1,3 +1,3 @@
                                │  #!/usr/bin/env bash
                                │ -gcloud compute instances create edge-vm --zon
                                │ ↪e "$ZONE"
                                │ +gcloud compute instances create edge-vm --zon
                                │ ↪e "$ZONE" --metadata startup-script-line=echo
                                │ ↪-hello;startup-script-line=echo-hello;startup
                                │ ↪-script-line=echo-hello;startup-script-line=e
                                │ ↪cho-hello;startup-script-line=echo-hello;star
                                │ ↪tup-script-line=echo-hello;startup-script-lin
                                │ ↪e=echo-hello;startup-script-line=echo-hello;
                                │ ↪--labels NEEDLE_AT_THE_END
                                │  # context line 0
                                │  # context line 1
                                │  # context line 2
 Wrap on: long lines fold at the pane's edge (z: scroll sideways instead)
 1 pending             ] [ hunk  } { file  / find  z wrap  < > sideways  ? help
-- styles --
TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT
FFFFFF..........................|SSSSSSSSdddddd.......dddddddddddddddddddddddddd
ssssssssssssssssssssssssssssssss|.FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF
................................|.dFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF
................................|.mmmmmmmmmmmmmmmmmmmmmmmmmmmmm
................................|.mmmmmmmmmmmmmmmmmmmmmmmmmmmmmm
................................|.mmmmmmmmmmmmmmmmmmmmmmmmmmmmmm
................................|.@@@@@@@@@@@@@@@
................................|
................................|.----------------------------------------------
................................|.d---------
................................|.++++++++++++++++++++++++++++++++++++++++++++++
................................|.d+++++++++++++++++++++++++++++++++++++++++++++
................................|.d+++++++++++++++++++++++++++++++++++++++++++++
................................|.d+++++++++++++++++++++++++++++++++++++++++++++
................................|.d+++++++++++++++++++++++++++++++++++++++++++++
................................|.d+++++++++++++++++++++++++++++++++++++++++++++
................................|.d+++++++++++++++++++++++++++++++++++++++++++++
................................|.d++++++++++++++++++++++++++
................................|
................................|
................................|

BBBBBBBBBBBBBBBBBBBBBBBhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhB
"""#
}
