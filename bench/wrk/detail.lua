-- detail_read: GET /api/experiences/{id} with a uniformly random id in [lo, hi].
-- wrk ... -s detail.lua URL -- LO HI
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "common.lua")
local lo, hi
function init(args)
  lo, hi = tonumber(args[1]), tonumber(args[2])
  math.randomseed(4242 + tid)
end
function request()
  return wrk.format("GET", "/api/experiences/" .. math.random(lo, hi))
end
