import Testing

@testable import SQLite

@Suite struct ErrorTests {
  private func makeDatabase() throws -> Database {
    let db = try Database()
    try db.execute(
      script: """
        CREATE TABLE parent (id INTEGER PRIMARY KEY);
        CREATE TABLE person (
          id INTEGER PRIMARY KEY,
          email TEXT NOT NULL UNIQUE,
          age INTEGER CONSTRAINT adult CHECK (age >= 18),
          parent_id INTEGER REFERENCES parent(id)
        );
        INSERT INTO parent (id) VALUES (1);
        INSERT INTO person (id, email, age, parent_id) VALUES (1, 'a@example.org', 30, 1);
        """)
    return db
  }

  @Test func syntaxErrorOnPrepareNamesCodeAndSQL() throws {
    let db = try Database()
    let error = try #require(throws: SQLiteError.self) { try db.prepare("SELEC 1") }
    #expect(error.code == .error)
    #expect(error.code.rawValue == 1)
    #expect(error.sql == "SELEC 1")
    #expect(error.message == #"near "SELEC": syntax error"#)
    #expect(error.description.contains("SELEC 1"))
  }

  @Test func syntaxErrorThroughExecuteAndCachedStatement() throws {
    let db = try Database()
    let error = try #require(throws: SQLiteError.self) { try db.execute("INSERT INTO nowhere VALUES (1)") }
    #expect(error.code == .error)
    #expect(error.sql == "INSERT INTO nowhere VALUES (1)")
    #expect(error.message == "no such table: nowhere")
  }

  @Test func uniqueViolation() throws {
    let db = try makeDatabase()
    let sql = "INSERT INTO person (email, age) VALUES (?, ?)"
    let error = try #require(throws: SQLiteError.self) { try db.execute(sql, ["a@example.org", 40]) }
    #expect(error.code == .constraintUnique)
    #expect(error.code.rawValue == 2067)
    #expect(error.code.primary == .constraint)
    #expect(ResultCode.constraint ~= error.code)
    #expect(!(ResultCode.constraintNotNull ~= error.code))
    #expect(!(ResultCode.busy ~= error.code))
    #expect(error.sql == sql)
    #expect(error.message == "UNIQUE constraint failed: person.email")
    #expect(try db.scalar("SELECT count(*) FROM person") == 1)
  }

  @Test func notNullViolation() throws {
    let db = try makeDatabase()
    let sql = "INSERT INTO person (email, age) VALUES (?, ?)"
    let error = try #require(throws: SQLiteError.self) { try db.execute(sql, [String?.none, 40]) }
    #expect(error.code == .constraintNotNull)
    #expect(ResultCode.constraint ~= error.code)
    #expect(error.sql == sql)
    #expect(error.message == "NOT NULL constraint failed: person.email")
  }

  @Test func checkViolation() throws {
    let db = try makeDatabase()
    let sql = "UPDATE person SET age = ? WHERE id = 1"
    let error = try #require(throws: SQLiteError.self) { try db.execute(sql, [12]) }
    #expect(error.code == .constraintCheck)
    #expect(ResultCode.constraint ~= error.code)
    #expect(error.sql == sql)
    #expect(error.message == "CHECK constraint failed: adult")
    #expect(try db.scalar("SELECT age FROM person WHERE id = 1") == 30)
  }

  @Test func foreignKeyViolation() throws {
    let db = try makeDatabase()
    #expect(try db.pragmaInt("foreign_keys") == 1)
    let insert = "INSERT INTO person (email, parent_id) VALUES (?, ?)"
    let error = try #require(throws: SQLiteError.self) { try db.execute(insert, ["b@example.org", 99]) }
    #expect(error.code == .constraintForeignKey)
    #expect(ResultCode.constraint ~= error.code)
    #expect(error.sql == insert)
    #expect(error.message == "FOREIGN KEY constraint failed")

    let delete = "DELETE FROM parent WHERE id = 1"
    let deleteError = try #require(throws: SQLiteError.self) { try db.execute(delete) }
    #expect(deleteError.code == .constraintForeignKey)
    #expect(deleteError.sql == delete)
  }

  @Test func argumentCountMismatchIsRange() throws {
    let db = try makeDatabase()
    let sql = "INSERT INTO person (email, age) VALUES (?, ?)"
    let tooFew = try #require(throws: SQLiteError.self) { try db.execute(sql, ["c@example.org"]) }
    #expect(tooFew.code == .range)
    #expect(tooFew.code.rawValue == 25)
    #expect(tooFew.sql == sql)
    #expect(tooFew.message == "the statement takes 2 arguments but 1 were given")

    let tooMany = try #require(throws: SQLiteError.self) { try db.prepare("SELECT ?").execute([1, 2]) }
    #expect(tooMany.code == .range)
    #expect(tooMany.sql == "SELECT ?")
    #expect(try db.scalar("SELECT count(*) FROM person") == 1)
  }

  @Test func statementWorksAgainAfterAnError() throws {
    let db = try makeDatabase()
    let statement = try db.cachedStatement("INSERT INTO person (email, age) VALUES (?, ?)")
    #expect(throws: SQLiteError.self) { try statement.execute(["a@example.org", 20]) }
    try statement.execute(["d@example.org", 20])
    #expect(try db.scalar("SELECT count(*) FROM person") == 2)
  }

  @Test func primaryCodeMatchesOnlyItsOwnFamily() {
    #expect(ResultCode.busy ~= .busyTimeout)
    #expect(ResultCode.busy ~= .busy)
    #expect(!(ResultCode.busyTimeout ~= .busy))
    #expect(!(ResultCode.constraint ~= .busyTimeout))
    #expect(ResultCode.constraintUnique.primary == .constraint)
    #expect(ResultCode.constraintUnique.description == "2067 (constraint failed)")
  }
}
