import Foundation
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Builds the hand-made dataset of Fixtures/report through the real binary.
func reportOffice() throws -> Sandbox {
  let box = try Sandbox()
  try box.initialize()
  let folder = fixtures.appendingPathComponent("report")
  let script = try String(contentsOf: folder.appendingPathComponent("dataset.txt"), encoding: .utf8)
  var names: [String: String] = [:]
  for line in script.split(separator: "\n").map(String.init) where !line.hasPrefix("#") && !line.isEmpty {
    var command = line
    var name: String?
    if let range = line.range(of: " = "), !line[..<range.lowerBound].contains(" ") {
      name = String(line[..<range.lowerBound])
      command = String(line[range.upperBound...])
    }
    let arguments = words(command).map { word -> String in
      if word.hasPrefix("$") { return names[String(word.dropFirst())] ?? word }
      if word.hasPrefix("@") { return folder.appendingPathComponent(String(word.dropFirst())).path }
      return word
    }
    let result = try box.run(arguments)
    #expect(result.status == 0, "\(line): \(result.stderr)")
    if let name { names[name] = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) }
  }
  return box
}

/// Splits on spaces, keeping "double quoted" words together.
func words(_ text: String) -> [String] {
  var words: [String] = []
  var current = ""
  var quoted = false
  var started = false
  for character in text {
    if character == "\"" {
      quoted.toggle()
      started = true
    } else if character == " " && !quoted {
      if started { words.append(current) }
      current = ""
      started = false
    } else {
      current.append(character)
      started = true
    }
  }
  if started { words.append(current) }
  return words
}

@Suite(.serialized) struct ReportCommandTests {
  /// Built once for the suite: the dataset takes about fifty runs of the binary.
  nonisolated(unsafe) static let box = Result { try reportOffice() }

  func report(_ arguments: [String]) throws -> [String: Any] {
    let box = try Self.box.get()
    return try #require(try json(box.ok(["report", "region"] + arguments + ["--format", "json"])) as? [String: Any])
  }

  func expected() throws -> [String: Any] {
    let data = try Data(contentsOf: fixtures.appendingPathComponent("report/expected-ame-eca-2026-q3.json"))
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
  }

  @Test func jsonMatchesTheHandWorkedAnswers() throws {
    let actual = try report(["AME-ECA", "--period", "2026-Q3"])
    let expected = try expected()
    #expect(NSObject.equal(actual["period"], expected["period"]))
    #expect(NSObject.equal(actual["headline"], expected["headline"]))
    #expect(NSObject.equal(actual["coverage"], expected["coverage"]))
    let cases = actual["cases"] as! [String: Any]
    let expectedCases = expected["cases"] as! [String: Any]
    for key in [
      "opened_by_type", "closed_by_type", "open_at_end", "open_at_end_by_status", "days_to_close", "aging",
      "overdue_at_end",
    ] {
      #expect(NSObject.equal(cases[key], expectedCases[key]), "cases.\(key): \(String(describing: cases[key]))")
    }
    let overdue = cases["oldest_overdue"] as! [[String: Any]]
    #expect(
      overdue.map { $0["title"] as? String }
        == (expectedCases["oldest_overdue_titles"] as! [String]).map { Optional($0) })
    #expect(
      overdue.map { $0["days_overdue"] as? Int }
        == (expectedCases["oldest_overdue_days"] as! [Int]).map { Optional($0) })
    #expect(overdue.first?["officer"] as? String == "akinyi")
    #expect(overdue.last?["officer"] is NSNull)
    for (section, key) in [("by_country", "country"), ("by_officer", "officer")] {
      let rows = actual[section] as! [[String: Any]]
      let wanted = expected[section] as! [String: [String: Int]]
      for (group, metrics) in wanted {
        let row = try #require(rows.first { ($0[key] as? String ?? "unassigned") == group }, "\(section) \(group)")
        for (metric, value) in metrics { #expect(row[metric] as? Int == value, "\(section).\(group).\(metric)") }
      }
    }
    #expect((actual["by_country"] as! [[String: Any]]).count == 8)
    #expect((actual["by_officer"] as! [[String: Any]]).count == 3)
    let readiness = actual["readiness"] as! [String: Any]
    let expectedReadiness = expected["readiness"] as! [String: Any]
    #expect(NSObject.equal(readiness["counts"], expectedReadiness["counts"]))
    #expect(NSObject.equal(readiness["ncs_by_type"], expectedReadiness["ncs_by_type"]))
    #expect(readiness["renewals_due_90_days"] as? Int == 1)
    #expect(
      (readiness["renewals_due"] as? [[String: Any]])?.map { $0["producer_name"] as? String } == ["Nyeri Tea Estate"])
    #expect(
      (actual["insights"] as! [[String: Any]]).map { $0["text"] as? String }
        == (expected["insight_texts"] as! [String]).map { Optional($0) })
    #expect(NSObject.equal(actual["activities_by_month"], expected["activities_by_month"]))
    #expect(
      NSObject.equal(actual["certification_outcomes"], expected["certification_outcomes"]),
      "\(String(describing: actual["certification_outcomes"]))")
    #expect(
      NSObject.equal(actual["training_priorities"], expected["training_priorities"]),
      "\(String(describing: actual["training_priorities"]))")
  }

  /// `report outcomes`: the same figures year by year, a year in progress counted as of today.
  @Test func outcomesYearByYear() throws {
    let box = try Self.box.get()
    let arguments = ["report", "outcomes", "AME-ECA", "--from", "2025", "--to", "2026", "--today", "2026-11-26"]
    let data = try #require(try json(box.ok(arguments + ["--format", "json"])) as? [String: Any])
    let years = try #require(data["years"] as? [[String: Any]])
    #expect(years.map { $0["year"] as? String } == ["2025", "2026"])
    let earlier = try #require(years[0]["all"] as? [String: Any])
    #expect(earlier["audits"] as? Int == 0 && earlier["share_with_major_nc"] is NSNull)
    #expect(years[1]["in_progress"] as? Bool == true && years[1]["as_of"] as? String == "2026-11-26")
    // 2026 to 11-26: AU1, AU2 and AU3 (103, 10-03, advised by the visits of 06-30 and 10-01); the NCs due add
    // 101's core NC (due 10-20, still open: late; advised by A1); 105 (05-01) and 107 (08-01) suspended.
    let all = try #require(years[1]["all"] as? [String: Any])
    let advised = try #require(years[1]["advised"] as? [String: Any])
    let notAdvised = try #require(years[1]["not_advised"] as? [String: Any])
    #expect(all["audits"] as? Int == 3 && advised["audits"] as? Int == 2 && notAdvised["audits"] as? Int == 1)
    #expect(all["ncs_due"] as? Int == 7 && all["ncs_corrected_by_deadline"] as? Int == 3)
    #expect(advised["ncs_due"] as? Int == 4 && advised["share_corrected_by_deadline"] as? Double == 0.5)
    #expect(notAdvised["ncs_due"] as? Int == 3 && notAdvised["ncs_corrected_by_deadline"] as? Int == 1)
    #expect(all["producers_suspended"] as? Int == 2 && all["producers_decertified"] as? Int == 1)
    #expect(all["share_with_major_nc"] as? Double == 0.333)
    let table = try box.officer(arguments)
    #expect(table.status == 0)
    #expect(table.stdout.hasPrefix("Certification outcomes: Eastern & Central Africa\n"), "\(table.stdout)")
    #expect(table.stdout.contains("The split shows association, not cause"))
    #expect(table.stderr.contains("2026 has not ended: it is counted as of today, 2026-11-26"))
    let csv = try box.ok(arguments + ["--format", "csv"])
    #expect(csv.hasPrefix("year,group,metric,value\r\n2025,all,audits,0\r\n"))
    #expect(csv.contains("2026,not_advised,ncs_by_type.major,1\r\n"))
    let html = try box.ok(arguments + ["--format", "html"])
    #expect(XMLParser(data: Data(html.utf8)).parse())
    #expect(html.contains("<figcaption>Audits with a major NC (%)</figcaption>"))
    for (bad, status, message) in [
      (["--from", "2026", "--to", "2025"], Int32(65), "--from 2026 is after --to 2025; give the earlier year first"),
      (["--from", "2026", "--to", "2027"], 65, "2027 has not begun (today is 2026-11-26); give --to 2026 or earlier"),
      (["--from", "1990", "--to", "2026"], 65, "give years from 2000 to 2100"),
    ] {
      let run = try box.run(["report", "outcomes", "AME-ECA", "--today", "2026-11-26"] + bad)
      #expect(run.status == status && run.stderr.contains(message), "\(bad): \(run.stderr)")
    }
    let unknown = try box.run(["report", "outcomes", "XX-YY", "--today", "2026-11-26"])
    #expect(unknown.status == 66 && unknown.stderr.contains("unknown region 'XX-YY'"), "\(unknown.stderr)")
  }

  /// A sub-region with no priorities of its own takes its network's; a network's report judges each training
  /// against the areas in force in its own sub-region.
  @Test func trainingPrioritiesOfTheNetworkAndASubRegionWithoutItsOwn() throws {
    let west = try #require(try report(["AME-WA", "--period", "2026-Q3"])["training_priorities"] as? [String: Any])
    let areas = try #require(west["priorities"] as? [[String: Any]])
    #expect(areas.map { $0["topic"] as? String } == ["ics", "premium-use"])
    #expect(areas.allSatisfy { ($0["chosen_by"] as? [String]) == ["AME"] && $0["sessions"] as? Int == 0 })
    #expect(west["untrained_priorities"] as? [String] == ["ics", "premium-use"])
    #expect(west["certified_and_applicant"] as? Int == 1)
    #expect(west["share_reached_on_priorities"] as? Double == 0)
    let network = try #require(try report(["AME", "--period", "2026-Q3"])["training_priorities"] as? [String: Any])
    let rows = try #require(network["priorities"] as? [[String: Any]])
    #expect(rows.map { $0["topic"] as? String } == ["gender", "ics", "climate", "premium-use"])
    #expect(rows.first { $0["topic"] as? String == "ics" }?["chosen_by"] as? [String] == ["AME", "AME-ECA"])
    #expect(network["sessions_on_priorities"] as? Int == 2)
    #expect(network["certified_and_applicant"] as? Int == 5)
    #expect(network["share_reached_on_priorities"] as? Double == 0.2)
    // The period's year has no areas: the section says how to set them.
    let table = try Self.box.get().ok(["report", "region", "AME-ECA", "--period", "2025-Q3"])
    #expect(table.contains("AME-ECA has no priority areas for 2025; set them with 'psr region priorities AME-ECA"))
  }

  @Test func otherFormatsStateTheSameNumbers() throws {
    let box = try Self.box.get()
    let actual = try report(["AME-ECA", "--period", "2026-Q3"])
    let headline = actual["headline"] as! [String: Any]
    // CSV: one fact a row, the same values as the JSON.
    let csv = try box.ok(["report", "region", "AME-ECA", "--period", "2026-Q3", "--format", "csv"])
    let facts = Dictionary(
      csv.split(separator: "\r\n").dropFirst().map { line -> (String, String) in
        let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return ("\(fields[0])/\(fields[1])/\(fields[2])", fields[3])
      }, uniquingKeysWith: { first, _ in first })
    #expect(csv.hasPrefix("section,group,metric,value\r\n"))
    for metric in [
      "producers_covered", "field_visits", "trainings", "new_certifications", "cases_opened", "cases_closed",
    ] {
      #expect(facts["headline//\(metric)"] == String(headline[metric] as! Int), "\(metric)")
    }
    #expect(facts["cases/trade/median_days_to_close"] == "26")
    #expect(facts["cases/certification/p90_days_to_close"] == "131")
    #expect(facts["cases//overdue_at_end"] == "2")
    #expect(facts["cases/aging/31-90"] == "2")
    #expect(facts["by_country/UG/cases_open"] == "2")
    #expect(facts["by_officer/(unassigned)/cases_overdue"] == "1")
    #expect(facts["readiness/producers/at-risk"] == "2")
    #expect(facts["certification_outcomes/advised/audits"] == "1")
    #expect(facts["certification_outcomes/not_advised/ncs_by_type.major"] == "1")
    #expect(facts["certification_outcomes/all/share_corrected_by_deadline"] == "0.5")
    #expect(facts["training_priorities/priority:gender/sessions"] == "2")
    #expect(facts["training_priorities/priority:gender/hours"] == "7")
    #expect(facts["training_priorities/topic:tea-quality/participants_women"] == "20")
    #expect(facts["training_priorities//share_reached_on_priorities"] == "0.25")
    #expect(facts["training_priorities/priority:climate/sessions"] == "0")
    #expect(facts["readiness/ncs_overdue/major"] == "1")
    #expect(facts["coverage/gap/TZ"] == "1")
    // Markdown and the terminal table.
    let markdown = try box.ok(["report", "region", "AME-ECA", "--period", "2026-Q3", "--format", "markdown"])
    #expect(markdown.hasPrefix("# Case report: Eastern & Central Africa\n"))
    #expect(markdown.contains("| Producer organizations covered | 2 |"))
    #expect(markdown.contains("| Participants | 56 (women 32, men 23, other 1) |"))
    #expect(markdown.contains("| trade | 2 | 2 | 26 | 52 |"))
    #expect(markdown.contains("| TZ | Tanzania | 1 |"))
    #expect(markdown.contains("## Training priorities"))
    #expect(markdown.contains("## Certification outcomes"))
    #expect(markdown.contains("| Audits with a major NC | 1 (50.0%) | 0 (0.0%) | 1 (100.0%) |"), "\(markdown)")
    #expect(markdown.contains("|   corrected by their deadline | 3 (50.0%) | 2 (66.7%) | 1 (33.3%) |"))
    #expect(markdown.contains("The split shows association, not cause"))
    #expect(
      markdown.contains("| gender | Gender equality and women's participation | 2 | 7 | 32 | 23 | 1 | 1 | 1 (25.0%) |"),
      "\(markdown)")
    #expect(markdown.contains("No training or workshop was held on climate in the period."))
    #expect(markdown.contains("| tea-quality | 1 | 3 | 20 | 15 | 0 | 0 | 0 (0.0%) |"))
    let table = try box.ok(["report", "region", "AME-ECA", "--period", "2026-Q3"])
    #expect(table.contains("Cases closed                    3"))
    #expect(table.contains("Overdue at the period's end  2"))
    // HTML: well-formed, self-contained, charts and map, numbers as text.
    let html = try box.ok(["report", "region", "AME-ECA", "--period", "2026-Q3", "--format", "html"])
    let parser = XMLParser(data: Data(html.utf8))
    let collector = ElementCounter()
    parser.delegate = collector
    #expect(parser.parse(), "HTML does not parse: \(String(describing: parser.parserError))")
    // Four charts with data (activities by month, cases by type, open cases by age, readiness), the training
    // topics' and the outcomes' charts, and the map.
    #expect(collector.counts["svg"] == 7)
    #expect((collector.counts["path"] ?? 0) > 8)
    // Two officers' bases on the map (the legend's dot is no base).
    #expect(html.components(separatedBy: "<circle class=\"base\"").count - 1 == 2)
    #expect(collector.counts["script"] == nil && collector.counts["link"] == nil && collector.counts["img"] == nil)
    #expect(
      !html.contains("http://")
        || html.components(separatedBy: "http://").count - 1 == html.components(
          separatedBy: "http://www.w3.org/2000/svg"
        ).count - 1)
    #expect(html.contains("<td>56 (women 32, men 23, other 1)</td>"))
    #expect(html.contains("@page { size: A4"))
  }

  @Test func edgeCases() throws {
    let box = try Self.box.get()
    // An empty region: every count zero, every section present.
    let empty = try report(["EUR-W", "--period", "2026-Q3"])
    #expect((empty["headline"] as! [String: Any])["cases_opened"] as? Int == 0)
    #expect((empty["by_country"] as! [Any]).isEmpty)
    #expect(((empty["cases"] as! [String: Any])["aging"] as! [String: Int]).values.allSatisfy { $0 == 0 })
    let html = try box.ok(["report", "region", "EUR-W", "--period", "2026-Q3", "--format", "html"])
    #expect(XMLParser(data: Data(html.utf8)).parse())
    // A period with no activity.
    let quiet = try report(["AME-ECA", "--period", "2025-Q1"])
    let headline = quiet["headline"] as! [String: Any]
    #expect(headline["activities"] as? Int == 0 && headline["cases_opened"] as? Int == 0)
    #expect((quiet["activities_by_month"] as! [[String: Any]]).map { $0["activities"] as? Int } == [0, 0, 0])
    // A network covers its sub-regions.
    let network = try report(["AME", "--period", "2026-Q3"])
    let networkHeadline = network["headline"] as! [String: Any]
    #expect(networkHeadline["producers_covered"] as? Int == 3)
    #expect(networkHeadline["cases_opened"] as? Int == 7)
    #expect((network["by_country"] as! [Any]).count == 31)
    // Periods: month, --from/--to, and the default last complete quarter.
    let month = try report(["AME-ECA", "--period", "2026-08"])
    #expect((month["headline"] as! [String: Any])["activities"] as? Int == 2)
    let range = try report(["AME-ECA", "--from", "2026-07-05", "--to", "2026-07-05"])
    #expect(((range["cases"] as! [String: Any])["closed_by_type"] as! [String: Int])["trade"] == 1)
    let byDefault = try #require(
      try json(box.ok(["report", "region", "AME-ECA", "--format", "json", "--today", "2026-10-15"])) as? [String: Any])
    #expect((byDefault["period"] as! [String: Any])["label"] as? String == "2026-Q3")
    // The reasons the README works out: 104 never visited in the 12 months since its registration on
    // 2025-06-01; 105's suspension under 60 days from its end, its major NC overdue, and no activity.
    let codes = { (flo: String) throws -> [String] in
      let shown = try #require(
        try json(box.ok(["readiness", "show", flo, "--format", "json", "--today", "2026-09-30"])) as? [String: Any])
      return (shown["reasons"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
    }
    #expect(try codes("104") == ["no-recent-activity"])
    #expect(try codes("105") == ["major-nc", "suspension-ending", "no-recent-activity"])
    #expect(try box.run(["report", "region", "AME-XX"]).status == 66)
    #expect(try box.run(["report", "region", "AME-ECA", "--period", "2026-Q5"]).status == 65)
    #expect(try box.run(["report", "region", "AME-ECA", "--period", "2026-Q3", "--from", "2026-01-01"]).status == 64)
  }

  @Test func regionsSideBySide() throws {
    let box = try Self.box.get()
    let rows = try #require(
      try json(box.ok(["report", "regions", "--period", "2026-Q3", "--format", "json"])) as? [[String: Any]])
    #expect(rows.count == 14)
    #expect(rows.last?["region"] is NSNull && rows.last?["name"] as? String == "outside every region")
    let eca = try #require(rows.first { $0["region"] as? String == "AME-ECA" })
    #expect(eca["cases_opened"] as? Int == 6 && eca["cases_closed"] as? Int == 3)
    #expect(eca["cases_open_at_end"] as? Int == 5 && eca["cases_overdue_at_end"] as? Int == 2)
    #expect(eca["producers_covered"] as? Int == 2 && eca["participants_total"] as? Int == 56)
    let top = try #require(
      try json(box.ok(["report", "regions", "--level", "top", "--period", "2026-Q3", "--format", "json"]))
        as? [[String: Any]])
    #expect(top.map { $0["region"] as? String } == ["AME", "ASP", "EUR", "LAC", nil])
    #expect(top.first?["cases_opened"] as? Int == 7)
    let csv = try box.ok(["report", "regions", "--period", "2026-Q3", "--format", "csv"])
    #expect(csv.hasPrefix("region,name,parent,period,from,to,producers_covered,"))
  }

  @Test func outputGoesToAFile() throws {
    let box = try Self.box.get()
    let path = box.folder.appendingPathComponent("eca.html").path
    let result = try box.run([
      "report", "region", "AME-ECA", "--period", "2026-Q3", "--format", "html", "--output", path,
    ])
    #expect(result.status == 0 && result.stdout.isEmpty)
    #expect(result.stderr.contains("wrote \(path)"))
    #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
  }

  @Test func withoutAFormatTheOutputFilesExtensionNamesIt() throws {
    let box = try Self.box.get()
    func written(_ name: String, _ extra: [String] = [], command: [String] = ["region", "AME-ECA"]) throws -> (
      String, Run
    ) {
      let path = box.folder.appendingPathComponent(name).path
      let result = try box.run(["report"] + command + ["--period", "2026-Q3", "--output", path] + extra)
      #expect(result.status == 0, "\(result.stderr)")
      return (try String(contentsOfFile: path, encoding: .utf8), result)
    }
    #expect(try written("eca.html").0.hasPrefix("<!DOCTYPE html>"))
    #expect(try written("eca.HTM").0.hasPrefix("<!DOCTYPE html>"))
    #expect(try written("eca.md").0.hasPrefix("# Case report:"))
    #expect(try written("eca.json").0.hasPrefix("{"))
    #expect(try written("eca.csv").0.hasPrefix("section,group,metric,value"))
    #expect(try written("eca.txt").0.contains("HEADLINE"))
    #expect(try written("regions.html", command: ["regions"]).0.contains("Regions side by side"))
    #expect(try written("regions.csv", command: ["regions"]).0.hasPrefix("region,name,parent"))
    // A format that contradicts the name is written as asked, with a warning.
    let (text, run) = try written("eca-data.html", ["--format", "json"])
    #expect(text.hasPrefix("{"))
    #expect(run.stderr.contains("eca-data.html is named as html but written as json"), "\(run.stderr)")
  }
}

extension NSObject {
  /// JSON values compared as Foundation objects.
  static func equal(_ lhs: Any?, _ rhs: Any?) -> Bool {
    canonical(lhs) == canonical(rhs)
  }

  /// Sorted-key JSON text of a parsed JSON value.
  static func canonical(_ value: Any?) -> String? {
    guard let value,
      let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
    else { return nil }
    return String(decoding: data, as: UTF8.self)
  }
}

/// Counts the elements of a parsed document by name.
final class ElementCounter: NSObject, XMLParserDelegate {
  var counts: [String: Int] = [:]

  func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
    attributes: [String: String] = [:]
  ) {
    counts[name, default: 0] += 1
  }
}
