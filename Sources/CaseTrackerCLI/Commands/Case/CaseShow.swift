import ArgumentParser
import CaseTracker

extension PSR.CaseCommand {
  /// `psr case show REF`
  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "show", abstract: "Show a case and its timeline, oldest first.",
      discussion: "--format json gives the case with an events array; --format csv gives the timeline, one event a row."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The case: an id prefix of at least 6 characters.") var ref: String
    @OptionGroup var output: FormatOption

    func run() throws {
      let store = try global.openStore()
      let (item, events, ncs) = try store.read {
        let shown = try store.cases.resolve(ref)
        return (shown, try store.cases.events(of: shown.id), try store.audits.ncs(ofCase: shown.id))
      }
      switch output.format {
      case .json:
        var record = item.record
        record.fields.append((name: "events", value: .records(events.map(\.record))))
        record.fields.append((name: "non_conformities", value: .records(ncs.map(\.record))))
        Output.data(JSONRenderer.render(record))
      case .csv:
        Output.csv(CSVRenderer.render(events.map(\.record), columns: CaseEvent.fields))
      case .table:
        Output.data(TableRenderer.renderDetail(item.details, style: .stdout))
        if !ncs.isEmpty {
          Output.data("\n" + TableRenderer.render(ncs.map(\.record), columns: NonConformity.columns, style: .stdout))
        }
        Output.data("\n" + TableRenderer.render(events.map(\.record), columns: CaseEvent.columns, style: .stdout))
      }
    }
  }
}
