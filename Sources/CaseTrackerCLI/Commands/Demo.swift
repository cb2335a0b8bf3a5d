import ArgumentParser
import CaseTracker

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension PSR {
  /// `psr demo [--db PATH] [--force]`
  struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "demo",
      abstract: "Create a demo database with a unit's generated history and show a region's last quarter.",
      discussion: """
        The database (psr-demo.sqlite in the current folder unless --db is given) gets the default regions, \
        about 40 officers covering the 77 countries, 1,500 producers with their countries' product mixes and \
        status histories, and three years of cases (about 3.3 timeline events each), activities (seven for ten cases), \
        audits, non-conformities and insights. The same --seed and --today give the same data.

        --cases scales it: 'psr demo --cases 1000000 --producers 20000' makes a unit's decade with headroom \
        (about 70 s, 2.9 GB), with a progress line on a terminal. The file is written under a temporary name \
        and renamed into place when whole.
        """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Replace the file if it exists.") var force = false
    @Option(parsing: .unconditional, help: "How many cases to generate.", transform: NumberArgument.whole) var cases =
      4_500
    @Option(
      parsing: .unconditional, help: "How many producer organizations to generate.", transform: NumberArgument.whole)
    var producers = 1_500
    @Option(help: "The seed of the generator.") var seed: UInt64 = 2026
    @Option(help: "The region whose report is shown.") var region = "AME-ECA"

    func validate() throws {
      if cases < 1 || cases > 10_000_000 { throw ValidationError("--cases must be between 1 and 10000000") }
      if producers < 10 || producers > 1_000_000 { throw ValidationError("--producers must be between 10 and 1000000") }
    }

    func run() throws {
      let started = Date()
      let path = global.db ?? "psr-demo.sqlite"
      let showProgress = !global.quiet && isatty(STDERR_FILENO) == 1
      let made = try DemoGenerator.makeDatabase(
        at: path, replace: force, clock: try global.clock, seed: seed, cases: cases, producers: producers,
        progress: showProgress ? { Output.progress("generating \($0)…") } : nil)
      if showProgress { Output.progress(nil) }
      let store = try Store.open(at: path, clock: try global.clock, actor: "demo")
      let seconds = Date().timeIntervalSince(started)
      global.say(
        "made \(path) in \(fixed(seconds, decimals: 1)) s: \(made.officers) officers, \(made.producers) producers, "
          + "\(made.cases) cases with \(made.events) events, \(made.activities) activities, \(made.audits) audits, "
          + "\(made.ncs) NCs, \(made.insights) insights")
      let period = ReportPeriod.lastCompleteQuarter(before: store.clock.today)
      let report = try store.reports.report(region: region, period: period)
      var document = ReportDocument(report)
      document.sections = document.sections.filter { $0.title == "Headline" || $0.title == "Cases" }
      Output.data(ReportTextRenderer.terminal(document, style: .stdout))
      let quoted = path.contains(" ") ? "'\(path)'" : path
      global.say(
        """

        The demo database is \(URL(fileURLWithPath: path).standardizedFileURL.path). Try next:
          psr --db \(quoted) report region \(region) --format html --output \(region.lowercased())-\(period.label.lowercased()).html
          psr --db \(quoted) readiness list --region \(region) --status not-ready,at-risk
          psr --db \(quoted) case list --region \(region) --overdue --sort due
        """)
    }
  }
}
