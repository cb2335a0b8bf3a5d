import SQLite

/// Product and region information officers gather.
public struct InsightRepository {
  let store: Store
  var db: Database { store.db }

  /// Records an insight by `officer` (default: the acting officer) dated `date` (default: today).
  @discardableResult
  public func add(
    country: String, product: String?, kind: InsightKind, text: String, date: String?, officer: String?
  ) throws -> Insight {
    let text = try Validate.text(text, field: "insight text")
    let date =
      try date.map { try PlausibleDate.past($0, field: "insight date", today: store.clock.today) }
      ?? store.clock.today
    let product = try product.map { text -> String in
      guard let first = try Validate.products(text).first else {
        throw DomainError.invalid("the product is empty; give a product such as coffee")
      }
      return first
    }
    return try db.write {
      let actor = try store.recordedActor()
      let handle: String
      if let officer {
        handle = try store.officers.require(officer, kind: .invalid).handle
      } else if let acting = try store.actingOfficer() {
        handle = acting.handle
      } else {
        throw DomainError.invalid(
          "who gathered this? give --officer HANDLE, or act as an officer with --as HANDLE or PSR_OFFICER")
      }
      let country = try store.countries.require(country).code
      let id = Identifier.make()
      try db.execute(
        """
        INSERT INTO insights (id, date, officer, country, product, kind, text, created_at, created_by)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """, [id, date, handle, country, product, kind, text, store.clock.now(), actor])
      try SearchRepository(db: db).catchUp()
      return try require(id: id)
    }
  }

  public func require(id: String) throws -> Insight {
    guard let row = try db.row("SELECT * FROM insights WHERE id = ?", [id]) else {
      throw DomainError.notFound("no insight has id \(id)")
    }
    return try Self.decode(row)
  }

  /// Insights matching `filter`, newest first.
  public func list(_ filter: InsightFilter) throws -> [Insight] {
    var query = SQLFilter(store: store)
    try query.region(filter.region, column: "i.country")
    try query.country(filter.country, column: "i.country")
    if let product = filter.product { query.add("i.product = ?", try Validate.products(product).first ?? "") }
    if let kind = filter.kind { query.add("i.kind = ?", kind) }
    try query.dates(from: filter.from, to: filter.to, column: "i.date")
    if !filter.includeVoided { query.add("i.voided_at IS NULL") }
    let sql =
      "SELECT i.* FROM insights i" + query.clause + " ORDER BY i.date DESC, i.created_at DESC"
      + query.limit(filter.limit)
    return try db.read { try db.rows(sql, query.arguments).map(Self.decode) }
  }

  static func decode(_ row: Row) throws -> Insight {
    Insight(
      id: try row.decode("id"), date: try row.decode("date"), officer: try row.decode("officer"),
      country: try row.decode("country"), product: try row.decode("product"), kind: try row.decode("kind"),
      text: try row.decode("text"), createdAt: try row.decode("created_at"), voidedAt: try row.decode("voided_at"),
      voidReason: try row.decode("void_reason"))
  }

  /// The insight a user names by an id prefix of at least six characters.
  public func resolve(_ reference: String) throws -> Insight {
    let id = try RecordLookup(
      db: db, table: "insights", noun: "insight", describe: "r.date || ' ' || r.kind || ' by ' || r.officer"
    ).id(for: reference)
    return try require(id: id)
  }
}
