import ArgumentParser
import CaseTracker

extension PSR.RegionCommand {
  /// `psr region priorities REGION [--year Y] [--set …|--add …|--remove …] [--describe CODE=TEXT]`
  struct Priorities: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "priorities",
      abstract: "List or change a region's priority areas for a year: what its trainings should strengthen.",
      discussion: """
        A priority area is a short code, the same words as an activity's topics (ics, gender, climate, \
        child-labour, premium-use, market-access, or any word), with a one-line description. A sub-region \
        without its own priorities for the year takes its network's. Each change is recorded with who and when, \
        and synced like every other.

        Examples:
          psr region priorities AME-ECA --year 2026
          psr region priorities AME-ECA --set ics,gender,climate --year 2026
          psr region priorities AME --add premium-use --describe 'premium-use=Premium plans and accounts'
          psr region priorities AME-ECA --remove climate --history
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The region (network or sub-region), such as AME-ECA.") var region: String
    @Option(help: "The year (default: this year).") var year: Int?
    @Option(help: "Make the region's own areas exactly these codes (comma-separated).") var set: String?
    @Option(help: "Add these codes (comma-separated; repeatable).") var add: [String] = []
    @Option(help: "Remove these codes (comma-separated; repeatable).") var remove: [String] = []
    @Option(help: "A code's description, as CODE=TEXT (repeatable).") var describe: [String] = []
    @Flag(help: "Also list every change of the region's own areas that year, oldest first.") var history = false
    @OptionGroup var output: FormatOption

    func validate() throws {
      for item in describe where !item.contains("=") {
        throw ValidationError(
          "--describe takes CODE=TEXT, such as --describe 'ics=Internal control systems'; '\(item)' has no '='")
      }
    }

    func run() throws {
      let store = try global.openStore()
      let year = year ?? Int(store.clock.today.prefix(4)) ?? 0
      var descriptions: [String: String] = [:]
      for item in describe {
        let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        descriptions[String(parts[0])] = String(parts[1])
      }
      let priorities: RegionPriorities
      if set != nil || !add.isEmpty || !remove.isEmpty || !descriptions.isEmpty {
        let (after, changes) = try store.priorities.change(
          region: region, year: year, set: set.map { [$0] }, add: add, remove: remove, descriptions: descriptions)
        priorities = after
        global.say(PriorityRecords.summary(changes, priorities: after))
      } else {
        priorities = try store.priorities.priorities(region: region, year: year)
      }
      let changes = history ? try store.priorities.history(region: priorities.region.code, year: year) : nil
      PriorityRecords.write(priorities, history: changes, format: output.format, quiet: global.quiet)
    }
  }
}
