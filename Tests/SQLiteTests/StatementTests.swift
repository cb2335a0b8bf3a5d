import Testing

@testable import SQLite

@Suite struct StatementTests {
  @Test func cachedStatementIsReusedForTheSameSQL() throws {
    let db = try Database()
    let first = try db.cachedStatement("SELECT ?")
    let second = try db.cachedStatement("SELECT ?")
    let other = try db.cachedStatement("SELECT ? + 1")
    #expect(first === second)
    #expect(first !== other)
    #expect(try db.prepare("SELECT ?") !== first)
    #expect(try first.scalar([41], as: Int.self) == 41)
    #expect(try second.scalar([42], as: Int.self) == 42)
  }

  @Test func oneStatementReusedForAThousandInsertsInOneWrite() throws {
    let db = try Database()
    try db.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, label TEXT NOT NULL)")
    try db.write {
      let insert = try db.cachedStatement("INSERT INTO item (id, label) VALUES (?, ?)")
      for id in 1...1000 {
        try insert.execute([id, "item \(id)"])
        #expect(db.changes == 1)
      }
    }
    #expect(db.isInTransaction == false)
    #expect(try db.scalar("SELECT count(*) FROM item") == 1000)
    #expect(try db.scalar("SELECT sum(id) FROM item") == 500_500)
    #expect(try db.scalar("SELECT label FROM item WHERE id = 1000") == "item 1000")
  }

  @Test func preparedStatementIsReusable() throws {
    let db = try Database()
    try db.execute("CREATE TABLE t (a INTEGER, b TEXT)")
    let insert = try db.prepare("INSERT INTO t (a, b) VALUES (?, ?)")
    #expect(insert.parameterCount == 2)
    #expect(insert.sql == "INSERT INTO t (a, b) VALUES (?, ?)")
    for a in 1...3 { try insert.execute([a, "v\(a)"]) }
    let select = try db.prepare("SELECT a, b AS label FROM t WHERE a >= ? ORDER BY a")
    #expect(select.columns.names == ["a", "label"])
    #expect(select.parameterCount == 1)
    #expect(try select.rows([2]).map { try $0.decode("label", as: String.self) } == ["v2", "v3"])
    #expect(try select.rows([1]).count == 3)
    #expect(try select.row([3])?.decode("a", as: Int.self) == 3)
    #expect(try select.row([4]) == nil)
    #expect(try select.scalar([4], as: Int.self) == nil)

    var seen: [Int] = []
    try select.forEachRow([1]) { seen.append(try $0.decode("a")) }
    #expect(seen == [1, 2, 3])
  }

  @Test func prepareRefusesTwoStatementsAndEmptySQL() throws {
    let db = try Database()
    let two = try #require(throws: SQLiteError.self) { try db.prepare("SELECT 1; SELECT 2") }
    #expect(two.code == .misuse)
    #expect(two.sql == "SELECT 1; SELECT 2")
    let empty = try #require(throws: SQLiteError.self) { try db.prepare("   ") }
    #expect(empty.code == .misuse)
    #expect(empty.sql == "   ")
    // A trailing semicolon and whitespace are one statement.
    #expect(try db.prepare("SELECT 1;  \n").scalar(as: Int.self) == 1)
  }

  @Test func changesCountsTheLastStatement() throws {
    let db = try Database()
    try db.execute(script: "CREATE TABLE t (a); INSERT INTO t VALUES (1), (2), (3);")
    #expect(db.changes == 3)
    try db.execute("UPDATE t SET a = a + 1 WHERE a > ?", [1])
    #expect(db.changes == 2)
  }

  @Test func scriptRunsEveryStatementInOrder() throws {
    let db = try Database()
    try db.execute(
      script: """
        -- a leading comment
        CREATE TABLE t (id INTEGER PRIMARY KEY, label TEXT);
        INSERT INTO t (id, label) VALUES (1, 'one');
        SELECT * FROM t;
        INSERT INTO t (id, label) VALUES (2, 'two; not a separator');

        /* a trailing comment */
        """)
    #expect(try db.ints("SELECT id FROM t ORDER BY id") == [1, 2])
    #expect(try db.scalar("SELECT label FROM t WHERE id = 2") == "two; not a separator")
  }

  @Test func scriptPrepareErrorNamesTheFailingStatement() throws {
    let db = try Database()
    let error = try #require(throws: SQLiteError.self) {
      try db.execute(
        script: """
          CREATE TABLE t (id INTEGER PRIMARY KEY);
          INSERT INTO nowhere VALUES (1);
          INSERT INTO t VALUES (3);
          """)
    }
    #expect(error.code == .error)
    #expect(error.message == "no such table: nowhere")
    #expect(error.sql == "INSERT INTO nowhere VALUES (1);")
    // The first statement ran (outside a transaction), the third did not.
    #expect(try db.tableNames() == ["t"])
    #expect(try db.scalar("SELECT count(*) FROM t") == 0)
  }

  @Test func scriptSyntaxErrorNamesTheFailingStatement() throws {
    let db = try Database()
    let error = try #require(throws: SQLiteError.self) {
      try db.execute(script: "CREATE TABLE t (id INTEGER PRIMARY KEY);\nINSERT INTO t VALUES (1;\nSELECT 1;")
    }
    #expect(error.code == .error)
    #expect(error.message == #"near ";": syntax error"#)
    #expect(error.sql == "INSERT INTO t VALUES (1;")
    #expect(try db.tableNames() == ["t"])
  }

  @Test func scriptStepErrorNamesTheFailingStatement() throws {
    let db = try Database()
    let error = try #require(throws: SQLiteError.self) {
      try db.execute(
        script: """
          CREATE TABLE t (id INTEGER PRIMARY KEY);
          INSERT INTO t VALUES (1), (1);
          INSERT INTO t VALUES (2);
          """)
    }
    #expect(error.code == .constraintPrimaryKey)
    #expect(ResultCode.constraint ~= error.code)
    #expect(error.message == "UNIQUE constraint failed: t.id")
    #expect(error.sql == "INSERT INTO t VALUES (1), (1);")
    #expect(try db.scalar("SELECT count(*) FROM t") == 0)
  }
}
