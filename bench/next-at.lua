-- wrk script: GET /next-session?at=<a different second each request>, so
-- that every request is evaluated from the database (no answer cache).
local counter = 0
local base = os.time() - 86400

request = function()
	counter = counter + 1
	local at = os.date("!%Y-%m-%dT%H:%M:%SZ", base - (counter % 2000000))
	return wrk.format("GET", "/next-session?at=" .. at)
end
