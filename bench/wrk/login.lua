-- login: POST /api/users/login cycling over accounts that share one password.
-- wrk ... -s login.lua URL -- PASSWORD ACCOUNT...
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "common.lua")
local bodies, i = {}, 0
function init(args)
  for k = 2, #args do
    bodies[#bodies + 1] = string.format('{"account":"%s","password":"%s"}', args[k], args[1])
  end
  i = tid
end
function request()
  i = i + 1
  return wrk.format("POST", "/api/users/login", { ["Content-Type"] = "application/json" }, bodies[i % #bodies + 1])
end
