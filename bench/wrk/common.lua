-- Shared by the scenario scripts: a per-thread id (for distinct random
-- seeds) set from wrk's main Lua state.
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
end

function urlencode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
