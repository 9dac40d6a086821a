import Foundation

/// A cheating-detection verdict, with the API reference's bands ("Verdict Values" table).
public enum Verdict: String, Codable, Sendable, CaseIterable, Comparable {
    case safe = "Safe"
    case mediumRisk = "Medium Risk"
    case highRisk = "High Risk"

    /// Upper end (exclusive) of Safe, in percent of suspicious frames: "Safe < 5%".
    public static let safeBelowPercent = 5.0
    /// Start (inclusive) of High Risk: "High Risk ≥ 20%"; Medium Risk is 5–20 % in between.
    public static let highFromPercent = 20.0

    /// The band of a cheating score (percent of suspicious frames).
    public init(cheatingScore percent: Double) {
        if percent >= Self.highFromPercent {
            self = .highRisk
        } else if percent >= Self.safeBelowPercent {
            self = .mediumRisk
        } else {
            self = .safe
        }
    }

    public static func < (lhs: Verdict, rhs: Verdict) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The session-level risk level the API reference pairs with a verdict ("risk_level").
    public var riskLevel: String {
        switch self {
        case .safe: "LOW"
        case .mediumRisk: "MEDIUM"
        case .highRisk: "HIGH"
        }
    }
}

/// The non-verbal performance status, with the API reference's bands ("Non-Verbal Performance").
public enum PerformanceStatus: String, Codable, Sendable, CaseIterable {
    case excellent = "EXCELLENT"
    case good = "GOOD"
    case fair = "FAIR"
    case poor = "POOR"

    /// From a confidence score in percent: EXCELLENT ≥ 85, GOOD 70–85, FAIR 50–70, POOR < 50.
    public init(confidence: Double) {
        switch confidence {
        case 85...: self = .excellent
        case 70..<85: self = .good
        case 50..<70: self = .fair
        default: self = .poor
        }
    }
}

/// Rounds to `places` decimals for reporting (half away from zero).
func rounded(_ value: Double, _ places: Int) -> Double {
    let scale = pow(10, Double(places))
    return (value * scale).rounded() / scale
}
