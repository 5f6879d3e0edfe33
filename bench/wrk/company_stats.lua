-- company_stats: GET /api/companies/ID (the company page's statistics), ID cycling over the args.
-- wrk ... -s company_stats.lua URL -- 1 2 3 ...
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "common.lua")
local paths, i = {}, 0
function init(args)
  for _, id in ipairs(args) do
    paths[#paths + 1] = "/api/companies/" .. id
  end
  i = tid * 7
end
function request()
  i = i + 1
  return wrk.format("GET", paths[i % #paths + 1])
end
