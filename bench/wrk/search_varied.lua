-- search_varied: GET /api/experiences?q=TERM&page=1&per_page=20, TERM drawn
-- at random from a file of search terms (one per line; bench/terms.py makes
-- it from the shared seed data), so the read cache cannot answer them all.
-- wrk ... -s search_varied.lua URL -- TERMS_FILE
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "common.lua")
local paths = {}
function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then
      paths[#paths + 1] = "/api/experiences?q=" .. urlencode(line) .. "&page=1&per_page=20"
    end
  end
  assert(#paths > 0, "no search terms")
  math.randomseed(5151 + tid)
end
function request()
  return wrk.format("GET", paths[math.random(1, #paths)])
end
