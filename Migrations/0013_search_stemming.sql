-- Search forgives word endings: "cooperative" finds "cooperatives", "certify" finds "certified" (FTS5's porter
-- stemmer over unicode61, accents still ignored). The index is made again from search_docs, which holds
-- every document's text; changes waiting to be indexed are in it then.
DROP TABLE search_index;

CREATE VIRTUAL TABLE search_index USING fts5(
  body, content = 'search_docs', content_rowid = 'id', tokenize = 'porter unicode61 remove_diacritics 2'
);

INSERT INTO search_index (search_index) VALUES ('rebuild');

DELETE FROM search_changes;
