import Foundation

/// A text cut into records the way xdiff does it: on "\n" only, each record
/// keeping its "\n" (so a last line without one is a different record, and a
/// "\r" stays part of the line). Everything works on UTF-8 bytes because Swift
/// `String` equality is canonical equivalence, which would let an NFC and an
/// NFD spelling of the same line compare equal.
struct LineTable {
    let bytes: [UInt8]
    /// Record i is bytes[starts[i] ..< starts[i + 1]].
    let starts: [Int]

    init(_ text: String?) {
        self.init(bytes: Array((text ?? "").utf8))
    }

    init(bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        starts.reserveCapacity(bytes.count / 32 + 2)
        for (i, byte) in bytes.enumerated() where byte == 0x0A {
            starts.append(i + 1)
        }
        if starts.last != bytes.count { starts.append(bytes.count) }
        self.starts = starts
    }

    var count: Int { starts.count - 1 }

    func record(_ i: Int) -> ArraySlice<UInt8> {
        bytes[starts[i] ..< starts[i + 1]]
    }

    func endsWithNewline(_ i: Int) -> Bool {
        bytes[starts[i + 1] - 1] == 0x0A
    }

    /// The line without its "\n", as a String.
    func text(_ i: Int) -> String {
        let end = endsWithNewline(i) ? starts[i + 1] - 1 : starts[i + 1]
        return String(decoding: bytes[starts[i] ..< end], as: UTF8.self)
    }

    func hunkLine(_ i: Int, _ kind: HunkLine.Kind) -> HunkLine {
        HunkLine(kind: kind, text: text(i), noNewlineAtEnd: !endsWithNewline(i))
    }
}

/// Gives equal records of both files the same small integer, so the diff
/// compares ints, and counts how often each class occurs on each side.
/// A hand-rolled open-addressing table over the raw bytes: a Dictionary keyed
/// by slices spent most of a 100,000-line diff on hashing and reference
/// counting.
struct Classified {
    let ids1: [Int]
    let ids2: [Int]
    let count1: [Int]
    let count2: [Int]

    init(_ a: LineTable, _ b: LineTable) {
        var capacity = 16
        while capacity < 2 * (a.count + b.count) { capacity <<= 1 }
        let mask = capacity - 1
        // A slot holds the class id + 1 (0 = empty) in its low half and the
        // top of the hash in its high half, so most probes touch one word.
        var slots = [UInt64](repeating: 0, count: capacity)
        // Per class: where its first record lives.
        var first: [(side: Int, start: Int, length: Int)] = []
        var count1: [Int] = [], count2: [Int] = []
        var ids1: [Int] = [], ids2: [Int] = []
        ids1.reserveCapacity(a.count)
        ids2.reserveCapacity(b.count)

        a.bytes.withUnsafeBufferPointer { bytesA in
            b.bytes.withUnsafeBufferPointer { bytesB in
                slots.withUnsafeMutableBufferPointer { slots in
                    let bases = (bytesA.baseAddress, bytesB.baseAddress)
                    for side in 0 ... 1 {
                        let table = side == 0 ? a : b
                        guard let base = side == 0 ? bases.0 : bases.1 else { continue }
                        for i in 0 ..< table.count {
                            let start = table.starts[i], length = table.starts[i + 1] - start
                            let record = base + start
                            // FNV-1a: simple, and records are short.
                            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
                            for k in 0 ..< length { hash = (hash ^ UInt64(record[k])) &* 0x100_0000_01B3 }
                            let tag = hash & 0xFFFF_FFFF_0000_0000
                            var slot = Int(truncatingIfNeeded: hash) & mask
                            var id = -1
                            while slots[slot] != 0 {
                                let entry = slots[slot]
                                if entry & 0xFFFF_FFFF_0000_0000 == tag {
                                    let candidate = Int(entry & 0xFFFF_FFFF) - 1
                                    let known = first[candidate]
                                    if known.length == length,
                                       let other = known.side == 0 ? bases.0 : bases.1,
                                       memcmp(other + known.start, record, length) == 0 {
                                        id = candidate
                                        break
                                    }
                                }
                                slot = (slot + 1) & mask
                            }
                            if id < 0 {
                                id = first.count
                                slots[slot] = tag | UInt64(id + 1)
                                first.append((side, start, length))
                                count1.append(0)
                                count2.append(0)
                            }
                            if side == 0 {
                                count1[id] += 1
                                ids1.append(id)
                            } else {
                                count2[id] += 1
                                ids2.append(id)
                            }
                        }
                    }
                }
            }
        }
        self.ids1 = ids1
        self.ids2 = ids2
        self.count1 = count1
        self.count2 = count2
    }
}
