import SQLite

/// What `psr visit update` changes: each field given, the others as they are.
public struct ActivityPatch: Sendable {
  public var date: String?
  public var kind: ActivityKind?
  public var hours: Double?
  public var clearHours = false
  public var women: Int?
  public var men: Int?
  public var other: Int?
  public var summary: String?
  /// The topics, all of them, replacing those it has.
  public var topics: [String]?

  public init() {}

  public var isEmpty: Bool {
    date == nil && kind == nil && hours == nil && !clearHours && women == nil && men == nil && other == nil
      && summary == nil && topics == nil
  }
}

/// What `psr insight update` changes.
public struct InsightPatch: Sendable {
  public var date: String?
  public var kind: InsightKind?
  public var product: String?
  public var clearProduct = false
  public var text: String?

  public init() {}

  public var isEmpty: Bool { date == nil && kind == nil && product == nil && !clearProduct && text == nil }
}

extension ActivityRepository {
  /// Corrects a logged activity: each changed field is kept in its history with the old and new values, who
  /// and when. Returns it as it is now, with the corrections made (none when every value was already so).
  public func update(_ reference: String, _ patch: ActivityPatch, reason: String?) throws -> (
    activity: Activity, corrections: [Correction]
  ) {
    let reason = try reason.map { try Validate.line($0, field: "reason", limit: 2000) }
    let date = try patch.date.map { try store.pastDate($0, field: "visit date") }
    let summary = try patch.summary.map { try Validate.text($0, field: "summary") }
    let topics = try patch.topics.map { try Set($0.flatMap(Validate.tags)).sorted() }
    if let hours = patch.hours { _ = try Validate.hours(hours) }
    for (label, count) in [("women", patch.women), ("men", patch.men), ("other", patch.other)] {
      if let count { _ = try Validate.count(count, field: "--\(label)", in: Bounds.participants) }
    }
    return try db.write {
      let actor = try store.recordedActor()
      let activity = try resolve(reference)
      try requireNotVoided(activity.voidedAt, noun: "visit \(activity.shortID)")
      if let kind = patch.kind, kind.needsProducer, activity.producerID == nil {
        throw DomainError.invalid(
          "a \(kind.rawValue) is with a producer, and this \(activity.kind.rawValue) has none; void it and log the \(kind.rawValue) again"
        )
      }
      let participants = Int.saturatingSum(
        patch.women ?? activity.women, patch.men ?? activity.men, patch.other ?? activity.other)
      guard Bounds.participants.contains(participants) else {
        throw DomainError.invalid(
          "an activity has at most \(Bounds.participants.upperBound) participants, not \(participants); check --women, --men and --other"
        )
      }
      var changes: [(field: String, value: any DatabaseValueConvertible)] = []
      if let date { changes.append(("date", date)) }
      if let kind = patch.kind { changes.append(("kind", kind.rawValue)) }
      if patch.clearHours {
        changes.append(("hours", DatabaseValue.null))
      } else if let hours = patch.hours {
        changes.append(("hours", hours))
      }
      if let women = patch.women { changes.append(("women", women)) }
      if let men = patch.men { changes.append(("men", men)) }
      if let other = patch.other { changes.append(("other", other)) }
      if let summary { changes.append(("summary", summary)) }
      let corrections = CorrectionRepository(store: store)
      var made = try corrections.correct(.activities, id: activity.id, changes: changes, reason: reason, actor: actor)
      if let topics, topics != activity.topics {
        made.append(
          try corrections.correctTopics(
            of: activity.id, from: activity.topics, to: topics, reason: reason, actor: actor))
      }
      try SearchRepository(db: db).catchUp()
      return (try require(id: activity.id), made)
    }
  }

  /// Voids a logged activity: it is kept, with who voided it, when and why, and left out of lists, reports,
  /// search and readiness. The events it added to cases stay in their timelines.
  public func void(_ reference: String, reason: String) throws -> (activity: Activity, correction: Correction) {
    let reason = try Validate.line(reason, field: "reason", limit: 2000)
    return try db.write {
      let actor = try store.recordedActor()
      let activity = try resolve(reference)
      try requireNotVoided(activity.voidedAt, noun: "visit \(activity.shortID)")
      let correction = try CorrectionRepository(store: store).void(
        .activities, id: activity.id, reason: reason, actor: actor)
      try SearchRepository(db: db).catchUp()
      return (try require(id: activity.id), correction)
    }
  }

  /// A record's corrections, oldest first.
  public func corrections(of activity: Activity) throws -> [Correction] {
    try CorrectionRepository(store: store).history(of: activity.id)
  }
}

extension InsightRepository {
  /// Corrects an insight, keeping each changed field in its history.
  public func update(_ reference: String, _ patch: InsightPatch, reason: String?) throws -> (
    insight: Insight, corrections: [Correction]
  ) {
    let reason = try reason.map { try Validate.line($0, field: "reason", limit: 2000) }
    let date = try patch.date.map { try store.pastDate($0, field: "insight date") }
    let text = try patch.text.map { try Validate.text($0, field: "insight text") }
    let product = try patch.product.map { text -> String in
      guard let first = try Validate.products(text).first else {
        throw DomainError.invalid("the product is empty; give a product such as coffee, or --no-product")
      }
      return first
    }
    return try db.write {
      let actor = try store.recordedActor()
      let insight = try resolve(reference)
      try requireNotVoided(insight.voidedAt, noun: "insight \(insight.shortID)")
      var changes: [(field: String, value: any DatabaseValueConvertible)] = []
      if let date { changes.append(("date", date)) }
      if let kind = patch.kind { changes.append(("kind", kind.rawValue)) }
      if patch.clearProduct {
        changes.append(("product", DatabaseValue.null))
      } else if let product {
        changes.append(("product", product))
      }
      if let text { changes.append(("text", text)) }
      let made = try CorrectionRepository(store: store).correct(
        .insights, id: insight.id, changes: changes, reason: reason, actor: actor)
      try SearchRepository(db: db).catchUp()
      return (try require(id: insight.id), made)
    }
  }

  /// Voids an insight: kept, and left out of lists, reports and search.
  public func void(_ reference: String, reason: String) throws -> (insight: Insight, correction: Correction) {
    let reason = try Validate.line(reason, field: "reason", limit: 2000)
    return try db.write {
      let actor = try store.recordedActor()
      let insight = try resolve(reference)
      try requireNotVoided(insight.voidedAt, noun: "insight \(insight.shortID)")
      let correction = try CorrectionRepository(store: store).void(
        .insights, id: insight.id, reason: reason, actor: actor)
      try SearchRepository(db: db).catchUp()
      return (try require(id: insight.id), correction)
    }
  }

  public func corrections(of insight: Insight) throws -> [Correction] {
    try CorrectionRepository(store: store).history(of: insight.id)
  }
}

/// Refuses to change a voided record.
func requireNotVoided(_ voidedAt: String?, noun: String) throws {
  if let voidedAt {
    throw DomainError.invalid(
      "\(noun) was voided on \(voidedAt.prefix(10)); a voided record is kept as it was (log a new one instead)")
  }
}

extension CorrectionRepository {
  /// Replaces an activity's topics (a set of link rows, which sync as themselves), keeping the change in its
  /// history.
  func correctTopics(of id: String, from old: [String], to new: [String], reason: String?, actor: String) throws
    -> Correction
  {
    let removed = Set(old).subtracting(new)
    let added = Set(new).subtracting(old)
    let remove = try db.cachedStatement("DELETE FROM activity_topics WHERE activity_id = ? AND topic = ?")
    for topic in removed.sorted() { try remove.execute([id, topic]) }
    let add = try db.cachedStatement("INSERT OR IGNORE INTO activity_topics (activity_id, topic) VALUES (?, ?)")
    for topic in added.sorted() { try add.execute([id, topic]) }
    let correction = Correction(
      id: Identifier.make(), record: .activities, recordID: id, field: "topics",
      oldValue: old.isEmpty ? nil : old.joined(separator: ","),
      newValue: new.isEmpty ? nil : new.joined(separator: ","),
      reason: reason, at: store.clock.now(), actor: actor)
    try insertRecord(correction)
    return correction
  }
}
