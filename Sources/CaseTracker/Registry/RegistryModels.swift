/// A region: one of the three producer networks (top level) or one of their sub-regions.
public struct Region: Equatable, Sendable {
  public var code: String
  public var name: String
  /// The top-level region a sub-region belongs to; nil for a top-level region.
  public var parent: String?
  /// Countries assigned to this region, or to its sub-regions for a top-level one.
  public var countryCount: Int

  public init(code: String, name: String, parent: String?, countryCount: Int = 0) {
    self.code = code
    self.name = name
    self.parent = parent
    self.countryCount = countryCount
  }

  public var isTopLevel: Bool { parent == nil }
}

/// An ISO 3166-1 country and the sub-region it belongs to, if any.
public struct Country: Equatable, Sendable {
  public var code: String
  public var name: String
  public var region: String?
  /// The sub-region's parent, the producer network.
  public var network: String?

  public init(code: String, name: String, region: String? = nil, network: String? = nil) {
    self.code = code
    self.name = name
    self.region = region
    self.network = network
  }
}

/// A liaison officer.
public struct Officer: Equatable, Sendable {
  public var handle: String
  public var name: String
  public var email: String
  /// Where the officer is based: the red dot on the map.
  public var baseCountry: String
  public var isActive: Bool
  /// The countries the officer covers, sorted by code.
  public var countries: [String]
  public var createdAt: String
  public var updatedAt: String

  public init(
    handle: String, name: String, email: String, baseCountry: String, isActive: Bool = true,
    countries: [String] = [], createdAt: String = "", updatedAt: String = ""
  ) {
    self.handle = handle
    self.name = name
    self.email = email
    self.baseCountry = baseCountry
    self.isActive = isActive
    self.countries = countries
    self.createdAt = createdAt
    self.updatedAt = updatedAt
  }
}

/// The kind of producer organization.
public enum ProducerType: String, CaseIterable, Sendable {
  /// Small-scale producer organization.
  case spo
  /// Hired labour organization.
  case hlo
  /// Contract production.
  case cp
}

/// Where a producer stands in certification.
public enum CertificationStatus: String, CaseIterable, Sendable {
  case prospect, applicant, permitted, certified, suspended, decertified, withdrawn
}

/// A producer organization.
public struct Producer: Equatable, Sendable {
  /// A random UUID, lower-case.
  public var id: String
  public var name: String
  public var country: String
  public var type: ProducerType
  /// The FLO ID: a positive integer of any length, as decimal text; nil for prospects.
  public var floID: String?
  /// Products, lower-case, in the order given.
  public var products: [String]
  /// Members (SPO) or workers (HLO).
  public var members: Int?
  public var status: CertificationStatus
  /// The day the current status took effect.
  public var statusSince: String?
  public var createdAt: String
  public var updatedAt: String
  /// A duplicate merged into another producer (`psr producer merge`): the id of the one kept.
  public var mergedInto: String?

  public init(
    id: String, name: String, country: String, type: ProducerType, floID: String? = nil,
    products: [String] = [], members: Int? = nil, status: CertificationStatus = .prospect,
    statusSince: String? = nil, createdAt: String = "", updatedAt: String = "", mergedInto: String? = nil
  ) {
    self.id = id
    self.name = name
    self.country = country
    self.type = type
    self.floID = floID
    self.products = products
    self.members = members
    self.status = status
    self.statusSince = statusSince
    self.createdAt = createdAt
    self.updatedAt = updatedAt
    self.mergedInto = mergedInto
  }

  /// The first 8 characters of the id, as users see it.
  public var shortID: String { String(id.prefix(8)) }
}
