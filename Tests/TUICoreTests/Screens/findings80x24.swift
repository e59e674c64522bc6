// Recorded by record-goldens.py from a reviewed screen; regenerate, do not hand-edit.
extension Goldens {
    static let findings80x24 = #"""
 infra-tui  /srv/demo  (ai/infra)                      1 operation · 3 findings
 Findings  3 of 3 (1 with a fix, 2 without)  severity: all
 ERR  ai/infra/tasks/030-vm.sh:2  reads ZONE under set -u… → rerun-guard-030-vm
 WARN ai/infra/keys/deployer.json:1  a service-account key file is comm… no fix
 INFO README.md:14  names ./deploy-all.sh, which does not exist          no fix












────────────────────────────────────────────────────────────────────────────────
 ai/infra/keys/deployer.json:1  [secrets, warning]  a service-account key file
 is committed

 No fix: the engine cannot fix this safely; the evidence above is where to look

 1 pending           enter open fix  / filter  s severity  f unfixed  esc close
-- styles --
TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT
FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF
HHHHHHmmmmmmmmmmmmmmmmmmmmmmmmmmmm.........................OOOOOOOOOOOOOOOOOOOO
SSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSS
ddddddmmmmmmmmmmmmmm.....................................................WWWWWW












||||||||||||||||||||||||||||||||||||||||||||||||||||||||||||||||||||||||||||||||



WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW

BBBBBBBBBBBBBBBBBBBBBhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhB
"""#
}
