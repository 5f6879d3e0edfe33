-- list_company_filter: GET /api/experiences?company=NAME, NAME cycling over the args.
-- wrk ... -s company.lua URL -- 字节跳动 腾讯 ...
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "common.lua")
local paths, i = {}, 0
function init(args)
  for _, name in ipairs(args) do
    paths[#paths + 1] = "/api/experiences?page=1&per_page=20&company=" .. urlencode(name)
  end
  i = tid * 7
end
function request()
  i = i + 1
  return wrk.format("GET", paths[i % #paths + 1])
end
