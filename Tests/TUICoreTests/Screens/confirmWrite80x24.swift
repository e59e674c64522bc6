// Recorded by record-goldens.py from a reviewed screen; regenerate, do not hand-edit.
extension Goldens {
    static let confirmWrite80x24 = #"""
 infra-tui  /srv/demo  (ai/infra)                     3 operations · 2 findings
 Queue                          │ 1 Diff   2 Ops   3 Info           docs-runbook
 ✓  LOW  lcl Share helpers thro…│ diff --git a/ai/infra/docs/説明-café.md b/ai/…
 ·  MED  lcl Drive every task f…│ new file mode 100644
 ✓✗ HIGH ext Write the runbook …│ index 0000000..8888888
                                │ --- /dev/null
  ┌─ Write to disk? ─────────────────────────────────────────────────────────┐
  │ Write 2 accepted operations to /srv/demo?                                │
  │   ✓ helpers-normalise-lib (2 files, +4 -5)                               │
  │   ✗ docs-runbook (1 file, +3 -0)                                         │
  │ 3 files changed, +7 -5 lines: ai/infra/tasks/010-apis.sh,                │
  │ ai/infra/tasks/020-network.sh, ai/infra/docs/説明-café.md                │
  │ ✗ will be refused: validation failed (override with !).                  │
  │ Files are written atomically; `infra-tui undo` restores them.            │
  │                                                                          │
  │ [y] yes   [n] no                                                         │
  └──────────────────────────────────────────────────────────────────────────┘
                                │
                                │
                                │
                                │
                                │

 1 pending  2 accepted  0 rejected  0 edited                       y yes   n no
-- styles --
TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT
KKKKKK..........................|ssssssss.ddddddd.dddddddd..........dddddddddddd
OO.LLLLLmmmmm...................|.FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF
dd.MMMMMmmmmm...................|.mmmmmmmmmmmmmmmmmmmm
SSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSS|.mmmmmmmmmmmmmmmmmmmmmm
................................|.mmmmmmmmmmmmm
..PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP
..PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP
..PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP
..PPEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP
..PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP
..PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP
..PPEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEPPPPPPPPPPPPPPPPPPP
..PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP
..PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP
..PPKKKKKKKKKKKKKKKKPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP
..PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP
................................|
................................|
................................|
................................|
................................|

BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBhhhhhhhhhhhhB
"""#
}
