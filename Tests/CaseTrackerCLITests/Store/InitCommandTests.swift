import Foundation
import Testing

@Suite struct InitCommandTests {
  @Test func initCreatesDatabaseWithPrivateModesAndReferenceData() throws {
    let box = try Sandbox()
    let path = box.folder.appendingPathComponent("new/folder/psr.sqlite").path
    let first = try box.run(["init", "--db", path], useDB: false)
    #expect(first.status == 0)
    #expect(first.stdout == "")
    #expect(first.stderr.contains("created \(path)"))
    #expect(first.stderr.contains("249 countries, 15 regions"))
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    #expect((attributes[.posixPermissions] as? Int) == 0o600)
    for folder in ["new", "new/folder"] {
      let folderAttributes = try FileManager.default.attributesOfItem(
        atPath: box.folder.appendingPathComponent(folder).path)
      #expect((folderAttributes[.posixPermissions] as? Int) == 0o700)
    }
    let second = try box.run(["--db", path, "init"], useDB: false)
    #expect(second.status == 0)
    #expect(second.stderr.contains("up to date; no pending migrations"))
    let countries = try box.run(["country", "list", "--db", path, "--format", "csv"], useDB: false)
    #expect(countries.stdout.split(separator: "\r\n").count == 250)
  }

  @Test func commandOnMissingDatabaseFailsWithoutCreatingIt() throws {
    let box = try Sandbox()
    for arguments in [["region", "list"], ["officer", "list"], ["producer", "import", "x.csv"]] {
      let result = try box.run(arguments)
      #expect(result.status == 66)
      #expect(result.stdout == "")
      #expect(result.stderr == "psr: no psr database at \(box.db); create one with 'psr init'\n")
      #expect(!FileManager.default.fileExists(atPath: box.db))
    }
  }

  @Test func databaseLocationFollowsFlagThenEnvironmentThenXDG() throws {
    let box = try Sandbox()
    let viaEnv = box.folder.appendingPathComponent("env.sqlite").path
    #expect(try box.run(["init"], useDB: false, environment: ["PSR_DB": viaEnv]).status == 0)
    #expect(FileManager.default.fileExists(atPath: viaEnv))

    let xdg = box.folder.appendingPathComponent("xdg").path
    #expect(try box.run(["init"], useDB: false, environment: ["XDG_DATA_HOME": xdg]).status == 0)
    #expect(FileManager.default.fileExists(atPath: xdg + "/psr/psr.sqlite"))

    #expect(try box.run(["init"], useDB: false).status == 0)
    #expect(FileManager.default.fileExists(atPath: box.folder.path + "/.local/share/psr/psr.sqlite"))

    // --db wins over PSR_DB, before or after the subcommand.
    let flagged = box.folder.appendingPathComponent("flag.sqlite").path
    #expect(try box.run(["init", "--db", flagged], useDB: false, environment: ["PSR_DB": viaEnv]).status == 0)
    #expect(FileManager.default.fileExists(atPath: flagged))
  }

  @Test func helpListsExitCodes() throws {
    let box = try Sandbox()
    let help = try box.run(["--help"], useDB: false)
    #expect(help.status == 0)
    for line in ["64  usage error", "65  bad input: an invalid value", "66  not found", "75  the database is busy"] {
      #expect(help.stdout.contains(line))
    }
    // Each exit code on one line at 80 columns, none wrapped onto the next.
    let codes = help.stdout.split(separator: "\n", omittingEmptySubsequences: false).drop {
      !$0.hasPrefix("Exit codes:")
    }.dropFirst().prefix {
      !$0.isEmpty
    }
    #expect(codes.count == 11 && codes.allSatisfy { $0.count <= 80 && $0.hasPrefix("  ") }, "\(codes)")
  }

  @Test func aUsageErrorPointsAtTheHelpOfItsCommandWhereverTheGlobalOptionsStand() throws {
    let box = try Sandbox()
    try box.initialize()
    for arguments in [
      ["producer", "lst", "--db", box.db], ["--db", box.db, "producer", "lst"],
      ["--db", box.db, "--as", "akinyi", "--today", "2026-11-26", "producer", "lst"],
    ] {
      let refused = try box.run(arguments, useDB: false)
      #expect(refused.status == 64, "\(arguments)")
      #expect(
        refused.stderr
          == "psr: unknown command 'lst' after 'psr producer'; did you mean 'psr producer list'? ('psr producer --help' lists them)\n",
        "\(arguments): \(refused.stderr)")
    }
    // A command nowhere near one gets the list; an option's error still points at its command's help.
    let far = try box.run(["case", "frobnicate"], useDB: false)
    #expect(far.status == 64)
    #expect(far.stderr.contains("give one of: open, list, show, update, note, close, reopen"), "\(far.stderr)")
    #expect(try box.run(["caes", "list"], useDB: false).stderr.contains("did you mean 'psr case'?"))
    #expect(try box.run(["help", "case", "open"], useDB: false).stdout.contains("USAGE: psr case open"))
    let helpTypo = try box.run(["help", "case", "opn"], useDB: false)
    #expect(helpTypo.status == 64)
    #expect(helpTypo.stderr.contains("did you mean 'psr case open'?"), "\(helpTypo.stderr)")
    let choice = try box.run(["case", "open", "--type", "foo", "--title", "x", "--producer", "1"])
    #expect(choice.status == 64)
    #expect(
      choice.stderr.contains(
        "'--type <type>'; give one of: certification, trade, business, introduction, liaison, representation; see 'psr case open --help'"
      ), "\(choice.stderr)")
    // Two choices ("'csv' and 'json'") and a short list (argument-parser gives it inline, quoted, with
    // "or") read the same way.
    let two = try box.run(["audit", "export", "--format", "xml"])
    #expect(two.status == 64)
    #expect(two.stderr.contains("give one of: csv, json;"), "\(two.stderr)")
    let few = try box.run(["insight", "list", "--kind", "rumour"])
    #expect(few.status == 64)
    #expect(
      few.stderr
        == "psr: The value 'rumour' is invalid for '--kind <kind>'; give one of: demand, supply, price, climate, other; see 'psr insight list --help'\n",
      "\(few.stderr)")
  }

  @Test func aNegativeNumberIsCalledNegativeNotMissing() throws {
    let box = try Sandbox()
    try box.initialize()
    for (arguments, option) in [
      (["case", "list", "--limit", "-1"], "--limit"), (["search", "tea", "--limit", "-5"], "--limit"),
      (["demo", "--cases", "-10"], "--cases"),
    ] {
      let refused = try box.run(arguments)
      #expect(refused.status == 64, "\(arguments)")
      #expect(refused.stderr.contains("The value '\(arguments.last!)' is invalid for '\(option)"), "\(refused.stderr)")
      #expect(refused.stderr.contains("cannot be negative"), "\(refused.stderr)")
    }
  }

  @Test func usageErrorsExit64() throws {
    let box = try Sandbox()
    try box.initialize()
    let unknownFlag = try box.run(["region", "list", "--colour"])
    #expect(unknownFlag.status == 64)
    #expect(unknownFlag.stderr.contains("--colour"))
    let badFormat = try box.run(["region", "list", "--format", "xml"])
    #expect(badFormat.status == 64)
    let badToday = try box.run(["region", "list", "--today", "2026-02-30"])
    #expect(badToday.status == 65)
    #expect(badToday.stderr.contains("February 2026 has 28 days"), "\(badToday.stderr)")
  }

  @Test func notADatabaseIsRefused() throws {
    let box = try Sandbox()
    let path = try box.file("notes.sqlite", "these are my notes, not a database\n")
    let result = try box.run(["region", "list", "--db", path], useDB: false)
    #expect(result.status == 65)
    #expect(result.stderr.hasPrefix("psr: \(path) is not a psr database"))
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "these are my notes, not a database\n")
  }
}
