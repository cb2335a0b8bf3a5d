import SQLite

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Fills a new database with a producer support unit's realistic, deterministic history: officers covering
/// the default map's countries, producers with their product mixes and status histories, three years of
/// cases with timelines, activities, audits, NCs and insights. The same seed and today give the same data.
public struct DemoGenerator {
  /// What was made.
  public struct Summary: Equatable, Sendable {
    public var officers = 0
    public var producers = 0
    public var cases = 0
    public var events = 0
    public var activities = 0
    public var audits = 0
    public var ncs = 0
    public var insights = 0
  }

  let store: Store
  let caseCount: Int
  let producerCount: Int
  var random: DemoRandom
  /// The draws of priority areas and of trainings' topics on them, apart from `random`, so the rest of the
  /// demo is the same with or without them.
  var priorityRandom: DemoRandom
  /// The priority areas in force per country and year (`makePriorities`).
  var prioritiesInForce: [String: [Int: [String]]] = [:]
  /// Day numbers count from `firstDay`; `days[i]` is its date text.
  let days: [String]
  let todayIndex: Int
  var summary = Summary()
  /// Filled-in templates, by template and product.
  var filled: [String: [String: String]] = [:]
  /// The key of the last ordered id made, and the largest step to the next; see `orderedID()`.
  var idKey: UInt64 = 0
  let idStep: UInt64

  /// - Parameters:
  ///   - cases: how many cases to generate over three years (the demo makes 4,500).
  ///   - producers: how many producer organizations (the demo makes 1,500).
  public init(store: Store, seed: UInt64 = 2026, cases: Int = 4_500, producers: Int = 1_500) {
    self.store = store
    self.caseCount = cases
    self.producerCount = producers
    self.random = DemoRandom(seed: seed)
    self.priorityRandom = DemoRandom(seed: seed ^ 0x5052_494F_5249_5459)
    // Seven years back from today: status histories start up to six years ago.
    let today = store.clock.today
    let first = CalendarDate.adding(months: -84, to: today) ?? today
    var days: [String] = []
    var day = first
    while day <= today {
      days.append(day)
      day = CalendarDate.adding(1, to: day) ?? today + "x"
    }
    self.days = days
    self.todayIndex = days.count - 1
    self.idStep = UInt64.max / UInt64(7 * max(1, cases)) * 2
  }

  /// A random version 4 id above every ordered id made before it. The cases, their timelines and
  /// activities are made oldest case first with these, so their rows go in at the end of every index keyed
  /// by id (a million-case load stays sequential), while the ids stay spread over the whole space: their
  /// first eight characters, which people type, differ. The keys rise by a random step averaging the space
  /// over seven ids a case; should they ever run out, ids are plain random ones.
  mutating func orderedID() -> String {
    let step = random.int(1...Int(clamping: idStep))
    let (key, overflow) = idKey.addingReportingOverflow(UInt64(step))
    guard !overflow else { return random.uuid() }
    idKey = key
    return random.uuid(key: key)
  }

  var db: Database { store.db }

  /// An instant on day `index`, at a working-hours time; on yesterday at the latest, so that every instant
  /// is past whatever the time of day (a note made now comes after everything the demo made).
  mutating func instant(_ index: Int) -> String {
    let hour = random.int(6...17)
    let minute = random.int(0...59)
    let second = random.int(0...59)
    let millis = random.int(0...999)
    var time: [UInt8] = Array("T00:00:00.000Z".utf8)
    func put(_ value: Int, at position: Int, digits: Int) {
      var rest = value
      for offset in stride(from: digits - 1, through: 0, by: -1) {
        time[position + offset] = UInt8(48 + rest % 10)
        rest /= 10
      }
    }
    put(hour, at: 1, digits: 2)
    put(minute, at: 4, digits: 2)
    put(second, at: 7, digits: 2)
    put(millis, at: 10, digits: 3)
    return days[max(0, min(index, todayIndex - 1))] + String(decoding: time, as: UTF8.self)
  }

  /// A text template with `{product}` filled in, each template and product joined once.
  mutating func fill(_ template: String, _ product: String) -> String {
    if let text = filled[template]?[product] { return text }
    let parts = template.split(separator: "{product}", omittingEmptySubsequences: false)
    let text = parts.joined(separator: product)
    filled[template, default: [:]][product] = text
    return text
  }

  /// The date of day `index`, which may lie after today (a due date, a deadline).
  func date(_ index: Int) -> String {
    index < days.count
      ? days[max(0, index)] : CalendarDate.adding(index - todayIndex, to: days[todayIndex]) ?? days[todayIndex]
  }

  /// Generates a demo database at `path`: written under a temporary name beside it, synced, and renamed
  /// into place only when whole, so that a failure or a kill leaves any earlier file as it was (and at
  /// worst a `.psr-partial-PID` file, which the next run removes). An existing file is replaced only when `replace` is true.
  public static func makeDatabase(
    at path: String, replace: Bool, clock: Clock, seed: UInt64, cases: Int, producers: Int,
    progress: ((String) -> Void)? = nil
  ) throws -> Summary {
    if let isFolder = DatabaseFiles.isFolder(path) {
      if isFolder {
        throw DomainError.invalid("\(path) is a folder; give the demo database a file name with --db")
      }
      guard replace else {
        throw DomainError.invalid("\(path) already exists; give --force to replace it, or --db NEW-PATH")
      }
    }
    // A rename would put the demo in the place of a pipe or a device such as /dev/null.
    var info = stat()
    if stat(path, &info) == 0, let kind = DatabaseFiles.kind(of: info) {
      throw DomainError.invalid("\(path) is not a regular file (it is a \(kind)); give --db the path of a new file")
    }
    let partial = try PartialFile(for: path) {
      "cannot create the demo database beside \(path): \($0); choose another --db"
    }
    partial.closeFile()
    do {
      let summary: Summary = try {
        let (store, _) = try Store.create(at: partial.path, clock: clock, actor: "demo")
        var generator = DemoGenerator(store: store, seed: seed, cases: cases, producers: producers)
        return try generator.run(progress: progress)
      }()
      // The store is closed here: its WAL is checkpointed into the file and removed.
      for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
      do {
        try partial.commit()
      } catch let error as POSIXError {
        throw DomainError.file(
          errno: error.code.rawValue,
          "cannot put the demo database at \(path): \(String(cString: strerror(error.code.rawValue)))")
      }
      return summary
    } catch {
      partial.discard()
      throw error
    }
  }

  /// What the bulk load defers: every secondary index of the tables filled in bulk, the append-only guards
  /// (the generator writes each timeline once, in order) and the search triggers (the documents and the
  /// index are built whole at the end, by set).
  static let bulkPlan = Database.BulkLoadPlan(
    tables: [
      "cases", "case_tags", "case_events", "activities", "activity_topics", "activity_cases", "insights",
      "audits", "non_conformities", "producers", "producer_products", "producer_status_changes", "search_docs",
    ],
    triggers: [
      "case_events_no_replace", "producer_status_changes_no_replace", "search_docs_inserted", "search_case_insert",
      "search_event_insert", "search_activity_insert", "search_insight_insert", "activities_last_activity",
      "search_producer_insert", "search_producer_product_added", "search_officer_insert",
    ],
    cacheMebibytes: 256,
    // The generator makes well-formed rows; the smoke test runs quick_check over what it made.
    checkConstraints: false)

  /// Generates everything in one transaction and indexes it for search.
  public mutating func run(progress: ((String) -> Void)? = nil) throws -> Summary {
    let existing: Int = try db.scalar("SELECT count(*) FROM producers") ?? 0
    guard existing == 0 else {
      throw DomainError.invalid("the database already holds producers; the demo fills a new database")
    }
    // A brand-new file, thrown away if this fails: written as one bulk load, with the timeline and search
    // indexes built once at the end instead of row by row.
    try db.bulkLoad(Self.bulkPlan) {
      progress?("officers")
      let officers = try makeOfficers()
      progress?("producers")
      let producers = try makeProducers()
      progress?("priority areas")
      try makePriorities()
      progress?("cases and activities")
      try makeCasesAndActivities(officers: officers, producers: producers, progress: progress)
      progress?("audits and non-conformities")
      try makeAudits(producers: producers)
      progress?("insights")
      try makeInsights(officers: officers)
      progress?("search documents")
      try SearchRepository(db: db).rebuildDocuments()
      progress?("indexes")
    } finish: {
      try ActivityRepository(store: store).rebuildLastActivities()
      progress?("search index")
      try SearchRepository(db: db).rebuild()
      progress?("statistics")
      try store.maintenance.analyze()
      progress?("writing to disk")
    }
    return summary
  }
}
