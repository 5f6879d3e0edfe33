-- create_experience: authenticated POST /api/experiences; bearer tokens and
-- JSON bodies are read from files (one per line) and used round-robin.
-- wrk ... -s create.lua URL -- TOKENS_FILE BODIES_FILE
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "common.lua")
local tokens, bodies, i = {}, {}, 0
function init(args)
  for line in io.lines(args[1]) do
    local tok = line:match("^%S+%s+(%S+)$")
    if tok then tokens[#tokens + 1] = tok end
  end
  for line in io.lines(args[2]) do
    if #line > 0 then bodies[#bodies + 1] = line end
  end
  assert(#tokens > 0 and #bodies > 0, "no tokens or bodies")
  i = tid * 1000
end
function request()
  i = i + 1
  return wrk.format("POST", "/api/experiences", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. tokens[i % #tokens + 1],
  }, bodies[i % #bodies + 1])
end
