import Foundation

/// The decision at the heart of `VoiceCounter`: cluster window embeddings, fold small clusters,
/// and test the split into voices with two cues (centroid cosine, silhouette).
struct VoiceSplit {
    /// Window indices of each candidate voice, largest first (a single group when no split).
    let members: [[Int]]
    /// Whether more than one voice is reported.
    let accepted: Bool
    let silhouette: Double
    let centroidCosine: Double
    let confidence: Double

    init(_ embeddings: [[Float]], configuration: VoiceCountConfiguration) {
        let count = embeddings.count
        let similarity = Self.cosineMatrix(embeddings)
        let clustering = AgglomerativeClustering(similarity: similarity, threshold: configuration.mergeThreshold)
        var groups = (0..<clustering.clusterCount).map { label in (0..<count).filter { clustering.labels[$0] == label } }
        // Fold clusters too small to be a voice into the most similar large one.
        let large = groups.filter { $0.count >= configuration.minWindowsPerVoice }
        if large.isEmpty {
            groups = [Array(0..<count)]
        } else {
            var folded = large
            for small in groups where small.count < configuration.minWindowsPerVoice {
                let target = folded.indices.max { lhs, rhs in
                    Self.meanSimilarity(small, folded[lhs], similarity) < Self.meanSimilarity(small, folded[rhs], similarity)
                }!
                folded[target].append(contentsOf: small)
            }
            groups = folded.map { $0.sorted() }.sorted { $0.count > $1.count }
        }
        if groups.count >= 2 {
            silhouette = Self.silhouette(groups, similarity)
            centroidCosine = Kernels.cosine(Self.centroid(groups[0].map { embeddings[$0] }),
                                            Self.centroid(groups[1].map { embeddings[$0] }))
            // Signed distance of each cue from its threshold, positive = "more than one voice".
            let centroidMargin = configuration.maxCentroidCosine - centroidCosine
            let silhouetteMargin = silhouette - configuration.minSilhouette
            let margin = min(centroidMargin, silhouetteMargin)
            accepted = margin >= 0
            confidence = 0.5 + 0.5 * tanh(abs(margin) / configuration.confidenceScale)
        } else {
            silhouette = 0
            centroidCosine = 1
            accepted = false
            // No second cluster formed at all: as confident as the clustering threshold allows.
            confidence = count >= configuration.minWindowsPerVoice ? 0.9 : 0.6
        }
        members = accepted ? groups : [Array(0..<count)]
    }

    /// All pairwise cosines of unit vectors (their dot products), as one sgemm.
    static func cosineMatrix(_ vectors: [[Float]]) -> [[Double]] {
        let count = vectors.count, size = vectors.first?.count ?? 0
        guard count > 0, size > 0 else { return [] }
        let flat = vectors.flatMap { $0 }
        var product = [Float](repeating: 0, count: count * count)
        flat.withUnsafeBufferPointer { v in
            product.withUnsafeMutableBufferPointer { p in
                Kernels.sgemm(transposeB: true, m: count, n: count, k: size, a: v.baseAddress!, lda: size,
                              b: v.baseAddress!, ldb: size, beta: 0, c: p.baseAddress!, ldc: count)
            }
        }
        return (0..<count).map { row in (0..<count).map { Double(product[row * count + $0]) } }
    }

    static func centroid(_ vectors: [[Float]]) -> [Float] {
        guard let first = vectors.first else { return [] }
        var sum = [Float](repeating: 0, count: first.count)
        for vector in vectors { for index in sum.indices { sum[index] += vector[index] } }
        Kernels.normalize(&sum)
        return sum
    }

    private static func meanSimilarity(_ a: [Int], _ b: [Int], _ similarity: [[Double]]) -> Double {
        var total = 0.0
        for i in a { for j in b { total += similarity[i][j] } }
        return total / Double(a.count * b.count)
    }

    /// Mean silhouette with cosine distance 1 − similarity; singletons score 0.
    private static func silhouette(_ groups: [[Int]], _ similarity: [[Double]]) -> Double {
        var total = 0.0, count = 0
        for (index, group) in groups.enumerated() {
            for member in group {
                count += 1
                guard group.count > 1 else { continue }
                let own = group.reduce(0.0) { $1 == member ? $0 : $0 + 1 - similarity[member][$1] } / Double(group.count - 1)
                let nearest = groups.indices.filter { $0 != index }.map { other in
                    groups[other].reduce(0.0) { $0 + 1 - similarity[member][$1] } / Double(groups[other].count)
                }.min() ?? 0
                let scale = max(own, nearest)
                total += scale > 0 ? (nearest - own) / scale : 0
            }
        }
        return count > 0 ? total / Double(count) : 0
    }
}
