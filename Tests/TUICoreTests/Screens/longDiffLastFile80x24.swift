// Recorded by record-goldens.py from a reviewed screen; regenerate, do not hand-edit.
extension Goldens {
    static let longDiffLastFile80x24 = #"""
 infra-tui  /srv/demo  (ai/infra)                     3 operations · 2 findings
 Queue                          │ 1 Diff 2 Ops 3 Info  entrypoint-canonical-init
 ·  LOW  lcl Share helpers thro…│ +# step 189: run the numbered task 189 and lo…
 ·  MED  lcl Drive every task f…│ +# step 190: run the numbered task 190 and lo…
 ·✗ HIGH ext Write the runbook …│ +# step 191: run the numbered task 191 and lo…
                                │ +# step 192: run the numbered task 192 and lo…
                                │ +# step 193: run the numbered task 193 and lo…
                                │ +# step 194: run the numbered task 194 and lo…
                                │ +# step 195: run the numbered task 195 and lo…
                                │ +# step 196: run the numbered task 196 and lo…
                                │ +# step 197: run the numbered task 197 and lo…
                                │ +# step 198: run the numbered task 198 and lo…
                                │ +# step 199: run the numbered task 199 and lo…
                                │ +# step 200: run the numbered task 200 and lo…
                                │ diff --git a/ai/infra/bin/up.sh b/ai/infra/bi…
                                │ index 6666666..7777777 100755
                                │ --- a/ai/infra/bin/up.sh
                                │ +++ b/ai/infra/bin/up.sh
                                │ @@ -1,2 +1,2 @@
                                │  #!/usr/bin/env bash
                                │ -for t in tasks/*.sh; do bash "$t"; done
                                │ +exec "$(dirname "$0")/../init.sh" "$@"
 Last file (the diff ends here)
 3 pending             ] [ hunk  } { file  / find  z wrap  < > sideways  ? help
-- styles --
TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT
FFFFFF..........................|SSSSSSSddddddddddddd..ddddddddddddddddddddddddd
dd.LLLLLmmmmm...................|.++++++++++++++++++++++++++++++++++++++++++++++
ssssssssssssssssssssssssssssssss|.++++++++++++++++++++++++++++++++++++++++++++++
ddEHHHHHmmmmm...................|.++++++++++++++++++++++++++++++++++++++++++++++
................................|.++++++++++++++++++++++++++++++++++++++++++++++
................................|.++++++++++++++++++++++++++++++++++++++++++++++
................................|.++++++++++++++++++++++++++++++++++++++++++++++
................................|.++++++++++++++++++++++++++++++++++++++++++++++
................................|.++++++++++++++++++++++++++++++++++++++++++++++
................................|.++++++++++++++++++++++++++++++++++++++++++++++
................................|.++++++++++++++++++++++++++++++++++++++++++++++
................................|.++++++++++++++++++++++++++++++++++++++++++++++
................................|.++++++++++++++++++++++++++++++++++++++++++++++
................................|.FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF
................................|.mmmmmmmmmmmmmmmmmmmmmmmmmmmmm
................................|.mmmmmmmmmmmmmmmmmmmmmmmm
................................|.mmmmmmmmmmmmmmmmmmmmmmmm
................................|.@@@@@@@@@@@@@@@
................................|
................................|.----------------------------------------
................................|.+++++++++++++++++++++++++++++++++++++++

BBBBBBBBBBBBBBBBBBBBBBBhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhB
"""#
}
