// Recorded by record-goldens.py from a reviewed screen; regenerate, do not hand-edit.
extension Goldens {
    static let blocked200x60 = #"""
 infra-tui  /srv/demo  (ai/infra)                                                                                                                                             3 operations · 2 findings
 Queue                                                  │ 1 Diff   2 Ops   3 Info                                                                                                  helpers-normalise-lib
 ✗  LOW  local    Share helpers through ai/infra/lib/co…│ diff --git a/ai/infra/tasks/010-apis.sh b/ai/infra/tasks/010-apis.sh
 ⊘  MED  local    Drive every task from ai/infra/init.sh│ index 1111111..2222222 100755
 ·✗ HIGH external Write the runbook for the one executi…│ --- a/ai/infra/tasks/010-apis.sh
                                                        │ +++ b/ai/infra/tasks/010-apis.sh
                                                        │ @@ -1,4 +1,5 @@
                                                        │  #!/usr/bin/env bash
                                                        │ -set -e
                                                        │ +set -euo pipefail
                                                        │ +source "$(dirname "$0")/../lib/common.sh"
                                                        │  log "enabling APIs"
                                                        │  gcloud services enable container.googleapis.com
                                                        │ @@ -9,3 +10,3 @@ enable_apis() {
                                                        │    local project=$1
                                                        │ -  echo "project: $project"
                                                        │ +  log "project: $project"
                                                        │  }
                                                        │ diff --git a/ai/infra/tasks/020-network.sh b/ai/infra/tasks/020-network.sh
                                                        │ index 3333333..4444444 100755
                                                        │ --- a/ai/infra/tasks/020-network.sh
                                                        │ +++ b/ai/infra/tasks/020-network.sh
                                                        │ @@ -1,6 +1,3 @@
                                                        │  #!/usr/bin/env bash
                                                        │ -log() { echo "[net] $*"; }
                                                        │ -die() { echo "$*" >&2; exit 1; }
                                                        │ -
                                                        │ +source "$(dirname "$0")/../lib/common.sh"
                                                        │  gcloud compute networks create edge --subnet-mode=custom
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
                                                        │
                                                        │
                                                        │
                                                        │
                                                        │
 Rejected helpers-normalise-lib; blocked, as they depend on it: entrypoint-canonical-init
 2 pending  0 accepted  1 rejected  0 edited  1 blocked                                                          a accept  r reject  u undo  e edit  o ops  w write  x export  / search  ? help  q quit
-- styles --
TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT
KKKKKK..................................................|ssssssss.ddddddd.dddddddd.................................................................................................ddddddddddddddddddddd
SSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSS|.FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF
WW.MMMMMmmmmmmmmmm......................................|.mmmmmmmmmmmmmmmmmmmmmmmmmmmmm
ddEHHHHHmmmmmmmmmm......................................|.mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm
........................................................|.mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm
........................................................|.@@@@@@@@@@@@@@@
........................................................|
........................................................|.-------
........................................................|.++++++++++++++++++
........................................................|.++++++++++++++++++++++++++++++++++++++++++
........................................................|
........................................................|
........................................................|.@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
........................................................|
........................................................|.---------------------------
........................................................|.++++++++++++++++++++++++++
........................................................|
........................................................|.FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF
........................................................|.mmmmmmmmmmmmmmmmmmmmmmmmmmmmm
........................................................|.mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm
........................................................|.mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm
........................................................|.@@@@@@@@@@@@@@@
........................................................|
........................................................|.---------------------------
........................................................|.---------------------------------
........................................................|.-
........................................................|.++++++++++++++++++++++++++++++++++++++++++
........................................................|
........................................................|
........................................................|
........................................................|
........................................................|
........................................................|
........................................................|
........................................................|
........................................................|
........................................................|
........................................................|
........................................................|
........................................................|
........................................................|
........................................................|
........................................................|
........................................................|
........................................................|
........................................................|
........................................................|
........................................................|
........................................................|
........................................................|
........................................................|
........................................................|
........................................................|
........................................................|
........................................................|
........................................................|
........................................................|
OOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOO
BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhB
"""#
}
