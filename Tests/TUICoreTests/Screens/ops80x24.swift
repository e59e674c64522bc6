// Recorded by record-goldens.py from a reviewed screen; regenerate, do not hand-edit.
extension Goldens {
    static let ops80x24 = #"""
 infra-tui  /srv/demo  (ai/infra)                     3 operations · 2 findings
 Queue                          │ 1 Diff 2 Ops 3 Info      helpers-normalise-lib
 ·  LOW  lcl Share helpers thro…│ ```ops
 ·  MED  lcl Drive every task f…│ Id: helpers-normalise-lib
 ·✗ HIGH ext Write the runbook …│ Title: Share helpers through
                                │ ↪ai/infra/lib/common.sh
                                │ Mode: implement
                                │ Group: local
                                │ Risk: LOW
                                │ DependsOn:
                                │ Preconditions:
                                │ - bash 4+ on PATH
                                │ Commands:
                                │ - ./ai/infra/init.sh --list
                                │ ExpectedOutputs:
                                │ - the numbered tasks, in order
                                │ Rollback:
                                │ - git revert the commit that applied this
                                │ ↪operation
                                │ ```
                                │
                                │

 3 pending  0 accepted  0 rejected  0 edited    a r u  e o  w x  ? help  q quit
-- styles --
TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT
KKKKKK..........................|dddddddssssssddddddd......ddddddddddddddddddddd
SSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSS|.dddddd
dd.MMMMMmmmmm...................|.KKK
ddEHHHHHmmmmm...................|.KKKKKK
................................|.d
................................|.KKKKK
................................|.KKKKKK
................................|.KKKKKLLLL
................................|.KKKKKKKKKK
................................|.KKKKKKKKKKKKKK
................................|
................................|.KKKKKKKKK
................................|
................................|.KKKKKKKKKKKKKKKK
................................|
................................|.KKKKKKKKK
................................|
................................|.d
................................|.ddd
................................|
................................|

BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhB
"""#
}
