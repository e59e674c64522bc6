import Testing
import ShellReader

/// Random inputs: whatever the bytes, reading terminates and every reported position is
/// inside the text.
@Suite struct PropertyTests {
    static let alphabet = Array("ab $(){}[]\"'`\\\n\t;&|<>#=-!:%*?@/+,.~^ifthenelsefidodonecaseesacwhileforin<<EOF\r".utf8)

    @Test func randomBytes() {
        var rng = SeededRandom(seed: 7)
        for _ in 0..<3000 {
            let count = Int.random(in: 0...300, using: &rng)
            let bytes = (0..<count).map { _ in
                Bool.random(using: &rng) ? Self.alphabet.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng)
            }
            checkBounds(ShellReader.read(String(decoding: bytes, as: UTF8.self)))
        }
    }

    @Test func mutationsOfValidScripts() {
        var rng = SeededRandom(seed: 42)
        let bases = [RealScriptTests.cluster, Self.kitchenSink].map { Array($0.utf8) }
        for round in 0..<3000 {
            var bytes = bases[round % bases.count]
            for _ in 0..<Int.random(in: 1...10, using: &rng) where !bytes.isEmpty {
                let i = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: bytes[i] = Self.alphabet.randomElement(using: &rng)!
                case 1: bytes.remove(at: i)
                case 2: bytes.insert(Self.alphabet.randomElement(using: &rng)!, at: i)
                default:
                    // Duplicate a slice, which tends to unbalance quotes and constructs.
                    let j = min(bytes.count, i + Int.random(in: 1...40, using: &rng))
                    bytes.insert(contentsOf: bytes[i..<j], at: j)
                }
            }
            checkBounds(ShellReader.read(String(decoding: bytes, as: UTF8.self)))
        }
    }

    @Test func validScriptsReadWithoutDiagnostics() {
        let s = ShellReader.read(Self.kitchenSink)
        #expect(s.diagnostics.isEmpty)
        checkBounds(s)
    }

    static let kitchenSink = """
        #!/usr/bin/env bash
        set -Eeuo pipefail
        readonly DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
        declare -A MAP=([a]=1 [b]=2)
        log() { printf '%s %s\\n' "$(date +%T)" "$*" >&2; }
        trap 'log "failed at $LINENO"' ERR
        for f in "$DIR"/tasks/*.sh; do
          case "${f##*/}" in
            0*) bash "$f" || { log "task $f failed"; exit 1; } ;;
            *) : ;;
          esac
        done
        while IFS='=' read -r k v; do
          [[ -z $k || $k == \\#* ]] && continue
          export "$k=$v"
        done < <(grep -v '^$' .env)
        if (( ${#MAP[@]} > 1 )); then
          cat <<-EOF | kubectl apply -f -
        \tapiVersion: v1
        \tkind: Namespace
        \tmetadata: { name: ${NS:-default} }
        \tEOF
        fi
        result=$(( $(wc -l < file) + 1 )); echo "$result" `uname -s`

        """
}

/// SplitMix64: reproducible random inputs.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
