-- wrk script: POST /sessions, one new session per request (durable
-- writes).  Each request names one of the ten seeded areas in turn and a
-- different started_at, stepping back 7919 s (about 2.2 h) per request
-- from four days before the run, so that every session is checked against
-- a dense stretch of seeded history (as the seeded ones are) and the
-- sessions posted do not pile up at one instant (which would make each
-- reply's warnings grow with the number of requests).  wrk's summary
-- counts any answer other than 2xx/3xx as "Non-2xx or 3xx responses".
local areas = {"forehead", "cheeks", "chin", "jawline", "neck",
	"decolletage", "hands", "arms", "abdomen", "thighs"}
local depths = {"0.25", "0.5", "0.75", "1.0"}
local counter = 0
local base = os.time() - 4 * 86400
local headers = {["Content-Type"] = "application/json"}

request = function()
	counter = counter + 1
	local at = os.date("!%Y-%m-%dT%H:%M:%SZ", base - counter * 7919)
	local body = '{"started_at":"' .. at .. '","treatments":[{"area":"' ..
		areas[counter % #areas + 1] .. '","depth_mm":' ..
		depths[counter % #depths + 1] .. ',"passes":4}]}'
	return wrk.format("POST", "/sessions", headers, body)
end
