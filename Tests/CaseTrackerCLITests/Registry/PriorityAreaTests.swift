import Foundation
import SQLite
import Testing

/// `psr region priorities`: a region's priority areas for a year, changed with who and when, a sub-region
/// taking its network's, trainings off them warned about, and changes synced like every other.
@Suite struct PriorityAreaTests {
  func areas(_ box: Sandbox, _ region: String, year: String = "2026") throws -> [String: Any] {
    try #require(
      try json(try box.ok(["region", "priorities", region, "--year", year, "--format", "json"])) as? [String: Any])
  }

  func codes(_ areas: [String: Any]) -> [String] {
    (areas["areas"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
  }

  func changeCount(_ box: Sandbox) throws -> Int {
    try Database(path: box.db, mode: .readOnly, journalMode: nil).scalar("SELECT count(*) FROM priority_changes") ?? -1
  }

  @Test func aRegionsAreasAreSetAddedRemovedAndTakenByItsSubRegions() throws {
    let box = try fieldOffice()
    let none = try box.officer(["region", "priorities", "AME-ECA", "--year", "2026"])
    #expect(none.status == 0 && none.stdout.isEmpty)
    #expect(
      none.stderr.contains(
        "AME-ECA has no priority areas for 2026; set them with 'psr region priorities AME-ECA --set ics,gender --year 2026'"
      ))
    let set = try box.act(["region", "priorities", "AME-ECA", "--set", "ics,Gender, climate", "--year", "2026"])
    #expect(set.stderr.contains("AME-ECA 2026: added ics, gender, climate"), "\(set.stderr)")
    #expect(set.stdout.hasPrefix("AME-ECA Eastern & Central Africa: priority areas for 2026\nCODE "), "\(set.stdout)")
    var eca = try areas(box, "AME-ECA")
    #expect(codes(eca) == ["climate", "gender", "ics"])
    #expect(eca["inherited_from"] is NSNull)
    let ics = try #require((eca["areas"] as? [[String: Any]])?.first { $0["code"] as? String == "ics" })
    #expect(ics["description"] as? String == "Internal control systems")
    #expect(ics["added_by"] as? String == "akinyi")
    #expect(ics["chosen_by"] as? String == "AME-ECA")
    #expect((ics["added_at"] as? String)?.hasSuffix("Z") == true)
    // The same set again changes nothing and records nothing.
    let before = try changeCount(box)
    let again = try box.act(["region", "priorities", "AME-ECA", "--set", "climate,gender,ics", "--year", "2026"])
    #expect(again.stderr.contains("nothing changed"))
    #expect(try changeCount(box) == before)
    // Add, remove and describe; the history keeps every change.
    try box.act([
      "region", "priorities", "AME-ECA", "--year", "2026", "--add", "child-labour", "--remove", "climate",
      "--describe", "ics=ICS documents and internal inspections",
    ])
    eca = try areas(box, "AME-ECA")
    #expect(codes(eca) == ["child-labour", "gender", "ics"])
    let described = (eca["areas"] as? [[String: Any]])?.first { $0["code"] as? String == "ics" }
    #expect(described?["description"] as? String == "ICS documents and internal inspections")
    let history = try #require(
      try json(
        try box.ok(["region", "priorities", "AME-ECA", "--year", "2026", "--history", "--format", "json"]))
        as? [String: Any])
    let actions = (history["history"] as? [[String: Any]] ?? []).map {
      "\($0["action"] as? String ?? "") \($0["code"] as? String ?? "")"
    }
    #expect(actions.count == 6)
    #expect(actions.contains("removed climate") && actions.contains("added child-labour"))
    // Another year is its own; a sub-region without its own takes its network's, and says so.
    #expect(codes(try areas(box, "AME-ECA", year: "2025")).isEmpty)
    try box.act(["region", "priorities", "AME", "--year", "2026", "--set", "premium-use,market-access"])
    let wa = try areas(box, "AME-WA")
    #expect(codes(wa) == ["market-access", "premium-use"])
    #expect(wa["inherited_from"] as? String == "AME")
    let table = try box.ok(["region", "priorities", "AME-WA", "--year", "2026"])
    #expect(
      table.hasPrefix("AME-WA West Africa: priority areas for 2026, its network AME's (AME-WA has none of its own)"))
    #expect(codes(try areas(box, "AME-ECA")) == ["child-labour", "gender", "ics"])
    // CSV, one row per area.
    let csv = try box.ok(["region", "priorities", "AME-WA", "--year", "2026", "--format", "csv"])
    #expect(csv.hasPrefix("region,year,code,description,chosen_by,added_at,added_by\r\nAME-WA,2026,market-access,"))
    // An empty --set clears the region's own areas: the network's apply again.
    try box.act(["region", "priorities", "AME-ECA", "--year", "2026", "--set", ""])
    #expect(try areas(box, "AME-ECA")["inherited_from"] as? String == "AME")
  }

  @Test func badInputIsOneSentenceAndChangesNothing() throws {
    let box = try fieldOffice()
    try box.act(["region", "priorities", "AME-ECA", "--set", "ics", "--year", "2026"])
    let before = try changeCount(box)
    let cases: [([String], Int32, String)] = [
      (["XX-YY", "--add", "ics"], 65, "unknown region 'XX-YY'; see 'psr region list'"),
      (["AME-ECA", "--add", "two words"], 65, "'two words' is not a priority area code"),
      (["AME-ECA", "--year", "1990", "--add", "gender"], 65, "there is no year 1990 for priorities"),
      (["AME-ECA", "--add", "gender", "--remove", "gender"], 65, "'gender' is both added and removed"),
      (["AME-ECA", "--describe", "nodesc"], 64, "--describe takes CODE=TEXT"),
      (["AME-ECA", "--describe", "zzz=never added"], 65, "'zzz' is described but is not a priority area of AME-ECA"),
      (["AME-ECA", "--add", "gender", "--describe", "gender=two\nlines"], 65, "one line of at most 200 characters"),
      (["AME-ECA", "--add", String(repeating: "x", count: 41)], 65, "is not a priority area code"),
    ]
    for (arguments, status, message) in cases {
      let run = try box.officer(
        ["region", "priorities"] + arguments + (arguments.contains("--year") ? [] : ["--year", "2026"]))
      #expect(run.status == status, "\(arguments): \(run.stderr)")
      #expect(run.stderr.contains(message), "\(arguments): \(run.stderr)")
      #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
    }
    #expect(try changeCount(box) == before)
    // The table refuses to be rewritten.
    let db = try Database(path: box.db)
    #expect(throws: (any Error).self) { try db.execute("UPDATE priority_changes SET code = 'x'") }
    #expect(throws: (any Error).self) { try db.execute("DELETE FROM priority_changes") }
  }

  @Test func aTrainingOffTheRegionsPrioritiesIsWarnedAboutAndStillLogged() throws {
    let box = try fieldOffice()
    let training = [
      "visit", "log", "--kind", "training", "--date", "2026-11-20", "--producer", "27651", "--hours", "3", "--women",
      "5",
      "--summary", "ICS training",
    ]
    // No priorities for the year: no warning.
    #expect(try box.act(training + ["--topic", "pest-control"]).stderr.contains("warning") == false)
    try box.act(["region", "priorities", "AME-ECA", "--set", "ics,gender", "--year", "2026"])
    let off = try box.act(training + ["--topic", "ics", "--topic", "pest-control"])
    #expect(
      off.stderr.contains(
        "warning: topic 'pest-control' is not one of AME-ECA's priority areas for 2026: gender, ics"), "\(off.stderr)")
    #expect(off.stdout.count == 9)
    #expect(try box.act(training + ["--topic", "gender"]).stderr.contains("warning") == false)
    // A field visit's topics are not trainings: no warning. A training in 2025 is held against 2025's areas.
    #expect(
      try box.act([
        "visit", "log", "--kind", "field-visit", "--date", "2026-11-20", "--producer", "27651", "--topic", "pests",
        "--summary", "Visit",
      ]).stderr.contains("warning") == false)
    #expect(
      try box.act(training.map { $0 == "2026-11-20" ? "2025-11-20" : $0 } + ["--topic", "pests"]).stderr.contains(
        "warning") == false)
    // A workshop in a sub-region taking its network's areas names where they come from.
    try box.act(["region", "priorities", "AME", "--set", "market-access", "--year", "2026"])
    let workshop = try box.act([
      "visit", "log", "--kind", "workshop", "--date", "2026-11-20", "--country", "GH", "--women", "4", "--topic",
      "ics", "--topic", "gender", "--summary", "Workshop",
    ])
    #expect(
      workshop.stderr.contains(
        "warning: topics 'ics', 'gender' are not among the priority areas AME-WA takes from AME for 2026: market-access"
      ), "\(workshop.stderr)")
  }

  @Test func changesMadeOfflineOnTwoLaptopsConverge() throws {
    let unit = try Unit()
    try unit.ok(unit.akinyi, ["region", "priorities", "AME-ECA", "--set", "ics,gender", "--year", "2026"])
    try unit.ok(unit.akinyi, ["sync"])
    try unit.ok(unit.mateo, ["sync"], as: "mateo")
    // Offline on both: Akinyi adds climate; Mateo adds climate too and removes gender.
    try unit.ok(unit.akinyi, ["region", "priorities", "AME-ECA", "--add", "climate", "--year", "2026"])
    try unit.ok(
      unit.mateo, ["region", "priorities", "AME-ECA", "--add", "climate", "--remove", "gender", "--year", "2026"],
      as: "mateo")
    try unit.ok(unit.akinyi, ["sync"])
    try unit.ok(unit.mateo, ["sync"], as: "mateo")
    try unit.ok(unit.akinyi, ["sync"])
    let everywhere = try [unit.hub, unit.akinyi, unit.mateo].map {
      try unit.json($0, ["region", "priorities", "AME-ECA", "--year", "2026"])
    }
    let lists = everywhere.map { codes($0) }
    #expect(lists[0] == lists[1] && lists[1] == lists[2], "\(lists)")
    // Climate added on both stays once; gender removed on one is removed everywhere.
    #expect(lists[0] == ["climate", "ics"], "\(lists)")
    let digest = try unit.digest(unit.hub)
    #expect(try unit.digest(unit.akinyi) == digest)
    #expect(try unit.digest(unit.mateo) == digest)
    #expect(digest["priority_changes"]?.split(separator: "\n").count == 5)
  }
}
