-- Compiled taxonomy store (SQLite). One file: $CAREERPIVOT_HOME/taxonomy.sqlite.
-- Built only by careerpivot.taxonomy.build (atomically: written to a temporary copy, then
-- renamed over the old file). Multi-valued labels are stored one per row in *_labels tables.
-- Bump STORE_SCHEMA_VERSION in store.py whenever this file changes.

CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One row per imported source: esco | onet | crosswalk | wages.
-- files_json: [{"name": str, "sha256": str, "rows": int}]
CREATE TABLE IF NOT EXISTS sources (
    source      TEXT PRIMARY KEY,
    version     TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    origin      TEXT NOT NULL,
    files_json  TEXT NOT NULL,
    counts_json TEXT NOT NULL
);

-- ESCO ---------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS esco_occupations (
    uri             TEXT PRIMARY KEY,
    code            TEXT,          -- e.g. 2654.1.7
    isco_group      TEXT,          -- 4-digit ISCO-08 unit group
    preferred_label TEXT NOT NULL,
    description     TEXT,
    definition      TEXT
);
CREATE INDEX IF NOT EXISTS esco_occupations_code ON esco_occupations(code);

CREATE TABLE IF NOT EXISTS esco_skills (
    uri             TEXT PRIMARY KEY,
    skill_type      TEXT,          -- skill/competence | knowledge
    reuse_level     TEXT,          -- transversal | cross-sector | sector-specific | occupation-specific
    preferred_label TEXT NOT NULL,
    description     TEXT
);

-- kind: preferred | alt | hidden
CREATE TABLE IF NOT EXISTS esco_labels (
    concept_uri TEXT NOT NULL,
    concept     TEXT NOT NULL,     -- occupation | skill
    kind        TEXT NOT NULL,
    label       TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS esco_labels_uri ON esco_labels(concept_uri);

CREATE TABLE IF NOT EXISTS esco_occupation_skills (
    occupation_uri TEXT NOT NULL,
    skill_uri      TEXT NOT NULL,
    relation       TEXT NOT NULL,  -- essential | optional
    PRIMARY KEY (occupation_uri, skill_uri)
);
CREATE INDEX IF NOT EXISTS esco_occupation_skills_skill ON esco_occupation_skills(skill_uri);

CREATE TABLE IF NOT EXISTS esco_skill_relations (
    skill_uri   TEXT NOT NULL,
    related_uri TEXT NOT NULL,
    relation    TEXT NOT NULL,     -- essential | optional
    PRIMARY KEY (skill_uri, related_uri)
);

-- Skill pillar hierarchy: groups (S1, S1.1, K, T, L …) and skill → broader group / skill.
CREATE TABLE IF NOT EXISTS esco_skill_groups (
    uri             TEXT PRIMARY KEY,
    code            TEXT,
    preferred_label TEXT NOT NULL,
    description     TEXT
);
CREATE TABLE IF NOT EXISTS esco_skill_broader (
    uri         TEXT NOT NULL,
    broader_uri TEXT NOT NULL,
    PRIMARY KEY (uri, broader_uri)
);
CREATE TABLE IF NOT EXISTS esco_isco_groups (
    code            TEXT PRIMARY KEY,
    uri             TEXT NOT NULL,
    preferred_label TEXT NOT NULL,
    description     TEXT
);
CREATE TABLE IF NOT EXISTS esco_occupation_broader (
    uri         TEXT NOT NULL,
    broader_uri TEXT NOT NULL,
    PRIMARY KEY (uri, broader_uri)
);

-- O*NET --------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS onet_occupations (
    code        TEXT PRIMARY KEY,  -- O*NET-SOC 2019, e.g. 15-2051.00
    title       TEXT NOT NULL,
    description TEXT
);
CREATE TABLE IF NOT EXISTS onet_alternate_titles (
    code        TEXT NOT NULL,
    title       TEXT NOT NULL,
    short_title TEXT
);
CREATE INDEX IF NOT EXISTS onet_alternate_titles_code ON onet_alternate_titles(code);
-- domain: skill | knowledge; scale: IM (importance 1-5) | LV (level 0-7)
CREATE TABLE IF NOT EXISTS onet_ratings (
    code         TEXT NOT NULL,
    domain       TEXT NOT NULL,
    element_id   TEXT NOT NULL,
    element_name TEXT NOT NULL,
    scale        TEXT NOT NULL,
    value        REAL NOT NULL,
    PRIMARY KEY (code, domain, element_id, scale)
);
CREATE TABLE IF NOT EXISTS onet_job_zones (
    code     TEXT PRIMARY KEY,
    job_zone INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS onet_related (
    code         TEXT NOT NULL,
    related_code TEXT NOT NULL,
    tier         TEXT,
    rank         INTEGER,
    PRIMARY KEY (code, related_code)
);

-- Crosswalk ----------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS crosswalk_esco_onet (
    esco_code  TEXT NOT NULL,      -- ESCO occupation code or 4-digit ISCO group
    esco_title TEXT,
    onet_code  TEXT NOT NULL,
    onet_title TEXT,
    PRIMARY KEY (esco_code, onet_code)
);
CREATE INDEX IF NOT EXISTS crosswalk_onet ON crosswalk_esco_onet(onet_code);

-- Wages (BLS OEWS, national, cross-industry; SOC 2018 6-digit) --------------------------
CREATE TABLE IF NOT EXISTS wages (
    soc_code   TEXT PRIMARY KEY,   -- NN-NNNN
    title      TEXT NOT NULL,
    level      TEXT,               -- total | major | minor | broad | detailed
    employment INTEGER,
    a_mean     REAL,
    a_pct10    REAL,
    a_pct25    REAL,
    a_median   REAL,
    a_pct75    REAL,
    a_pct90    REAL,
    h_median   REAL,
    top_coded  INTEGER NOT NULL DEFAULT 0,  -- 1 when a percentile is top-coded by BLS
    release    TEXT NOT NULL
);

-- Search index over occupation titles, rebuilt after every import -------------------------
-- kind: preferred | alt | hidden (ESCO labels) | onet_title | onet_alt (O*NET titles reached
-- through the crosswalk; weight falls with the number of ESCO occupations they fan out to).
CREATE TABLE IF NOT EXISTS search_labels (
    label      TEXT NOT NULL,
    norm       TEXT NOT NULL,
    target     TEXT NOT NULL,      -- ESCO occupation URI, or O*NET-SOC code for onet_*
    kind       TEXT NOT NULL,
    weight     REAL NOT NULL,
    via        TEXT
);
