/// One search result.
public struct SearchHit: Equatable, Sendable {
  /// case, note, resolution, cancellation, reopening, visit or insight.
  public var kind: String
  /// The record to open: the case for case texts, else the activity or insight.
  public var id: String
  public var caseID: String?
  public var date: String
  /// The matching text around the hit, with matches between `SearchHit.highlightStart` and `highlightEnd`.
  public var snippet: String
  public var rank: Double

  public static let highlightStart = "\u{2}"
  public static let highlightEnd = "\u{3}"
}
