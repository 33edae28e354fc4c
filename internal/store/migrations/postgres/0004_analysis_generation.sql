-- Which rewrite of the incidents and assessments the tables hold.
-- ReplaceAnalysis counts it up in the same transaction, so that a store's
-- in-memory incident index (internal/store/index.go) can tell, with one
-- small read, whether it still describes the tables.
CREATE TABLE analysis_generation (generation BIGINT NOT NULL);
INSERT INTO analysis_generation (generation) VALUES (0);
