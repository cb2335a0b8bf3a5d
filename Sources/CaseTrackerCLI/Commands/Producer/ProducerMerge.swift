import ArgumentParser
import CaseTracker

extension PSR.ProducerCommand {
  /// `psr producer merge KEEP DUPLICATE [--force] [--note TEXT]`
  struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "merge", abstract: "Make one producer of the same producer registered twice.",
      discussion: """
        Two laptops that register the same producer offline keep it twice; psr sync conflicts lists the later \
        as a duplicate. Merging moves every case, visit and other activity, audit, NC and status entry of the \
        duplicate onto the kept producer (each moved case's timeline says so) and adds the duplicate's products; \
        the duplicate stays, marked as merged, out of lists, readiness and reports, and its listing is \
        resolved. The merge syncs like any change, and both producers' psr producer show list it. Producers \
        with different FLO IDs or in different countries are refused unless --force. \
        Example: psr producer merge 1a2b3c4d 5e6f7a8b --note 'registered twice in Kericho'
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The producer to keep: an id prefix of at least 6 characters, or a FLO ID.") var keep: String
    @Argument(help: "Its duplicate, merged into it: an id prefix of at least 6 characters.") var duplicate: String
    @Flag(help: "Merge even when the two have different FLO IDs or countries.") var force = false
    @Option(help: "Why, kept with the merge.") var note: String?
    @OptionGroup var output: FormatOption

    func run() throws {
      let result = try global.openStore().producers.merge(
        keep: keep, duplicate: duplicate, force: force, note: note)
      switch output.format {
      case .json: Output.data(JSONRenderer.render(result.merge.record))
      case .csv: Output.csv(CSVRenderer.render([result.merge.record], columns: ProducerMerge.fields))
      case .table:
        var summary = result.merge.moved
        if let floID = result.takenFLOID { summary += "; the kept producer takes FLO ID \(floID)" }
        if result.resolvedConflicts > 0 {
          summary +=
            "; \(result.resolvedConflicts) duplicate listing\(result.resolvedConflicts == 1 ? "" : "s") resolved"
        }
        global.say(
          "merged \(result.merged.shortID) \(result.merged.name) into \(result.kept.shortID) \(result.kept.name) (now \(result.kept.status.rawValue)): moved \(summary)"
        )
      }
    }
  }
}
