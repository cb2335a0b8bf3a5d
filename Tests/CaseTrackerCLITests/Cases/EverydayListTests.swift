import Foundation
import Testing

/// The views an officer works from every day: case show and update's help, the officers' workload, a
/// producer's state of work, and the list filters.
@Suite struct EverydayListTests {
  func jsonList(_ box: Sandbox, _ arguments: [String]) throws -> [[String: Any]] {
    try #require(try json(box.ok(arguments + ["--format", "json", "--today", "2026-11-26"])) as? [[String: Any]])
  }

  @Test func caseShowSaysTheStatusOnceAndDaysOpenOnlyWhileOpen() throws {
    let box = try fieldOffice()
    let id = try box.openCase(["--type", "trade", "--title", "Buyer", "--producer", "27651"], today: "2026-11-20")
    let open = try box.ok(["case", "show", id, "--today", "2026-11-26"])
    #expect(open.contains("\nStatus:    open\n"))
    #expect(open.contains("\nDays open: 6\n"))
    #expect(!open.contains("Closed"))
    try box.act(["case", "update", id, "--status", "waiting"])
    #expect(try box.ok(["case", "show", id, "--today", "2026-11-26"]).contains("\nStatus:    waiting (pending)\n"))
    try box.act(["case", "close", id, "--resolution", "Signed"], today: "2026-11-26")
    let closed = try box.ok(["case", "show", id, "--today", "2026-12-30"])
    #expect(closed.contains("\nStatus:       resolved (closed)\n"))
    #expect(closed.contains("\nClosed after: 6 days\n"))
    #expect(!closed.contains("Days open"))
    #expect(try box.caseJSON(id, today: "2026-12-30")["days_open"] as? Int == 6)
  }

  @Test func caseUpdateOffersOnlyTheStatusesItCanSet() throws {
    let box = try fieldOffice()
    let help = try box.ok(["case", "update", "--help"])
    #expect(help.contains("--status <open|active|waiting>"))
    #expect(!help.contains("resolved") && !help.contains("cancelled"))
    let id = try box.openCase(["--type", "trade", "--title", "Buyer", "--producer", "27651"])
    let resolved = try box.officer(["case", "update", id, "--status", "resolved"])
    #expect(resolved.status == 64)
    #expect(
      resolved.stderr
        == "psr: The value 'resolved' is invalid for '--status <open|active|waiting>': close a case with 'psr case close REF --resolution TEXT' (or --cancel), not --status; --status takes open, active, waiting; see 'psr case update --help'\n"
    )
    let typo = try box.officer(["case", "update", id, "--status", "activ"])
    #expect(typo.status == 64)
    #expect(
      typo.stderr.contains("is invalid for '--status <open|active|waiting>': give one of: open, active, waiting;"))
    #expect(try box.caseJSON(id)["status"] as? String == "open")
    #expect(try box.act(["case", "update", id, "--status", "ACTIVE"]).status == 0)
    #expect(try box.caseJSON(id)["status"] as? String == "active")
  }

  @Test func officerListShowsEachOfficersOpenAndOverdueCases() throws {
    let box = try fieldOffice()
    _ = try box.openCase(
      ["--type", "trade", "--title", "A", "--producer", "27651", "--due", "2026-11-30"], today: "2026-11-01")
    _ = try box.openCase(
      ["--type", "trade", "--title", "B", "--producer", "27651", "--due", "2026-11-10"], today: "2026-11-01")
    let waiting = try box.openCase(
      ["--type", "trade", "--title", "C", "--producer", "27651", "--due", "2026-11-10"], today: "2026-11-01")
    try box.act(["case", "update", waiting, "--status", "waiting"])
    let closed = try box.openCase(["--type", "trade", "--title", "D", "--producer", "27651"], today: "2026-11-01")
    try box.act(["case", "close", closed, "--cancel"])
    _ = try box.openCase(["--type", "trade", "--title", "E", "--producer", "1503", "--officer", "mateo"])

    let table = try box.ok(["officer", "list", "--today", "2026-11-26"])
    let lines = table.split(separator: "\n")
    #expect(lines[0].hasSuffix("OPEN  OVERDUE"))
    #expect(lines[1].hasPrefix("akinyi") && lines[1].hasSuffix("3     1"))
    #expect(lines[2].hasPrefix("mateo") && lines[2].hasSuffix("1     0"))
    let rows = try jsonList(box, ["officer", "list"])
    #expect(rows.map { $0["open_cases"] as? Int } == [3, 1])
    #expect(rows.map { $0["overdue_cases"] as? Int } == [1, 0])
    let csv = try box.ok(["officer", "list", "--format", "csv", "--today", "2026-12-01"])
    #expect(csv.split(separator: "\r\n")[1].hasSuffix(",3,2"))
  }

  @Test func producerShowListsItsOpenCasesLastVisitsOpenNCsAndReadiness() throws {
    let box = try fieldOffice()
    let open = try box.openCase(["--type", "trade", "--title", "Find a buyer", "--producer", "27651"])
    let closed = try box.openCase(["--type", "business", "--title", "Old plan", "--producer", "27651"])
    try box.act(["case", "close", closed, "--cancel"])
    for (day, summary) in [
      ("2026-01-10", "first"), ("2026-03-10", "second"), ("2026-05-10", "third"),
      ("2026-07-10", "fourth"), ("2026-09-10", "fifth"), ("2026-11-10", "sixth"),
    ] {
      try box.act(["visit", "log", "--kind", "field-visit", "--producer", "27651", "--date", day, "--summary", summary])
    }
    let nc = try box.act([
      "nc", "add", "--producer", "27651", "--criterion", "SPO 1.2", "--type", "core", "--deadline", "2026-12-10",
      "--description", "No list",
    ]).stdout.trimmingCharacters(in: .newlines)

    let table = try box.ok(["producer", "show", "27651", "--today", "2026-11-26"])
    #expect(table.contains("\nReadiness:   at-risk: NC due 2026-12-10: SPO 1.2\n"))
    let openCases = try #require(table.components(separatedBy: "\nOpen cases\n").last)
    #expect(openCases.contains(open) && !openCases.contains(closed))
    let visits = try #require(
      table.components(separatedBy: "\nLast visits\n").last?.components(separatedBy: "\n\n").first)
    #expect(visits.split(separator: "\n").count == 6)  // the heading and the last five, newest first
    #expect(visits.contains("sixth") && !visits.contains("first"))
    #expect(try #require(visits.range(of: "sixth")).lowerBound < (try #require(visits.range(of: "second"))).lowerBound)
    #expect(table.contains("\nOpen NCs\n") && table.contains(nc))

    let shown = try #require(
      try json(box.ok(["producer", "show", "27651", "--format", "json", "--today", "2026-11-26"])) as? [String: Any])
    #expect(shown["readiness"] as? String == "at-risk")
    #expect(
      (shown["open_cases"] as? [[String: Any]])?.compactMap { ($0["id"] as? String)?.prefix(8) } == [Substring(open)])
    #expect(
      (shown["last_visits"] as? [[String: Any]])?.compactMap { $0["summary"] as? String } == [
        "sixth", "fifth", "fourth", "third", "second",
      ])
    #expect((shown["open_ncs"] as? [[String: Any]])?.count == 1)
    #expect((shown["readiness_reasons"] as? [[String: Any]])?.first?["code"] as? String == "nc-deadline-near")
    let csv = try box.ok(["producer", "show", "27651", "--format", "csv", "--today", "2026-11-26"])
    let header = try #require(csv.split(separator: "\r\n").first)
    #expect(header.hasSuffix(",readiness,open_cases,open_ncs,last_visit"))
    #expect(csv.split(separator: "\r\n")[1].hasSuffix(",at-risk,1,1,2026-11-10"))

    // A prospect is not assessed, and has nothing open.
    let prospectID = try #require(
      try jsonList(box, ["producer", "list", "--status", "prospect"]).first?["id"] as? String)
    let prospect = try box.ok(["producer", "show", prospectID])  // registered today, the real one
    #expect(prospect.contains("\nReadiness: (not assessed for a prospect producer)\n"))
    #expect(prospect.contains("\nOpen cases\n(none)\n") && prospect.contains("\nLast visits\n(none recorded)\n"))
  }

  @Test func producerListFindsPartOfANameWithoutCaseOrAccentsAndSortsAndLimits() throws {
    let box = try fieldOffice()
    try box.ok(["producer", "add", "--name", "Coopérative Agricole Kavokiva", "--country", "CI", "--type", "spo"])
    let names = { (arguments: [String]) throws -> [String] in
      try self.jsonList(box, ["producer", "list"] + arguments).compactMap { $0["name"] as? String }
    }
    #expect(
      try names(["--name", "cooperative"]) == [
        "Coopérative Agricole Kavokiva", "Kabarole Tea Growers Cooperative Union",
      ])
    #expect(try names(["--name", "ASOCIACION"]) == ["Asociación de Apicultores del Sur"])
    #expect(try names(["--name", "coop", "--limit", "1"]) == ["Cooperativa Agraria Cafetalera “Valle Alto”"])
    #expect(try names(["--name", "nothing like it"]) == [])
    #expect(
      try names(["--sort", "members", "--limit", "3"]) == [
        "Kuapa Kokoo", "Oromia Coffee Farmers, Sidama Branch", "Malawi Sugar Outgrowers",
      ])
    #expect(
      try names(["--sort", "flo-id", "--limit", "3"]) == [
        "Oromia Coffee Farmers, Sidama Branch", "Kuapa Kokoo", "Cooperativa Agraria Cafetalera “Valle Alto”",
      ])
    #expect(
      try names(["--sort", "country", "--limit", "2"]) == ["Andean Quinoa Producers", "Coopérative Agricole Kavokiva"])
    #expect(try names(["--sort", "status", "--limit", "2"]).count == 2)
    #expect(try names(["--sort", "registered", "--limit", "1"]) == ["Coopérative Agricole Kavokiva"])
    let table = try box.ok(["producer", "list", "--name", "kuapa"])
    #expect(table.split(separator: "\n").count == 2 && table.contains("Kuapa Kokoo"))
    let bad = try box.run(["producer", "list", "--sort", "size"])
    #expect(bad.status == 64)
    #expect(bad.stderr.contains("give one of: name, flo-id, country, type, status, members, registered"))
    let help = try box.ok(["producer", "list", "--help"])
    #expect(
      help.contains("--name <name>") && help.contains("--limit <n>") && help.contains("flo-id (as a number, none last)")
    )
  }

  @Test func visitNCReadinessAndInsightListsTakeALimitAndInsightsAKind() throws {
    let box = try fieldOffice()
    for day in ["2026-11-01", "2026-11-02", "2026-11-03"] {
      try box.act(["visit", "log", "--kind", "remote", "--producer", "27651", "--date", day, "--summary", day])
      try box.act(["insight", "add", "--country", "KE", "--kind", "price", "--date", day, "Price \(day)"])
    }
    try box.act(["insight", "add", "--country", "KE", "--kind", "climate", "--date", "2026-11-04", "Dry spell"])
    for producer in ["27651", "1503"] {
      try box.act([
        "nc", "add", "--producer", producer, "--criterion", "SPO 1.\(producer.count)", "--type", "core", "--deadline",
        "2027-01-0\(producer.count)", "--description", "x",
      ])
    }
    #expect(
      try jsonList(box, ["visit", "list", "--limit", "2"]).compactMap { $0["date"] as? String } == [
        "2026-11-03", "2026-11-02",
      ])
    #expect(
      try jsonList(box, ["insight", "list", "--limit", "2"]).compactMap { $0["date"] as? String } == [
        "2026-11-04", "2026-11-03",
      ])
    #expect(
      try jsonList(box, ["insight", "list", "--kind", "price"]).compactMap { $0["text"] as? String } == [
        "Price 2026-11-03", "Price 2026-11-02", "Price 2026-11-01",
      ])
    #expect(
      try jsonList(box, ["insight", "list", "--kind", "CLIMATE"]).compactMap { $0["text"] as? String } == ["Dry spell"])
    #expect(try jsonList(box, ["insight", "list", "--kind", "demand"]).isEmpty)
    #expect(try jsonList(box, ["nc", "list", "--limit", "1"]).compactMap { $0["criterion"] as? String } == ["SPO 1.4"])
    let readiness = try jsonList(box, ["readiness", "list"])
    #expect(readiness.count > 2)
    let limited = try jsonList(box, ["readiness", "list", "--limit", "2"])
    #expect(
      limited.compactMap { $0["producer_id"] as? String }
        == readiness.prefix(2).compactMap { $0["producer_id"] as? String })
    let kind = try box.run(["insight", "list", "--kind", "rumour"])
    #expect(kind.status == 64 && kind.stderr.contains("'rumour' is invalid for '--kind <kind>'"))
    #expect(kind.stderr.contains("give one of: demand, supply, price, climate, other"))
  }

  @Test func caseListTakesADueDateRangeAndTheActingOfficersCases() throws {
    let box = try fieldOffice()
    let early = try box.openCase(["--type", "trade", "--title", "Early", "--producer", "27651", "--due", "2026-12-01"])
    let late = try box.openCase(["--type", "trade", "--title", "Late", "--producer", "27651", "--due", "2027-02-01"])
    _ = try box.openCase(["--type", "trade", "--title", "Undated", "--producer", "27651"])
    let mateos = try box.openCase(
      ["--type", "trade", "--title", "Mateo's", "--producer", "1503", "--officer", "mateo", "--due", "2026-12-15"])
    let ids = { (arguments: [String], environment: [String: String]) throws -> [String] in
      let result = try box.run(
        ["case", "list", "--format", "csv", "--today", "2026-11-26"] + arguments, environment: environment)
      #expect(result.status == 0, "\(result.stderr)")
      return result.stdout.split(separator: "\r\n").dropFirst().map { String($0.prefix(8)) }
    }
    #expect(try ids(["--due-from", "2026-12-01", "--due-to", "2026-12-31"], [:]) == [early, mateos])
    #expect(try ids(["--due-from", "2026-12-02"], [:]) == [late, mateos])
    #expect(try ids(["--due-to", "2026-12-01"], [:]) == [early])
    #expect(try ids(["--mine", "--as", "mateo"], [:]) == [mateos])
    #expect(try ids(["--mine"], ["PSR_OFFICER": "mateo"]) == [mateos])
    #expect(try ids(["--mine", "--due-to", "2026-12-31"], ["PSR_OFFICER": "akinyi"]) == [early])
    // The login name counts when it is an officer's handle.
    #expect(try ids(["--mine"], ["USER": "akinyi"]).count == 3)

    let nobody = try box.run(["case", "list", "--mine"])
    #expect(nobody.status == 64)
    #expect(
      nobody.stderr
        == "psr: --mine lists the acting officer's cases, and 'tester' is no officer's handle; say who you are with --as HANDLE or PSR_OFFICER=HANDLE (see 'psr officer list')\n"
    )
    #expect(nobody.stdout == "")
    let unknown = try box.run(["case", "list", "--mine", "--as", "nobody"])
    #expect(
      unknown.status == 65
        && unknown.stderr == "psr: unknown officer 'nobody' given with --as; see 'psr officer list'\n")
    let both = try box.run(["case", "list", "--mine", "--officer", "mateo", "--as", "akinyi"])
    #expect(both.status == 64 && both.stderr.contains("give --mine or --officer, not both"))
    let bad = try box.run(["case", "list", "--due-from", "2026-13-01"])
    #expect(
      bad.status == 65 && bad.stderr.contains("'2026-13-01' is not a valid --due-from date: there is no month 13"))
  }
}
