-- needled schema, version 3: the change feed and idempotent POSTs.

-- One row per change, written in the same transaction as the change, so
-- that a client reconnecting after a restart catches up (GET /events).
-- AUTOINCREMENT: an id is never reused, even after the oldest rows are
-- pruned, and a write that rolls back takes none: ids rise by one.
CREATE TABLE event (
	id	INTEGER PRIMARY KEY AUTOINCREMENT,
	type	TEXT NOT NULL,		-- "session.created", "area.ready", ...
	at	INTEGER NOT NULL,	-- when it happened
	data	TEXT NOT NULL		-- a JSON object: {"id": 7}, {"slug": ...}
);

-- Idempotency-Key of a POST: the first reply, kept 24 hours, so that a
-- client retrying after a lost reply gets it again instead of a second
-- session.
CREATE TABLE idempotency (
	key		TEXT NOT NULL,
	method		TEXT NOT NULL,
	path		TEXT NOT NULL,
	request_hash	TEXT NOT NULL,	-- of the body: a reused key with
					-- another body is refused (422)
	status		INTEGER NOT NULL,
	location	TEXT NOT NULL DEFAULT '',
	body		BLOB NOT NULL,
	at		INTEGER NOT NULL,
	PRIMARY KEY (key, method, path)
) WITHOUT ROWID;
CREATE INDEX idempotency_at ON idempotency (at);
