import SQLite

extension MaintenanceRepository {
  /// One table, index, trigger or view as `sqlite_schema` records it.
  struct SchemaObject: Equatable {
    var type: String
    var name: String
    var table: String
    /// The `CREATE` statement as it was written (SQLite keeps the text verbatim); nil for none.
    var sql: String?
  }

  /// Every object of `db`'s main schema but SQLite's own (`sqlite_stat1` from ANALYZE, `sqlite_autoindex_…`,
  /// `sqlite_sequence`), by name. Names cannot start with `sqlite_` unless SQLite makes them
  /// (https://www.sqlite.org/lang_createtable.html: "reserved for internal use").
  static func schema(of db: Database) throws -> [String: SchemaObject] {
    let rows = try db.rows(
      "SELECT type, name, tbl_name, sql FROM main.sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
    var objects: [String: SchemaObject] = [:]
    for row in rows {
      let object = SchemaObject(
        type: try row.decode(at: 0), name: try row.decode(at: 1), table: try row.decode(at: 2),
        sql: try row.decode(at: 3))
      if object.type == "table", let sql = object.sql, litestreamTables[object.name] == sql { continue }
      objects[object.name] = object
    }
    return objects
  }

  /// The tables Litestream adds to a database it replicates (README "Running the hub"), exactly as it
  /// creates them: not psr's, and left alone.
  static let litestreamTables = [
    "_litestream_seq": "CREATE TABLE _litestream_seq (id INTEGER PRIMARY KEY, seq INTEGER)",
    "_litestream_lock": "CREATE TABLE _litestream_lock (id INTEGER)",
  ]

  /// The schema this binary's migrations make, read from a fresh in-memory database: SQLite stores each
  /// `CREATE` text verbatim, so the same migrations give the same text, and a bulk load that drops and
  /// re-creates indexes and triggers from that text leaves it as it was.
  static func expectedSchema() throws -> [String: SchemaObject] {
    let fresh = try Database()
    try Store.migrator.migrate(fresh, now: { "" })
    return try schema(of: fresh)
  }

  /// Each way the file's schema differs from what the migrations make, one line an object: missing,
  /// changed (with where its text first differs) or made by someone else (a trigger that stops a guard, a
  /// view, an index).
  func schemaProblems() throws -> [String] {
    let expected = try Self.expectedSchema()
    let found = try Self.schema(of: db)
    var problems: [String] = []
    for name in expected.keys.sorted() {
      let want = expected[name]!
      guard let have = found[name] else {
        problems.append("\(want.type) \(name) is missing")
        continue
      }
      if have.type != want.type {
        problems.append("\(name) is a \(have.type); psr creates a \(want.type) of that name")
      } else if have.table != want.table {
        problems.append("\(want.type) \(name) is on \(have.table); psr creates it on \(want.table)")
      } else if have.sql != want.sql {
        problems.append(
          "\(want.type) \(name) differs from what psr creates: \(Self.firstDifference(have.sql ?? "", want.sql ?? ""))")
      }
    }
    for name in found.keys.sorted() where expected[name] == nil {
      let have = found[name]!
      let on = have.type == "table" || have.type == "view" ? "" : " on \(Validate.printable(have.table, limit: 40))"
      problems.append("\(have.type) \(Validate.printable(name, limit: 40))\(on) was not created by psr")
    }
    return problems
  }

  /// Where `found` first departs from `expected`, quoted on one line.
  static func firstDifference(_ found: String, _ expected: String) -> String {
    let common = zip(found.unicodeScalars, expected.unicodeScalars).prefix(while: { $0.0 == $0.1 }).count
    // From the start of the word a dozen characters back, for context.
    var start = max(0, common - 12)
    let shared = Array(found.unicodeScalars.prefix(common))
    while start > 0, !shared[start - 1].properties.isWhitespace { start -= 1 }
    func excerpt(_ text: String) -> String {
      let scalars = text.unicodeScalars.dropFirst(start)
      guard !scalars.isEmpty else { return "the end" }
      let words = String(String.UnicodeScalarView(scalars.prefix(40))).split(whereSeparator: \.isWhitespace)
      return "'" + Validate.printable(words.joined(separator: " "), limit: 40) + "'"
    }
    return "it has \(excerpt(found)) where psr has \(excerpt(expected))"
  }

  /// Problems between the full-text index and the documents it indexes (FTS5's integrity-check, which for
  /// an external-content table compares the index with its content when given rank 1:
  /// https://www.sqlite.org/fts5.html#the_integrity_check_command). The command is an INSERT, so it runs
  /// in a write transaction that is rolled back, after bringing the index up to date as a search does;
  /// on a file the user may not write, only the set of indexed documents is compared.
  func searchIndexProblems() throws -> (problems: [String], readOnly: Bool) {
    if db.isReadOnly {
      let missing: Int =
        try db.scalar(
          """
          SELECT count(*) FROM search_docs d WHERE d.id NOT IN (SELECT doc_id FROM search_changes)
            AND NOT EXISTS (SELECT 1 FROM search_index_docsize s WHERE s.id = d.id)
          """) ?? 0
      let stray: Int =
        try db.scalar(
          """
          SELECT count(*) FROM search_index_docsize s WHERE NOT EXISTS (SELECT 1 FROM search_docs d WHERE d.id = s.id)
          """) ?? 0
      var problems: [String] = []
      if missing > 0 { problems.append("\(missing) document(s) are not in the search index") }
      if stray > 0 { problems.append("the search index holds \(stray) document(s) that no longer exist") }
      return (problems, true)
    }
    struct Checked: Error {}
    do {
      try db.write {
        try SearchRepository(db: db).catchUp()
        try db.execute("INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 1)")
        throw Checked()
      }
    } catch is Checked {
      // Rolled back: nothing was written.
    } catch let error as SQLiteError where ResultCode.corrupt ~= error.code {
      return (["the search index does not match its documents (SQLite says: \(error.message))"], false)
    }
    return ([], false)
  }
}
