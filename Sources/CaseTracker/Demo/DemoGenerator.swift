import SQLite

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
  /// Day numbers count from `firstDay`; `days[i]` is its date text.
  let days: [String]
  let todayIndex: Int
  var summary = Summary()

  /// - Parameters:
  ///   - cases: how many cases to generate over three years (the demo makes 4,500).
  ///   - producers: how many producer organizations (the demo makes 1,500).
  public init(store: Store, seed: UInt64 = 2026, cases: Int = 4_500, producers: Int = 1_500) {
    self.store = store
    self.caseCount = cases
    self.producerCount = producers
    self.random = DemoRandom(seed: seed)
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
  }

  var db: Database { store.db }

  /// An instant on day `index`, at a working-hours time.
  mutating func instant(_ index: Int) -> String {
    let hour = random.int(6...17)
    let minute = random.int(0...59)
    let second = random.int(0...59)
    let millis = random.int(0...999)
    return days[min(index, todayIndex)] + "T" + pad(hour) + ":" + pad(minute) + ":" + pad(second) + "." + pad3(millis)
      + "Z"
  }

  /// The date of day `index`, which may lie after today (a due date, a deadline).
  func date(_ index: Int) -> String {
    index < days.count
      ? days[max(0, index)] : CalendarDate.adding(index - todayIndex, to: days[todayIndex]) ?? days[todayIndex]
  }

  func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
  func pad3(_ value: Int) -> String { value < 10 ? "00\(value)" : value < 100 ? "0\(value)" : String(value) }

  /// Generates everything in one transaction and indexes it for search.
  public mutating func run(progress: ((String) -> Void)? = nil) throws -> Summary {
    let existing: Int = try db.scalar("SELECT count(*) FROM producers") ?? 0
    guard existing == 0 else {
      throw DomainError.invalid("the database already holds producers; the demo fills a new database")
    }
    // A generous page cache for one big transaction: fewer spills to the WAL before the commit.
    try db.execute("PRAGMA cache_size = -262144")
    defer { try? db.execute("PRAGMA cache_size = -16384") }
    try db.write {
      progress?("officers")
      let officers = try makeOfficers()
      progress?("producers")
      let producers = try makeProducers()
      progress?("cases and activities")
      try makeCasesAndActivities(officers: officers, producers: producers, progress: progress)
      progress?("audits and non-conformities")
      try makeAudits(producers: producers)
      progress?("insights")
      try makeInsights(officers: officers)
      progress?("search index")
      try SearchRepository(db: db).catchUp()
    }
    try db.execute("ANALYZE")
    return summary
  }
}
