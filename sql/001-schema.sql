-- needled schema, version 1.
-- Times are integer Unix seconds (UTC).  Hours are REAL.  Every row a user
-- owns carries profile_id so that several profiles can come later; there is
-- one profile (id 1) now.

CREATE TABLE profile (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL DEFAULT '',
	fitzpatrick	INTEGER CHECK (fitzpatrick BETWEEN 1 AND 6),
	sensitive	INTEGER NOT NULL DEFAULT 0 CHECK (sensitive IN (0, 1)),
	melasma		INTEGER NOT NULL DEFAULT 0 CHECK (melasma IN (0, 1))
);

-- Rule values of healing-model.md that are not per-row tables.  One row.
CREATE TABLE rules (
	id			INTEGER PRIMARY KEY CHECK (id = 1),
	skin_factor		REAL NOT NULL CHECK (skin_factor >= 1),
	sensitive_fitzpatrick	INTEGER NOT NULL,	-- §1: type >= this
	pigment_depth_mm	REAL NOT NULL,		-- §2
	prolonged_h		REAL NOT NULL,		-- §4
	clinician_h		REAL NOT NULL		-- §4
);

-- §1: interval(d) is the first band (by max_depth_mm) with max_depth_mm >= d.
CREATE TABLE interval_band (
	max_depth_mm	REAL PRIMARY KEY CHECK (max_depth_mm > 0 AND max_depth_mm <= 3),
	interval_h	REAL NOT NULL CHECK (interval_h > 0)
) WITHOUT ROWID;

-- §3.
CREATE TABLE product_category (
	id		INTEGER PRIMARY KEY,
	slug		TEXT NOT NULL UNIQUE,
	name		TEXT NOT NULL,
	stop_before_h	REAL NOT NULL CHECK (stop_before_h >= 0),
	avoid_after_h	REAL NOT NULL CHECK (avoid_after_h >= 0),
	systemic	INTEGER NOT NULL DEFAULT 0 CHECK (systemic IN (0, 1))
);

-- §4: check-in conditions; bit is the condition's bit in checkin.conditions;
-- rest_h > 0 keeps the area resting that long after the first clear check-in.
CREATE TABLE condition (
	slug		TEXT PRIMARY KEY,
	bit		INTEGER NOT NULL UNIQUE CHECK (bit BETWEEN 0 AND 15),
	rest_h		REAL NOT NULL CHECK (rest_h >= 0)
) WITHOUT ROWID;

-- §5: what each device kind is and its wear defaults (NULL: does not wear).
CREATE TABLE device_kind (
	kind		TEXT PRIMARY KEY,
	fixed_length	INTEGER NOT NULL CHECK (fixed_length IN (0, 1)),
	single_use_cartridge INTEGER NOT NULL CHECK (single_use_cartridge IN (0, 1)),
	max_uses	INTEGER,
	max_age_days	INTEGER
) WITHOUT ROWID;

CREATE TABLE area (
	id		INTEGER PRIMARY KEY,
	profile_id	INTEGER NOT NULL DEFAULT 1 REFERENCES profile(id),
	slug		TEXT NOT NULL,
	name		TEXT NOT NULL,
	region		TEXT NOT NULL,
	max_home_depth_mm REAL NOT NULL CHECK (max_home_depth_mm > 0 AND max_home_depth_mm <= 3),
	archived	INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
	UNIQUE (profile_id, slug)
);

CREATE TABLE device (
	id		INTEGER PRIMARY KEY,
	profile_id	INTEGER NOT NULL DEFAULT 1 REFERENCES profile(id),
	name		TEXT NOT NULL,
	kind		TEXT NOT NULL REFERENCES device_kind(kind),
	needle_length_mm REAL CHECK (needle_length_mm > 0 AND needle_length_mm <= 3),
	needle_count	INTEGER CHECK (needle_count >= 1),
	max_uses	INTEGER CHECK (max_uses >= 1),
	max_age_days	INTEGER CHECK (max_age_days >= 1),
	retired		INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1))
);

CREATE TABLE product (
	id		INTEGER PRIMARY KEY,
	profile_id	INTEGER NOT NULL DEFAULT 1 REFERENCES profile(id),
	name		TEXT NOT NULL,
	category_id	INTEGER NOT NULL REFERENCES product_category(id),
	stop_before_h	REAL CHECK (stop_before_h >= 0),	-- NULL: category's
	avoid_after_h	REAL CHECK (avoid_after_h >= 0)		-- NULL: category's
);
CREATE INDEX product_category_idx ON product(category_id);

CREATE TABLE session (
	id		INTEGER PRIMARY KEY,
	profile_id	INTEGER NOT NULL DEFAULT 1 REFERENCES profile(id),
	started_at	INTEGER NOT NULL,
	setting		TEXT NOT NULL CHECK (setting IN ('home', 'clinic')),
	device_id	INTEGER REFERENCES device(id),
	new_cartridge	INTEGER CHECK (new_cartridge IN (0, 1)),
	notes		TEXT NOT NULL DEFAULT ''
);
CREATE INDEX session_time ON session(profile_id, started_at, id);
CREATE INDEX session_device ON session(device_id, started_at);

-- One row per area treated in a session; `at` repeats session.started_at so
-- that readiness reads are index seeks on (area, time).
CREATE TABLE treatment (
	session_id	INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
	area_id		INTEGER NOT NULL REFERENCES area(id),
	pos		INTEGER NOT NULL,
	at		INTEGER NOT NULL,
	depth_mm	REAL NOT NULL CHECK (depth_mm > 0 AND depth_mm <= 3),
	passes		INTEGER CHECK (passes >= 1),
	PRIMARY KEY (session_id, area_id)
) WITHOUT ROWID;
CREATE INDEX treatment_area_time ON treatment(area_id, at);

CREATE TABLE application (
	id		INTEGER PRIMARY KEY,
	profile_id	INTEGER NOT NULL DEFAULT 1 REFERENCES profile(id),
	product_id	INTEGER NOT NULL REFERENCES product(id),
	session_id	INTEGER REFERENCES session(id) ON DELETE CASCADE,
	applied_at	INTEGER NOT NULL,
	notes		TEXT NOT NULL DEFAULT ''
);
CREATE INDEX application_time ON application(profile_id, applied_at, id);
CREATE INDEX application_product_time ON application(product_id, applied_at);
CREATE INDEX application_session ON application(session_id);

-- The areas of an application; product_id and at repeat the application's
-- so that "latest application of product P to area A" is one index seek.
CREATE TABLE application_area (
	application_id	INTEGER NOT NULL REFERENCES application(id) ON DELETE CASCADE,
	area_id		INTEGER NOT NULL REFERENCES area(id),
	pos		INTEGER NOT NULL,
	product_id	INTEGER NOT NULL,
	at		INTEGER NOT NULL,
	PRIMARY KEY (application_id, area_id)
) WITHOUT ROWID;
CREATE INDEX application_area_product_time ON application_area(area_id, product_id, at);
CREATE INDEX application_area_time ON application_area(area_id, at);

CREATE TABLE checkin (
	id		INTEGER PRIMARY KEY,
	profile_id	INTEGER NOT NULL DEFAULT 1 REFERENCES profile(id),
	area_id		INTEGER NOT NULL REFERENCES area(id),
	at		INTEGER NOT NULL,
	redness		INTEGER NOT NULL CHECK (redness BETWEEN 0 AND 3),
	swelling	INTEGER NOT NULL CHECK (swelling BETWEEN 0 AND 3),
	pain		INTEGER NOT NULL CHECK (pain BETWEEN 0 AND 3),
	infection_signs	INTEGER NOT NULL CHECK (infection_signs IN (0, 1)),
	conditions	INTEGER NOT NULL DEFAULT 0,	-- bits of condition.bit
	notes		TEXT NOT NULL DEFAULT '',
	-- §4: clear = not inflamed and no condition.
	clear		INTEGER GENERATED ALWAYS AS (redness = 0 AND swelling = 0
			    AND infection_signs = 0 AND conditions = 0) STORED
);
CREATE INDEX checkin_time ON checkin(profile_id, at, id);
CREATE INDEX checkin_area_time ON checkin(area_id, at, id);
CREATE INDEX checkin_area_clear_time ON checkin(area_id, clear, at);

-- One row per (check-in, condition listed), for "latest check-in of A that
-- listed cold_sore" as an index seek.
CREATE TABLE checkin_condition (
	checkin_id	INTEGER NOT NULL REFERENCES checkin(id) ON DELETE CASCADE,
	area_id		INTEGER NOT NULL,
	condition	TEXT NOT NULL REFERENCES condition(slug),
	at		INTEGER NOT NULL,
	PRIMARY KEY (checkin_id, condition)
) WITHOUT ROWID;
CREATE INDEX checkin_condition_area_time ON checkin_condition(area_id, condition, at);
