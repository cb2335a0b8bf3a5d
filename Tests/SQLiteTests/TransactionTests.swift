import Testing

@testable import SQLite

@Suite struct TransactionTests {
  private func makeDatabase() throws -> Database {
    let db = try Database()
    try db.execute("CREATE TABLE t (name TEXT PRIMARY KEY)")
    return db
  }

  private func insert(_ name: String, into db: Database) throws {
    try db.execute("INSERT INTO t (name) VALUES (?)", [name])
  }

  private func names(in db: Database) throws -> [String] {
    try db.rows("SELECT name FROM t ORDER BY name").map { try $0.decode("name") }
  }

  @Test func writeCommitsOnReturn() throws {
    let db = try makeDatabase()
    let result = try db.write {
      try insert("a", into: db)
      #expect(db.isInTransaction)
      return 42
    }
    #expect(result == 42)
    #expect(db.isInTransaction == false)
    #expect(try names(in: db) == ["a"])
  }

  @Test func writeRollsBackAndRethrowsTheBodysError() throws {
    let db = try makeDatabase()
    #expect(throws: TestError.boom(7)) {
      try db.write {
        try insert("a", into: db)
        throw TestError.boom(7)
      }
    }
    #expect(db.isInTransaction == false)
    #expect(try names(in: db) == [])
  }

  @Test func writeRollsBackOnAnSQLiteErrorAndRethrowsIt() throws {
    let db = try makeDatabase()
    let error = try #require(throws: SQLiteError.self) {
      try db.write {
        try insert("a", into: db)
        try insert("a", into: db)
      }
    }
    #expect(error.code == .constraintPrimaryKey)
    #expect(error.sql == "INSERT INTO t (name) VALUES (?)")
    #expect(db.isInTransaction == false)
    #expect(try names(in: db) == [])
  }

  @Test func failingCommitRollsBack() throws {
    let db = try Database()
    try db.execute(
      script: """
        CREATE TABLE parent (id INTEGER PRIMARY KEY);
        CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id));
        """)
    let error = try #require(throws: SQLiteError.self) {
      try db.write {
        try db.execute("PRAGMA defer_foreign_keys = ON")
        try db.execute("INSERT INTO child (id, parent_id) VALUES (1, 99)")
      }
    }
    #expect(error.code == .constraintForeignKey)
    #expect(error.sql == "COMMIT")
    #expect(db.isInTransaction == false)
    #expect(try db.scalar("SELECT count(*) FROM child") == 0)
  }

  @Test func failedSavepointInsideWriteKeepsTheRest() throws {
    let db = try makeDatabase()
    try db.write {
      try insert("A", into: db)
      let error = thrownError {
        try db.savepoint {
          try insert("B", into: db)
          throw TestError.boom(1)
        }
      }
      #expect(error as? TestError == .boom(1))
      #expect(db.isInTransaction)
      try insert("C", into: db)
    }
    #expect(try names(in: db) == ["A", "C"])
  }

  @Test func writeInsideWriteIsASavepoint() throws {
    let db = try makeDatabase()
    try db.write {
      try insert("A", into: db)
      try? db.write {
        try insert("B", into: db)
        throw TestError.boom(2)
      }
      try db.write { try insert("C", into: db) }
      #expect(db.isInTransaction)
    }
    #expect(try names(in: db) == ["A", "C"])

    // The inner write did not commit: the outer rollback undoes it too.
    #expect(throws: TestError.boom(3)) {
      try db.write {
        try db.write { try insert("D", into: db) }
        #expect(try names(in: db) == ["A", "C", "D"])
        throw TestError.boom(3)
      }
    }
    #expect(try names(in: db) == ["A", "C"])
  }

  @Test func savepointsNestThreeDeep() throws {
    let db = try makeDatabase()
    try db.savepoint {
      try insert("1", into: db)
      try db.savepoint {
        try insert("2", into: db)
        try db.savepoint { try insert("3", into: db) }
        let error = thrownError {
          try db.savepoint {
            try insert("x", into: db)
            throw TestError.boom(4)
          }
        }
        #expect(error as? TestError == .boom(4))
        try insert("4", into: db)
      }
    }
    #expect(db.isInTransaction == false)
    #expect(try names(in: db) == ["1", "2", "3", "4"])

    // A failure at depth 3 inside a failing depth 2 undoes both; depth 1 keeps its own row.
    try db.savepoint {
      try insert("5", into: db)
      try? db.savepoint {
        try insert("6", into: db)
        try db.savepoint {
          try insert("7", into: db)
          throw TestError.boom(5)
        }
      }
    }
    #expect(try names(in: db) == ["1", "2", "3", "4", "5"])
  }

  @Test func savepointRethrowsTheSameError() throws {
    let db = try makeDatabase()
    #expect(throws: TestError.boom(6)) {
      try db.savepoint {
        try insert("a", into: db)
        throw TestError.boom(6)
      }
    }
    #expect(db.isInTransaction == false)
    #expect(try names(in: db) == [])
  }

  @Test func readEndsItsTransaction() throws {
    let db = try makeDatabase()
    try insert("a", into: db)
    let count: Int? = try db.read {
      #expect(db.isInTransaction)
      return try db.scalar("SELECT count(*) FROM t")
    }
    #expect(count == 1)
    #expect(db.isInTransaction == false)
    #expect(throws: TestError.boom(8)) { try db.read { throw TestError.boom(8) } }
    #expect(db.isInTransaction == false)
  }
}
