-- needled schema, version 4: the profile's time zone.

-- The IANA zone messages are written in ("Australia/Brisbane"); '' means
-- the host's zone, read when the rules are loaded (timefmt_host_zone(),
-- else UTC).  The API always shows the zone in effect.
ALTER TABLE profile ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';
