// Recorded by record-goldens.py from a reviewed screen; regenerate, do not hand-edit.
extension Goldens {
    static let wideName80x24 = #"""
 infra-tui  /srv/demo  (ai/infra)                     3 operations · 2 findings
 Queue                          │ 1 Diff   2 Ops   3 Info           docs-runbook
 ·  LOW  lcl Share helpers thro…│ diff --git a/ai/infra/docs/説明-café.md b/ai/…
 ·  MED  lcl Drive every task f…│ new file mode 100644
 ·✗ HIGH ext Write the runbook …│ index 0000000..8888888
                                │ --- /dev/null
                                │ +++ b/ai/infra/docs/説明-café.md
                                │ @@ -0,0 +1,3 @@
                                │ +# 説明: how to run the infra
                                │ +
                                │ +Run ./ai/infra/init.sh; nothing else.
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

 3 pending  0 accepted  0 rejected  0 edited    a r u  e o  w x  ? help  q quit
-- styles --
TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT
KKKKKK..........................|ssssssss.ddddddd.dddddddd..........dddddddddddd
dd.LLLLLmmmmm...................|.FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF
dd.MMMMMmmmmm...................|.mmmmmmmmmmmmmmmmmmmm
SSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSS|.mmmmmmmmmmmmmmmmmmmmmm
................................|.mmmmmmmmmmmmm
................................|.mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm
................................|.@@@@@@@@@@@@@@@
................................|.+++++++++++++++++++++++++++++
................................|.+
................................|.++++++++++++++++++++++++++++++++++++++
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
