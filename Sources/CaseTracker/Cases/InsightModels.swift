/// What an insight is about.
public enum InsightKind: String, CaseIterable, Sendable {
  case demand, supply, price, climate, other
}

/// Product or region information an officer gathered.
public struct Insight: Equatable, Sendable {
  public var id: String
  public var date: String
  public var officer: String
  public var country: String
  public var product: String?
  public var kind: InsightKind
  public var text: String
  public var createdAt: String
  /// When it was voided (kept, and left out of lists, reports and search), and why.
  public var voidedAt: String? = nil
  public var voidReason: String? = nil

  public var shortID: String { String(id.prefix(8)) }
}

public struct InsightFilter: Sendable {
  public var region: String?
  public var country: String?
  public var product: String?
  public var kind: InsightKind?
  public var from: String?
  public var to: String?
  /// Voided insights too.
  public var includeVoided = false
  /// At most this many, the newest.
  public var limit: Int?

  public init() {}
}
