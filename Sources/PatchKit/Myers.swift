/// Myers' O(ND) diff in linear space, ported from git's xdiff (xprepare.c and
/// xdiffi.c) including its preprocessing and cost heuristics. Following xdiff
/// step by step is what makes our hunks come out byte for byte like
/// `git diff`: plain Myers picks among equally short scripts differently.
///
/// The result is a pair of "changed" flag arrays, one per file, each with a
/// sentinel slot at both ends (line i is at index i + 1), as xdiff keeps them.
struct ChangeMarks {
    var old: [Bool]
    var new: [Bool]
}

enum Myers {
    // xdiff's tuning constants (xdiffi.c, xprepare.c).
    static let maxEqualLimit = 1024
    static let simScanWindow = 100
    static let keepDiscardRun = 4
    static let maxCostMin = 256
    static let heuristicMinCost = 256
    static let snakeCount = 20
    static let heuristicFactor = 4

    static func changes(_ c: Classified) -> ChangeMarks {
        let a = c.ids1, b = c.ids2
        let n1 = a.count, n2 = b.count
        var marks = ChangeMarks(
            old: [Bool](repeating: false, count: n1 + 2),
            new: [Bool](repeating: false, count: n2 + 2)
        )

        // Common prefix and suffix never take part.
        var limit = min(n1, n2)
        var start = 0
        while start < limit && a[start] == b[start] { start += 1 }
        limit -= start
        var tail = 0
        while tail < limit && a[n1 - 1 - tail] == b[n2 - 1 - tail] { tail += 1 }

        // Lines without a partner are certainly changes; dropping them (and
        // runs of very common lines around them) makes unrelated files cheap.
        let (index1, ha1) = keptRecords(a, start, n1 - tail - 1, other: c.count2, marks: &marks.old)
        let (index2, ha2) = keptRecords(b, start, n2 - tail - 1, other: c.count1, marks: &marks.new)

        compare(ha1, index1, ha2, index2, &marks)
        return marks
    }

    static func integerSqrt(_ n: Int) -> Int {
        var n = n, i = 1
        while n > 0 { i <<= 1; n >>= 2 }
        return i
    }

    /// xdl_cleanup_records: which records go into the O(ND) search.
    private static func keptRecords(
        _ ids: [Int], _ s: Int, _ e: Int, other: [Int], marks: inout [Bool]
    ) -> (index: [Int], ha: [Int]) {
        guard s <= e else { return ([], []) }
        let limit = min(integerSqrt(ids.count), maxEqualLimit)
        var dis = [UInt8](repeating: 0, count: ids.count + 1)
        for i in s ... e {
            let matches = other[ids[i]]
            dis[i] = matches == 0 ? 0 : matches >= limit ? 2 : 1
        }
        var index: [Int] = [], ha: [Int] = []
        index.reserveCapacity(e - s + 1)
        ha.reserveCapacity(e - s + 1)
        for i in s ... e {
            if dis[i] == 1 || (dis[i] == 2 && !discardMultimatch(dis, i, s, e)) {
                index.append(i)
                ha.append(ids[i])
            } else {
                marks[i + 1] = true
            }
        }
        return (index, ha)
    }

    /// xdl_clean_mmatch: a line matching many others is dropped only when it
    /// sits inside a run made mostly of lines that have no match at all.
    private static func discardMultimatch(_ dis: [UInt8], _ i: Int, _ s0: Int, _ e0: Int) -> Bool {
        let s = i - s0 > simScanWindow ? i - simScanWindow : s0
        let e = e0 - i > simScanWindow ? i + simScanWindow : e0
        var r = 1, noMatchBefore = 0, multiBefore = 1
        while i - r >= s {
            if dis[i - r] == 0 { noMatchBefore += 1 } else if dis[i - r] == 2 { multiBefore += 1 } else { break }
            r += 1
        }
        if noMatchBefore == 0 { return false }
        r = 1
        var noMatchAfter = 0, multiAfter = 1
        while i + r <= e {
            if dis[i + r] == 0 { noMatchAfter += 1 } else if dis[i + r] == 2 { multiAfter += 1 } else { break }
            r += 1
        }
        if noMatchAfter == 0 { return false }
        let noMatch = noMatchAfter + noMatchBefore
        let multi = multiAfter + multiBefore
        return multi * keepDiscardRun < multi + noMatch
    }

    private struct Box { var off1, lim1, off2, lim2: Int; var needMinimal: Bool }
    private struct Split { var i1, i2: Int; var minLow, minHigh: Bool }

    /// xdl_recs_cmp, with an explicit stack: divide-and-conquer depth is not
    /// bounded by log N once the cost heuristics kick in, and test threads
    /// have small stacks.
    private static func compare(_ ha1: [Int], _ index1: [Int], _ ha2: [Int], _ index2: [Int], _ marks: inout ChangeMarks) {
        let n1 = ha1.count, n2 = ha2.count
        if n1 == 0 || n2 == 0 {
            for i in index1 { marks.old[i + 1] = true }
            for i in index2 { marks.new[i + 1] = true }
            return
        }
        let diagonals = n1 + n2 + 3
        let maxCost = max(integerSqrt(diagonals), maxCostMin)
        var kvd = [Int](repeating: 0, count: 2 * diagonals + 2)
        ha1.withUnsafeBufferPointer { h1b in
            ha2.withUnsafeBufferPointer { h2b in
                kvd.withUnsafeMutableBufferPointer { kb in
                    guard let h1 = h1b.baseAddress, let h2 = h2b.baseAddress, let k = kb.baseAddress else { return }
                    let kvdf = k + (n2 + 1)
                    let kvdb = k + (diagonals + n2 + 1)
                    var stack = [Box(off1: 0, lim1: n1, off2: 0, lim2: n2, needMinimal: false)]
                    while var box = stack.popLast() {
                        while box.off1 < box.lim1 && box.off2 < box.lim2 && h1[box.off1] == h2[box.off2] {
                            box.off1 += 1; box.off2 += 1
                        }
                        while box.off1 < box.lim1 && box.off2 < box.lim2 && h1[box.lim1 - 1] == h2[box.lim2 - 1] {
                            box.lim1 -= 1; box.lim2 -= 1
                        }
                        if box.off1 == box.lim1 {
                            for i in box.off2 ..< box.lim2 { marks.new[index2[i] + 1] = true }
                        } else if box.off2 == box.lim2 {
                            for i in box.off1 ..< box.lim1 { marks.old[index1[i] + 1] = true }
                        } else {
                            let s = split(h1, h2, box, kvdf, kvdb, maxCost)
                            stack.append(Box(off1: s.i1, lim1: box.lim1, off2: s.i2, lim2: box.lim2, needMinimal: s.minHigh))
                            stack.append(Box(off1: box.off1, lim1: s.i1, off2: box.off2, lim2: s.i2, needMinimal: s.minLow))
                        }
                    }
                }
            }
        }
    }

    /// xdl_split: find where a shortest edit path crosses the middle diagonal,
    /// or give up after `maxCost` rounds and take the furthest-reaching path.
    private static func split(
        _ ha1: UnsafePointer<Int>, _ ha2: UnsafePointer<Int>, _ box: Box,
        _ kvdf: UnsafeMutablePointer<Int>, _ kvdb: UnsafeMutablePointer<Int>, _ maxCost: Int
    ) -> Split {
        let (off1, lim1, off2, lim2) = (box.off1, box.lim1, box.off2, box.lim2)
        let dmin = off1 - lim2, dmax = lim1 - off2
        let fmid = off1 - off2, bmid = lim1 - lim2
        let odd = (fmid - bmid) & 1 != 0
        var fmin = fmid, fmax = fmid, bmin = bmid, bmax = bmid
        kvdf[fmid] = off1
        kvdb[bmid] = lim1

        var ec = 0
        while true {
            ec += 1
            var gotSnake = false

            // Grow the diagonal domain by one, bouncing off the box edges.
            if fmin > dmin { fmin -= 1; kvdf[fmin - 1] = -1 } else { fmin += 1 }
            if fmax < dmax { fmax += 1; kvdf[fmax + 1] = -1 } else { fmax -= 1 }
            var d = fmax
            while d >= fmin {
                var i1 = kvdf[d - 1] >= kvdf[d + 1] ? kvdf[d - 1] + 1 : kvdf[d + 1]
                let prev = i1
                var i2 = i1 &- d
                while i1 < lim1 && i2 < lim2 && ha1[i1] == ha2[i2] { i1 += 1; i2 += 1 }
                if i1 - prev > snakeCount { gotSnake = true }
                kvdf[d] = i1
                if odd && bmin <= d && d <= bmax && kvdb[d] <= i1 {
                    return Split(i1: i1, i2: i2, minLow: true, minHigh: true)
                }
                d -= 2
            }

            if bmin > dmin { bmin -= 1; kvdb[bmin - 1] = Int.max } else { bmin += 1 }
            if bmax < dmax { bmax += 1; kvdb[bmax + 1] = Int.max } else { bmax -= 1 }
            d = bmax
            while d >= bmin {
                var i1 = kvdb[d - 1] < kvdb[d + 1] ? kvdb[d - 1] : kvdb[d + 1] &- 1
                let prev = i1
                var i2 = i1 &- d
                while i1 > off1 && i2 > off2 && ha1[i1 - 1] == ha2[i2 - 1] { i1 -= 1; i2 -= 1 }
                if prev &- i1 > snakeCount { gotSnake = true }
                kvdb[d] = i1
                if !odd && fmin <= d && d <= fmax && i1 <= kvdf[d] {
                    return Split(i1: i1, i2: i2, minLow: true, minHigh: true)
                }
                d -= 2
            }

            if box.needMinimal { continue }

            // A long snake far from the start is a good enough place to cut.
            if gotSnake && ec > heuristicMinCost {
                var best = 0, cut = (0, 0)
                d = fmax
                while d >= fmin {
                    let dd = d > fmid ? d - fmid : fmid - d
                    let i1 = kvdf[d], i2 = i1 - d
                    let v = (i1 - off1) + (i2 - off2) - dd
                    if v > heuristicFactor * ec && v > best
                        && off1 + snakeCount <= i1 && i1 < lim1 && off2 + snakeCount <= i2 && i2 < lim2 {
                        var k = 1
                        while ha1[i1 - k] == ha2[i2 - k] {
                            if k == snakeCount { best = v; cut = (i1, i2); break }
                            k += 1
                        }
                    }
                    d -= 2
                }
                if best > 0 { return Split(i1: cut.0, i2: cut.1, minLow: true, minHigh: false) }

                best = 0
                d = bmax
                while d >= bmin {
                    let dd = d > bmid ? d - bmid : bmid - d
                    let i1 = kvdb[d], i2 = i1 - d
                    let v = (lim1 - i1) + (lim2 - i2) - dd
                    if v > heuristicFactor * ec && v > best
                        && off1 < i1 && i1 <= lim1 - snakeCount && off2 < i2 && i2 <= lim2 - snakeCount {
                        var k = 0
                        while ha1[i1 + k] == ha2[i2 + k] {
                            if k == snakeCount - 1 { best = v; cut = (i1, i2); break }
                            k += 1
                        }
                    }
                    d -= 2
                }
                if best > 0 { return Split(i1: cut.0, i2: cut.1, minLow: false, minHigh: true) }
            }

            // Too expensive: cut at whichever path got furthest.
            if ec >= maxCost {
                var fbest = -1, fbest1 = -1
                d = fmax
                while d >= fmin {
                    var i1 = min(kvdf[d], lim1)
                    var i2 = i1 - d
                    if lim2 < i2 { i1 = lim2 + d; i2 = lim2 }
                    if fbest < i1 + i2 { fbest = i1 + i2; fbest1 = i1 }
                    d -= 2
                }
                var bbest = Int.max, bbest1 = Int.max
                d = bmax
                while d >= bmin {
                    var i1 = max(off1, kvdb[d])
                    var i2 = i1 - d
                    if i2 < off2 { i1 = off2 + d; i2 = off2 }
                    if i1 + i2 < bbest { bbest = i1 + i2; bbest1 = i1 }
                    d -= 2
                }
                if (lim1 + lim2) - bbest < fbest - (off1 + off2) {
                    return Split(i1: fbest1, i2: fbest - fbest1, minLow: true, minHigh: false)
                }
                return Split(i1: bbest1, i2: bbest - bbest1, minLow: false, minHigh: true)
            }
        }
    }
}
