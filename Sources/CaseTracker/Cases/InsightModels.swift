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

/// Insights counted by kind: every kind present, zero when none.
public struct InsightCounts: Equatable, Sendable {
  public private(set) var byKind: [InsightKind: Int] = Dictionary(
    uniqueKeysWithValues: InsightKind.allCases.map { ($0, 0) })

  public init() {}

  /// The insights of `kind`.
  public subscript(kind: InsightKind) -> Int { byKind[kind] ?? 0 }
  /// The insights of every kind.
  public var total: Int { InsightKind.allCases.reduce(0) { Int.saturatingSum($0, self[$1]) } }

  mutating func add(_ count: Int, of kind: InsightKind) {
    byKind[kind] = Int.saturatingSum(self[kind], count)
  }
}

/// The insights of one sub-region (the region of their country), counted by kind.
public struct RegionInsightCounts: Equatable, Sendable {
  /// The sub-region; nil for the countries outside every region.
  public var region: String?
  /// Its network.
  public var network: String?
  public var counts = InsightCounts()
}

/// The insights about one product, or about no one product, counted by kind, overall and per sub-region.
public struct ProductInsights: Equatable, Sendable {
  /// nil: the insights that name no product.
  public var product: String?
  public var counts = InsightCounts()
  /// Per sub-region, the most insights first (then by code), the countries outside every region last.
  public var regions: [RegionInsightCounts] = []
  /// The newest of them, newest first (by date, then by when they were recorded); empty in a report.
  public var newest: [Insight] = []
}

/// Insights counted by product, sub-region and kind: where demand, supply, price and climate signals cluster.
public struct InsightTally: Equatable, Sendable {
  /// The most insights first (then by name); the insights that name no product last.
  public var products: [ProductInsights] = []
  /// Every product's together.
  public var totals = InsightCounts()
  /// Every product's together per sub-region, ordered as a product's.
  public var regions: [RegionInsightCounts] = []

  public init() {}
}

/// `psr insight summary`: the insights a filter selects, counted by product, sub-region and kind, with the
/// newest few of each product. Voided insights are never counted.
public struct InsightSummary: Equatable, Sendable {
  /// The filter as it was resolved: the region's and country's codes, the product as stored (lower case).
  public var region: Region?
  public var country: String?
  public var product: String?
  public var from: String?
  public var to: String?
  public var tally = InsightTally()
}
