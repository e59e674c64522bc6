// Recorded by record-goldens.py from a reviewed screen; regenerate, do not hand-edit.
extension Goldens {
    static let queue80x24 = #"""
 infra-tui  /srv/demo  (ai/infra)                     3 operations · 2 findings
 Queue                          │ 1 Diff  2  3     helpers-normalise-lib 1-20/27
 ·  LOW  lcl Share helpers thro…│ diff --git a/ai/infra/tasks/010-apis.sh b/ai/…
 ·  MED  lcl Drive every task f…│ index 1111111..2222222 100755
 ·✗ HIGH ext Write the runbook …│ --- a/ai/infra/tasks/010-apis.sh
                                │ +++ b/ai/infra/tasks/010-apis.sh
                                │ @@ -1,4 +1,5 @@
                                │  #!/usr/bin/env bash
                                │ -set -e
                                │ +set -euo pipefail
                                │ +source "$(dirname "$0")/../lib/common.sh"
                                │  log "enabling APIs"
                                │  gcloud services enable container.googleapis.…
                                │ @@ -9,3 +10,3 @@ enable_apis() {
                                │    local project=$1
                                │ -  echo "project: $project"
                                │ +  log "project: $project"
                                │  }
                                │ diff --git a/ai/infra/tasks/020-network.sh b/…
                                │ index 3333333..4444444 100755
                                │ --- a/ai/infra/tasks/020-network.sh
                                │ +++ b/ai/infra/tasks/020-network.sh

 3 pending  0 accepted  0 rejected  0 edited    a r u  e o  w x  ? help  q quit
-- styles --
TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT
KKKKKK..........................|ssssssssdddddd....ddddddddddddddddddddddddddddd
SSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSS|.FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF
dd.MMMMMmmmmm...................|.mmmmmmmmmmmmmmmmmmmmmmmmmmmmm
ddEHHHHHmmmmm...................|.mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm
................................|.mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm
................................|.@@@@@@@@@@@@@@@
................................|
................................|.------r
................................|.++++++aaaaaaaaaaaa
................................|.++++++++++++++++++++++++++++++++++++++++++
................................|
................................|
................................|.@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
................................|
................................|.---rrrr--------------------
................................|.+++aaa++++++++++++++++++++
................................|
................................|.FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF
................................|.mmmmmmmmmmmmmmmmmmmmmmmmmmmmm
................................|.mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm
................................|.mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm

BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhB
"""#
}
