#!/usr/bin/env python3
"""Turns screens recorded by `TUI_RECORD=1 swift test --filter TUICoreTests` (written to
/tmp/tui-goldens/NAME.txt) into Tests/TUICoreTests/Screens/NAME.swift. Review the diff of
those files before committing: they are the expected screens. `--stub NAME` creates an empty one."""
import os, sys
here = os.path.dirname(os.path.abspath(__file__))
out_dir = os.path.join(here, "TUICoreTests", "Screens")

def write(name, text):
    body = 'extension Goldens {\n    static let %s = #"""\n%s\n"""#\n}\n' % (name, text)
    with open(os.path.join(out_dir, name + ".swift"), "w") as f:
        f.write("// Recorded by record-goldens.py from a reviewed screen; regenerate, do not hand-edit.\n" + body)

if len(sys.argv) > 2 and sys.argv[1] == "--stub":
    for name in sys.argv[2:]:
        if not os.path.exists(os.path.join(out_dir, name + ".swift")):
            write(name, "")
    sys.exit(0)
src = "/tmp/tui-goldens"
for f in sorted(os.listdir(src)) if os.path.isdir(src) else []:
    if f.endswith(".txt"):
        write(f[:-4], open(os.path.join(src, f)).read())
        print("recorded", f[:-4])
