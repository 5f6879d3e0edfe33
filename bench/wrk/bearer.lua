-- notifications_*: GET the URL as one user (issue 19).
-- wrk ... -s bearer.lua URL -- TOKEN
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "common.lua")
local token
function init(args)
  token = args[1]
end
function request()
  return wrk.format("GET", nil, { ["Authorization"] = "Bearer " .. token })
end
