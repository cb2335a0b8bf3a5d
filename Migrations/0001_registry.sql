-- The registry: regions, countries, liaison officers and producer organizations.
-- Natural codes key regions, countries and officers; producers have random UUID keys, so that databases
-- kept by different officers can be merged without collisions.

CREATE TABLE regions (
  code TEXT PRIMARY KEY
    CHECK (length(code) BETWEEN 2 AND 16 AND code GLOB '[A-Z]*' AND code NOT GLOB '*[^A-Z0-9-]*'
           AND code NOT GLOB '*-' AND code NOT GLOB '*--*'),
  name TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 200),
  parent TEXT REFERENCES regions(code),
  CHECK (parent IS NULL OR parent <> code)
) STRICT;

CREATE INDEX regions_by_parent ON regions(parent);

-- The region tree has two levels: a parent is always a top-level region, and a region with sub-regions
-- cannot itself become a sub-region.
CREATE TRIGGER regions_two_levels_insert BEFORE INSERT ON regions
WHEN NEW.parent IS NOT NULL
  AND (SELECT parent FROM regions WHERE code = NEW.parent) IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'a sub-region cannot be the parent of another region');
END;

CREATE TRIGGER regions_two_levels_update BEFORE UPDATE OF parent ON regions
WHEN NEW.parent IS NOT NULL
  AND ((SELECT parent FROM regions WHERE code = NEW.parent) IS NOT NULL
       OR EXISTS (SELECT 1 FROM regions WHERE parent = NEW.code))
BEGIN
  SELECT RAISE(ABORT, 'a sub-region cannot be the parent of another region');
END;

-- ISO 3166-1 alpha-2, all 249 of them, loaded as reference data. A country belongs to at most one
-- sub-region.
CREATE TABLE countries (
  code TEXT PRIMARY KEY CHECK (length(code) = 2 AND code GLOB '[A-Z][A-Z]'),
  name TEXT NOT NULL CHECK (length(name) > 0),
  region TEXT REFERENCES regions(code)
) STRICT;

CREATE INDEX countries_by_region ON countries(region);

CREATE TRIGGER countries_in_sub_regions_insert BEFORE INSERT ON countries
WHEN NEW.region IS NOT NULL AND (SELECT parent FROM regions WHERE code = NEW.region) IS NULL
BEGIN
  SELECT RAISE(ABORT, 'a country belongs to a sub-region, not a top-level region');
END;

CREATE TRIGGER countries_in_sub_regions_update BEFORE UPDATE OF region ON countries
WHEN NEW.region IS NOT NULL AND (SELECT parent FROM regions WHERE code = NEW.region) IS NULL
BEGIN
  SELECT RAISE(ABORT, 'a country belongs to a sub-region, not a top-level region');
END;

-- A region that holds countries stays a sub-region.
CREATE TRIGGER regions_keep_countries BEFORE UPDATE OF parent ON regions
WHEN NEW.parent IS NULL AND EXISTS (SELECT 1 FROM countries WHERE region = NEW.code)
BEGIN
  SELECT RAISE(ABORT, 'a region that holds countries must stay a sub-region');
END;

CREATE TABLE officers (
  handle TEXT PRIMARY KEY
    CHECK (length(handle) BETWEEN 1 AND 32 AND handle GLOB '[a-z0-9]*'
           AND handle NOT GLOB '*[^a-z0-9-]*'),
  name TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 200),
  email TEXT NOT NULL CHECK (length(email) <= 254 AND email GLOB '?*@?*' AND email NOT GLOB '*[ 	]*'),
  base_country TEXT NOT NULL REFERENCES countries(code),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE INDEX officers_by_base ON officers(base_country);

CREATE TABLE officer_countries (
  officer TEXT NOT NULL REFERENCES officers(handle) ON DELETE CASCADE,
  country TEXT NOT NULL REFERENCES countries(code),
  PRIMARY KEY (officer, country)
) STRICT, WITHOUT ROWID;

CREATE INDEX officer_countries_by_country ON officer_countries(country, officer);

CREATE TABLE producers (
  id TEXT PRIMARY KEY
    CHECK (length(id) = 36 AND id NOT GLOB '*[^0-9a-f-]*'
           AND substr(id, 9, 1) = '-' AND substr(id, 14, 1) = '-'
           AND substr(id, 19, 1) = '-' AND substr(id, 24, 1) = '-'),
  name TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 300),
  country TEXT NOT NULL REFERENCES countries(code),
  type TEXT NOT NULL CHECK (type IN ('spo', 'hlo', 'cp')),
  -- A positive integer of any length, so kept as its decimal text without leading zeros.
  flo_id TEXT UNIQUE
    CHECK (flo_id IS NULL OR (length(flo_id) BETWEEN 1 AND 40 AND flo_id GLOB '[1-9]*'
                              AND flo_id NOT GLOB '*[^0-9]*')),
  members INTEGER CHECK (members IS NULL OR members >= 0),
  status TEXT NOT NULL DEFAULT 'prospect'
    CHECK (status IN ('prospect', 'applicant', 'permitted', 'certified', 'suspended', 'decertified',
                      'withdrawn')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE INDEX producers_by_country ON producers(country, status);
CREATE INDEX producers_by_name ON producers(name COLLATE NOCASE);

CREATE TABLE producer_products (
  producer_id TEXT NOT NULL REFERENCES producers(id) ON DELETE CASCADE,
  product TEXT NOT NULL
    CHECK (length(product) BETWEEN 1 AND 60 AND product = lower(trim(product))),
  position INTEGER NOT NULL CHECK (position >= 0),
  PRIMARY KEY (producer_id, product)
) STRICT, WITHOUT ROWID;

CREATE INDEX producer_products_by_product ON producer_products(product, producer_id);
