import Testing
import ShellReader

@Suite struct StrictModeTests {
    @Test func commonForms() {
        let cases: [(String, StrictMode)] = [
            ("set -euo pipefail", StrictMode(errexit: true, nounset: true, pipefail: true, line: 1)),
            ("#!/bin/bash\n\nset -Eeuo pipefail", StrictMode(errexit: true, nounset: true, pipefail: true, errtrace: true, line: 3)),
            ("set -e; set -u\nset -o pipefail", StrictMode(errexit: true, nounset: true, pipefail: true, line: 1)),
            ("set -o errexit -o nounset -o pipefail", StrictMode(errexit: true, nounset: true, pipefail: true, line: 1)),
            ("set -eu", StrictMode(errexit: true, nounset: true, pipefail: false, line: 1)),
            ("echo hi", StrictMode()),
            ("", StrictMode()),
        ]
        for (text, expected) in cases {
            #expect(ShellReader.read(text).strictMode == expected, "\(text)")
        }
        #expect(ShellReader.read("set -euo pipefail").strictMode.isStrict)
        #expect(!ShellReader.read("set -eu").strictMode.isStrict)
    }

    @Test func laterSetTurnsOptionsOff() {
        let off = ShellReader.read("set -euo pipefail\nset +e\n").strictMode
        #expect(!off.errexit && off.nounset && off.pipefail && off.line == nil)
        let again = ShellReader.read("set -e\nset +e\nset -e\nset +o pipefail -u\n").strictMode
        #expect(again.errexit && again.line == 1 && again.nounset && !again.pipefail)
    }

    @Test func onlyTheScriptsOwnShellCounts() {
        #expect(ShellReader.read("f() { set -euo pipefail; }").strictMode == StrictMode())
        #expect(ShellReader.read("( set -e )\nx=$(set -e)\n").strictMode == StrictMode())
        // A condition or a group still runs in the script's shell.
        #expect(ShellReader.read("if true; then set -e; fi\n{ set -u; }\n").strictMode == StrictMode(errexit: true, nounset: true, pipefail: false, line: 1))
    }

    @Test func shebangOptions() {
        #expect(ShellReader.read("#!/bin/bash -e\necho").strictMode == StrictMode(errexit: true, nounset: false, pipefail: false, line: 1))
        #expect(ShellReader.read("#!/usr/bin/env -S bash -eu\r\necho").strictMode.nounset)
        #expect(ShellReader.read("#!/usr/bin/env bash\n").strictMode == StrictMode())
    }

    @Test func sources() {
        let s = ShellReader.read("source lib/a.sh\n. \"$DIR/b.sh\"\nif [ -f c ]; then . ./c; fi\necho source .\n")
        #expect(s.sources.map { $0.arguments.first?.unquotedText ?? "" } == ["lib/a.sh", "$DIR/b.sh", "./c"])
        #expect(s.sources.map(\.startLine) == [1, 2, 3])
    }
}
