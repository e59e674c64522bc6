// libFuzzer target: the unified-diff parser and applier never crash, and a made diff
// applied to its old text gives the new text. Input: two texts separated by a NUL byte,
// or any bytes for the parser.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPatch(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let text = String(decoding: bytes, as: UTF8.self)
    if let patches = try? PatchParser.parse(text) {
        for p in patches { _ = try? PatchApplier.apply(p, to: "a\nb\nc\n") }
    }
    if let nul = bytes.firstIndex(of: 0) {
        let old = String(decoding: bytes[..<nul], as: UTF8.self)
        let new = String(decoding: bytes[(nul + 1)...], as: UTF8.self)
        let patch = UnifiedDiff.filePatch(path: "f", old: old, new: new, oldMode: .regular, newMode: .regular,
                                          oldBlob: String(repeating: "a", count: 40), newBlob: String(repeating: "b", count: 40))
        if old != new {
            let applied = try? PatchApplier.apply(patch, to: old)
            precondition(applied == new, "apply(diff(old, new), old) != new")
            let reparsed = try? PatchParser.parse(UnifiedDiff.render(patch))
            precondition(reparsed == [patch], "parse(render(p)) != p")
        }
    }
    return 0
}
