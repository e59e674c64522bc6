// Recorded by record-goldens.py from a reviewed screen; regenerate, do not hand-edit.
extension Goldens {
    static let acceptDeps200x60 = #"""
 infra-tui  /srv/demo  (ai/infra)                                                                                                                                             3 operations · 2 findings
 Queue                                                                    │ 1 Diff   2 Ops   3 Info                                                                    entrypoint-canonical-init 1-56/94
 ·  LOW  local    Share helpers through ai/infra/lib/common.sh            │ diff --git a/ai/infra/init.sh b/ai/infra/init.sh
 ·  MED  local    Drive every task from ai/infra/init.sh                  │ new file mode 100755
 ·✗ HIGH external Write the runbook for the one execution path            │ index 0000000..5555555
                                                                          │ --- /dev/null
                                                                          │ +++ b/ai/infra/init.sh
                                                                          │ @@ -0,0 +1,80 @@
                                                                          │ +# step 1: run the numbered task 1 and log it
                                                                          │ +# step 2: run the numbered task 2 and log it
                                                                          │ +# step 3: run the numbered task 3 and log it
                                                                          │ +# step 4: run the numbered task 4 and log it
                                                                          │ +# step 5: run the numbered task 5 and log it
                                                                          │ +# step 6: run the numbered task 6 and log it
                                                                          │ +# step 7: run the numbered task 7 and log it
                                                                          │ +# step 8: run the numbered task 8 and log it
                                                                          │ +# step 9: run the numbered task 9 and log it
                                                                          │ +# step 10: run the numbered task 10 and log it
                                                                          │ +# step 11: run the numbered task 11 and log it
                                                                          │ +# step 12: run the numbered task 12 and log it
                                                                          │ +# step 13: run the numbered task 13 and log it
                                                                          │ +# step 14: run the numbered task 14 and log it
                                                                          │ +# step 15: run the numbered task 15 and log it
                                                                          │ +# step 16: run the numbered task 16 and log it
                                                                          │ +# step 17: run the numbered task 17 and log it
                                                                          │ +# step 18: run the numbered task 18 and log it
                                                              ┌─ Accept with dependencies? ──────────────────────────────────────────────┐
                                                              │ entrypoint-canonical-init depends on operations that are not accepted:   │
                                                              │   helpers-normalise-lib (pending)                                        │
                                                              │ Accept them too?                                                         │
                                                              │                                                                          │
                                                              │ [y] yes   [n] no                                                         │
                                                              └──────────────────────────────────────────────────────────────────────────┘
                                                                          │ +# step 26: run the numbered task 26 and log it
                                                                          │ +# step 27: run the numbered task 27 and log it
                                                                          │ +# step 28: run the numbered task 28 and log it
                                                                          │ +# step 29: run the numbered task 29 and log it
                                                                          │ +# step 30: run the numbered task 30 and log it
                                                                          │ +# step 31: run the numbered task 31 and log it
                                                                          │ +# step 32: run the numbered task 32 and log it
                                                                          │ +# step 33: run the numbered task 33 and log it
                                                                          │ +# step 34: run the numbered task 34 and log it
                                                                          │ +# step 35: run the numbered task 35 and log it
                                                                          │ +# step 36: run the numbered task 36 and log it
                                                                          │ +# step 37: run the numbered task 37 and log it
                                                                          │ +# step 38: run the numbered task 38 and log it
                                                                          │ +# step 39: run the numbered task 39 and log it
                                                                          │ +# step 40: run the numbered task 40 and log it
                                                                          │ +# step 41: run the numbered task 41 and log it
                                                                          │ +# step 42: run the numbered task 42 and log it
                                                                          │ +# step 43: run the numbered task 43 and log it
                                                                          │ +# step 44: run the numbered task 44 and log it
                                                                          │ +# step 45: run the numbered task 45 and log it
                                                                          │ +# step 46: run the numbered task 46 and log it
                                                                          │ +# step 47: run the numbered task 47 and log it
                                                                          │ +# step 48: run the numbered task 48 and log it
                                                                          │ +# step 49: run the numbered task 49 and log it
                                                                          │ +# step 50: run the numbered task 50 and log it

 3 pending  0 accepted  0 rejected  0 edited                                                                                                                                               y yes   n no
-- styles --
TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT
KKKKKK....................................................................|ssssssss.ddddddd.dddddddd...................................................................ddddddddddddddddddddddddddddddddd
dd.LLLLLmmmmmmmmmm........................................................|.FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF
SSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSS|.mmmmmmmmmmmmmmmmmmmm
ddEHHHHHmmmmmmmmmm........................................................|.mmmmmmmmmmmmmmmmmmmmmm
..........................................................................|.mmmmmmmmmmmmm
..........................................................................|.mmmmmmmmmmmmmmmmmmmmmm
..........................................................................|.@@@@@@@@@@@@@@@@
..........................................................................|.+++++++++++++++++++++++++++++++++++++++++++++
..........................................................................|.+++++++++++++++++++++++++++++++++++++++++++++
..........................................................................|.+++++++++++++++++++++++++++++++++++++++++++++
..........................................................................|.+++++++++++++++++++++++++++++++++++++++++++++
..........................................................................|.+++++++++++++++++++++++++++++++++++++++++++++
..........................................................................|.+++++++++++++++++++++++++++++++++++++++++++++
..........................................................................|.+++++++++++++++++++++++++++++++++++++++++++++
..........................................................................|.+++++++++++++++++++++++++++++++++++++++++++++
..........................................................................|.+++++++++++++++++++++++++++++++++++++++++++++
..........................................................................|.+++++++++++++++++++++++++++++++++++++++++++++++
..........................................................................|.+++++++++++++++++++++++++++++++++++++++++++++++
..........................................................................|.+++++++++++++++++++++++++++++++++++++++++++++++
..........................................................................|.+++++++++++++++++++++++++++++++++++++++++++++++
..........................................................................|.+++++++++++++++++++++++++++++++++++++++++++++++
..........................................................................|.+++++++++++++++++++++++++++++++++++++++++++++++
..........................................................................|.+++++++++++++++++++++++++++++++++++++++++++++++
..........................................................................|.+++++++++++++++++++++++++++++++++++++++++++++++
..........................................................................|.+++++++++++++++++++++++++++++++++++++++++++++++
..............................................................PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP
..............................................................PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP
..............................................................PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP
..............................................................PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP
..............................................................PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP
..............................................................PPKKKKKKKKKKKKKKKKPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP
..............................................................PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP
..........................................................................|.+++++++++++++++++++++++++++++++++++++++++++++++
..........................................................................|.+++++++++++++++++++++++++++++++++++++++++++++++
..........................................................................|.+++++++++++++++++++++++++++++++++++++++++++++++
..........................................................................|.+++++++++++++++++++++++++++++++++++++++++++++++
..........................................................................|.+++++++++++++++++++++++++++++++++++++++++++++++
..........................................................................|.+++++++++++++++++++++++++++++++++++++++++++++++
..........................................................................|.+++++++++++++++++++++++++++++++++++++++++++++++
..........................................................................|.+++++++++++++++++++++++++++++++++++++++++++++++
..........................................................................|.+++++++++++++++++++++++++++++++++++++++++++++++
..........................................................................|.+++++++++++++++++++++++++++++++++++++++++++++++
..........................................................................|.+++++++++++++++++++++++++++++++++++++++++++++++
..........................................................................|.+++++++++++++++++++++++++++++++++++++++++++++++
..........................................................................|.+++++++++++++++++++++++++++++++++++++++++++++++
..........................................................................|.+++++++++++++++++++++++++++++++++++++++++++++++
..........................................................................|.+++++++++++++++++++++++++++++++++++++++++++++++
..........................................................................|.+++++++++++++++++++++++++++++++++++++++++++++++
..........................................................................|.+++++++++++++++++++++++++++++++++++++++++++++++
..........................................................................|.+++++++++++++++++++++++++++++++++++++++++++++++
..........................................................................|.+++++++++++++++++++++++++++++++++++++++++++++++
..........................................................................|.+++++++++++++++++++++++++++++++++++++++++++++++
..........................................................................|.+++++++++++++++++++++++++++++++++++++++++++++++
..........................................................................|.+++++++++++++++++++++++++++++++++++++++++++++++
..........................................................................|.+++++++++++++++++++++++++++++++++++++++++++++++
..........................................................................|.+++++++++++++++++++++++++++++++++++++++++++++++
..........................................................................|.+++++++++++++++++++++++++++++++++++++++++++++++

BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBhhhhhhhhhhhhB
"""#
}
