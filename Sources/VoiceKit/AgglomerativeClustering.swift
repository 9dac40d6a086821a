/// Average-linkage agglomerative clustering of unit vectors by cosine similarity.
///
/// Clusters merge, most similar pair first, while the average pairwise cosine between their
/// members is at least `threshold` (and more than `minimumClusters` remain). Each row's most
/// similar partner is cached, so a run costs O(n²) time and memory on typical data.
struct AgglomerativeClustering {
    /// Cluster index (0-based, by decreasing size, ties by first member) of every vector.
    let labels: [Int]
    let clusterCount: Int

    init(similarity: [[Double]], threshold: Double, minimumClusters: Int = 1) {
        let count = similarity.count
        var sim = similarity
        var size = [Int](repeating: 1, count: count)
        var active = [Bool](repeating: true, count: count)
        var owner = Array(0..<count)          // the cluster representative of each vector
        var best = [Int](repeating: -1, count: count)

        func refreshBest(_ row: Int) {
            var partner = -1, value = -Double.infinity
            for column in 0..<count where column != row && active[column] && sim[row][column] > value {
                partner = column; value = sim[row][column]
            }
            best[row] = partner
        }
        for row in 0..<count { refreshBest(row) }

        var remaining = count
        while remaining > minimumClusters {
            var a = -1, value = -Double.infinity
            for row in 0..<count where active[row] && best[row] >= 0 && sim[row][best[row]] > value {
                a = row; value = sim[row][best[row]]
            }
            guard a >= 0, value >= threshold else { break }
            let b = best[a]
            // Lance–Williams update for average linkage: merge b into a.
            for other in 0..<count where active[other] && other != a && other != b {
                let merged = (Double(size[a]) * sim[a][other] + Double(size[b]) * sim[b][other]) / Double(size[a] + size[b])
                sim[a][other] = merged
                sim[other][a] = merged
            }
            size[a] += size[b]
            active[b] = false
            for member in 0..<count where owner[member] == b { owner[member] = a }
            remaining -= 1
            for row in 0..<count where active[row] && (row == a || best[row] == a || best[row] == b) { refreshBest(row) }
            // A row whose cached partner stayed valid may now prefer the merged cluster.
            for row in 0..<count where active[row] && row != a && best[row] >= 0 && sim[row][a] > sim[row][best[row]] {
                best[row] = a
            }
        }

        let representatives = Array(Set(owner)).sorted { lhs, rhs in
            size[lhs] != size[rhs] ? size[lhs] > size[rhs] : owner.firstIndex(of: lhs)! < owner.firstIndex(of: rhs)!
        }
        let index = Dictionary(uniqueKeysWithValues: representatives.enumerated().map { ($1, $0) })
        labels = owner.map { index[$0]! }
        clusterCount = representatives.count
    }
}
