import SQLite

/// Full-text search over case titles, notes, resolutions, activity summaries and insights.
public struct SearchRepository {
  let db: Database

  /// Brings the FTS5 index up to date with `search_docs`, which triggers keep current: removes what the
  /// index holds for changed documents (their text as first indexed), then indexes their text now.
  /// Cheap when nothing changed. Runs inside the caller's transaction.
  func catchUp() throws {
    guard try db.scalar("SELECT EXISTS (SELECT 1 FROM search_changes)", as: Bool.self) == true else { return }
    try db.write {
      try db.execute(
        """
        INSERT INTO search_index (search_index, rowid, body)
        SELECT 'delete', c.doc_id, c.old_body FROM search_changes c
        WHERE c.old_body IS NOT NULL
          AND c.rowid = (SELECT min(f.rowid) FROM search_changes f WHERE f.doc_id = c.doc_id)
        """)
      try db.execute(
        """
        INSERT INTO search_index (rowid, body)
        SELECT d.id, d.body FROM search_docs d WHERE d.id IN (SELECT doc_id FROM search_changes)
        """)
      try db.execute("DELETE FROM search_changes")
    }
  }

  /// Makes `search_docs` again from the texts it is kept from, by set: what the search triggers of
  /// 0002_cases_activities.sql add row by row, for a bulk load that ran without them. The index is then
  /// rebuilt with `rebuild()`.
  func rebuildDocuments() throws {
    try db.write {
      try db.execute("DELETE FROM search_docs")
      try db.execute(
        """
        INSERT INTO search_docs (kind, ref_id, case_id, date, body)
        SELECT 'case', id, id, substr(opened_at, 1, 10), title FROM cases
        """)
      try db.execute(
        """
        INSERT INTO search_docs (kind, ref_id, case_id, date, body)
        SELECT CASE WHEN kind = 'note' THEN 'note'
                    WHEN kind = 'reopened' THEN 'reopening'
                    WHEN new_value = 'cancelled' THEN 'cancellation'
                    ELSE 'resolution' END,
               id, case_id, substr(at, 1, 10), text
        FROM case_events
        WHERE kind IN ('note', 'closed', 'reopened') AND length(trim(coalesce(text, ''))) > 0
        """)
      try db.execute(
        """
        INSERT INTO search_docs (kind, ref_id, date, body)
        SELECT 'visit', id, date, CASE WHEN voided_at IS NULL THEN summary ELSE '' END FROM activities
        """)
      try db.execute(
        """
        INSERT INTO search_docs (kind, ref_id, date, body)
        SELECT 'insight', id, date, CASE WHEN voided_at IS NULL THEN text ELSE '' END FROM insights
        """)
      try db.execute(
        "INSERT INTO search_docs (kind, ref_id, date, body) SELECT 'producer', p.id, substr(p.created_at, 1, 10), \(Self.producerBody) FROM producers p"
      )
      try db.execute(
        """
        INSERT INTO search_docs (kind, ref_id, date, body)
        SELECT 'officer', handle, substr(created_at, 1, 10), name || ' ' || handle FROM officers
        """)
    }
  }

  /// A producer's document, over `producers p`: its name, FLO ID and products, as the triggers of
  /// 0014_corrections_search.sql make it; empty for a merged duplicate.
  static let producerBody = """
    CASE WHEN p.merged_into IS NULL THEN p.name || coalesce(' FLO ' || p.flo_id, '')
      || coalesce(' ' || (SELECT group_concat(product, ' ') FROM
           (SELECT product FROM producer_products WHERE producer_id = p.id ORDER BY product)), '')
    ELSE '' END
    """

  /// Makes every producer's document what the triggers would have made it, by set: after an import that
  /// ran without them. The changed ones are logged in `search_changes`, for `catchUp`.
  func refreshProducerDocuments() throws {
    try db.execute(
      """
      INSERT INTO search_docs (kind, ref_id, date, body)
      SELECT 'producer', p.id, substr(p.created_at, 1, 10), \(Self.producerBody) FROM producers p
      WHERE NOT EXISTS (SELECT 1 FROM search_docs d WHERE d.kind = 'producer' AND d.ref_id = p.id)
      """)
    try db.execute(
      """
      UPDATE search_docs SET body = b.body
      FROM (SELECT p.id, \(Self.producerBody) AS body FROM producers p) AS b
      WHERE search_docs.kind = 'producer' AND search_docs.ref_id = b.id AND search_docs.body IS NOT b.body
      """)
  }

  /// Builds the FTS5 index again from every document in `search_docs`, as after a bulk load that did not
  /// log its documents in `search_changes`.
  func rebuild() throws {
    try db.write {
      try db.execute("INSERT INTO search_index (search_index) VALUES ('rebuild')")
      try db.execute("DELETE FROM search_changes")
    }
  }

  /// How many of the newest matches a search ranks: all of them for any but the commonest words.
  static let rankedMatches = 5_000

  /// The best matches for `query`, best first: FTS5's query syntax (`"a phrase"`, `OR`, `NOT`, `prefix*`)
  /// where it parses, else its words, each quoted as a term, all of them to be found (what a person typing
  /// `ICS-records` or `cooperative AND` means).
  public func search(_ query: String, limit: Int) throws -> [SearchHit] {
    let trimmed = query.trimmedWhitespace
    guard !trimmed.isEmpty else { throw DomainError.invalid("the search query is empty; give words to look for") }
    // On a file this user may only read, the index is searched as it is: documents written since the last
    // write by psr (such as rows a sync applied) are found once someone who may write has searched or written.
    if !db.isReadOnly { try catchUp() }
    do {
      return try matches(trimmed, limit: limit)
    } catch let error as SQLiteError where ResultCode.error ~= error.code {
      // The SQL is fixed, so an error here is FTS5 refusing the query (syntax, or a `column:` filter).
      let words = Self.words(of: trimmed)
      guard !words.isEmpty else {
        throw DomainError.invalid(
          "cannot search for '\(Validate.printable(trimmed))': it holds no words to look for; give words, such as 'soil test'"
        )
      }
      return try matches(words.map { "\"\($0)\"" }.joined(separator: " "), limit: limit)
    }
  }

  /// The words of a query FTS5 cannot parse: its pieces between spaces, without double quotes, those with a
  /// letter or digit; a dangling AND, OR or NOT is left out when other words remain.
  static func words(of query: String) -> [String] {
    let words = query.split(whereSeparator: { $0.isWhitespace }).map { String($0.replacing("\"", with: "")) }
      .filter { $0.contains(where: { $0.isLetter || $0.isNumber }) }
    let plain = words.filter { !["AND", "OR", "NOT"].contains($0) }
    return plain.isEmpty ? words : plain
  }

  /// The best matches for an FTS5 query.
  private func matches(_ match: String, limit: Int) throws -> [SearchHit] {
    // Ranked among the newest matches only (documents are numbered as they are written): a common word
    // matches hundreds of thousands of texts, and scoring every one of them would take seconds. The
    // snippets are made for the hits shown.
    try db.rows(
      """
      WITH newest AS (
        SELECT rowid AS id, bm25(search_index) AS rank FROM search_index WHERE search_index MATCH ?3
        ORDER BY rowid DESC LIMIT ?5
      ),
      best AS (SELECT id, rank FROM newest ORDER BY rank LIMIT ?4)
      SELECT d.kind, d.ref_id, d.case_id, d.date,
        snippet(search_index, 0, ?1, ?2, '…', 16) AS snippet, best.rank
      FROM best
      JOIN search_index ON search_index.rowid = best.id AND search_index MATCH ?3
      JOIN search_docs d ON d.id = best.id
      ORDER BY best.rank, d.date DESC
      """, [SearchHit.highlightStart, SearchHit.highlightEnd, match, limit, Self.rankedMatches]
    ).map { row in
      let kind: String = try row.decode("kind")
      let caseID: String? = try row.decode("case_id")
      let reference: String = try row.decode("ref_id")
      return SearchHit(
        kind: kind, id: caseID ?? reference, caseID: caseID, date: try row.decode("date"),
        snippet: try row.decode("snippet"), rank: try row.decode("rank"))
    }
  }
}
