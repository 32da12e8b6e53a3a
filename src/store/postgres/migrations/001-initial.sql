-- The state of every study in one database. `study` scopes every row; (study, task) is the
-- idempotency key of a vote. Records are kept as the exact JSON text a store writes (not jsonb,
-- which reorders fields), so a study's log moves between backends byte for byte.

CREATE TABLE judgments (
  study text NOT NULL,
  seq bigserial NOT NULL,
  task text NOT NULL,
  rater text NOT NULL,
  item text NOT NULL,
  left_system text NOT NULL,
  right_system text NOT NULL,
  -- null for a real pair, else whether the attention check was passed
  attention_passed boolean,
  record text NOT NULL,
  PRIMARY KEY (study, task)
);
CREATE UNIQUE INDEX judgments_in_order ON judgments (study, seq);
CREATE INDEX judgments_by_rater ON judgments (study, rater);
CREATE INDEX judgments_by_item ON judgments (study, item);

CREATE TABLE raters (
  study text NOT NULL,
  id text NOT NULL,
  prolific jsonb,
  created_at text NOT NULL,
  consented_at text,
  finished_at text,
  PRIMARY KEY (study, id)
);

-- One row per (item, pair) of a study's plan: how many votes and open leases it has (taken), and
-- how often the candidate a was shown on each side. A lease is granted by locking a row and
-- counting it, so instances never grant more than the target between them.
CREATE TABLE slots (
  study text NOT NULL,
  item text NOT NULL,
  a text NOT NULL,
  b text NOT NULL,
  pair_index int NOT NULL,
  -- seeded order among slots of equal coverage
  ord double precision NOT NULL,
  -- false once the study no longer asks for this slot
  active boolean NOT NULL DEFAULT true,
  taken int NOT NULL DEFAULT 0,
  a_left int NOT NULL DEFAULT 0,
  a_right int NOT NULL DEFAULT 0,
  PRIMARY KEY (study, item, a, b)
);
CREATE INDEX slots_by_coverage ON slots (study, taken, ord) WHERE active;

CREATE TABLE leases (
  study text NOT NULL,
  task text NOT NULL,
  rater text NOT NULL,
  item text NOT NULL,
  left_system text NOT NULL,
  right_system text NOT NULL,
  check_id text,
  expected text,
  position int NOT NULL,
  shown_at text NOT NULL,
  expires_at bigint NOT NULL,
  -- the slot a pair holds (item, slot_a, slot_b); null for an attention check
  slot_a text,
  slot_b text,
  a_on_left boolean,
  PRIMARY KEY (study, task)
);
CREATE UNIQUE INDEX leases_one_per_rater ON leases (study, rater);
CREATE INDEX leases_by_expiry ON leases (study, expires_at);
