import Hummingbird
import NIOConcurrencyHelpers

/// Each request's context: who it is from, once its token (or session) is checked, for the request log.
struct HubContext: RequestContext {
  var coreContext: CoreRequestContextStorage
  let identity = Identity()

  init(source: Source) {
    coreContext = .init(source: source)
  }

  /// Shared by the middlewares of one request (the context itself is passed on by value).
  final class Identity: Sendable {
    private let box = NIOLockedValueBox<String?>(nil)
    var officer: String? {
      get { box.withLockedValue { $0 } }
      set { box.withLockedValue { $0 = newValue } }
    }
  }

  /// The officer of a checked request; the auth middleware runs before every route that uses it.
  var officer: String { identity.officer ?? "" }
}
