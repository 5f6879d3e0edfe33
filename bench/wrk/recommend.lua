-- POST /api/questions/recommend with job postings in rotation.
local postings = {
  "岗位职责：负责交易系统后端开发。任职要求：熟悉 Java、Spring Boot，熟悉 Redis 与 MySQL，了解 Kafka，有高并发系统经验者优先。",
  "前端开发工程师：精通 JavaScript/TypeScript 与 React，熟悉浏览器渲染原理、性能优化与 Webpack/Vite 工程化。",
  "算法工程师：熟悉机器学习与深度学习，掌握 PyTorch，了解大模型、RAG 与 Agent 应用，有扎实的数据结构与算法基础。",
}
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  i = i + 1
  local body = '{"job_description": "' .. postings[(i % #postings) + 1] .. '", "count": 10}'
  return wrk.format(nil, "/api/questions/recommend", nil, body)
end
