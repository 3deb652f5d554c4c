-- wrk script: /api/search with a rotating set of queries (simplified,
-- traditional, phrases, filters), as bench/web.sh runs it.
local queries = {
  "q=%E6%B5%81%E9%87%8F%E5%88%B8",                                  -- 流量券
  "q=%E7%BD%91%E7%BB%9C%E4%BA%A4%E6%98%93%E5%B9%B3%E5%8F%B0",        -- 网络交易平台
  "q=%E9%9B%BB%E5%95%86",                                            -- 電商 (traditional)
  "q=%22%E5%8F%8C%E9%9A%8F%E6%9C%BA%E4%B8%80%E5%85%AC%E5%BC%80%22",  -- "双随机一公开"
  "q=%E5%B8%82%E5%9C%BA%E7%9B%91%E7%AE%A1&level=county",             -- 市场监管, county
  "q=%E7%BB%8F%E8%90%A5%E4%B8%BB%E4%BD%93%20%E6%89%B6%E6%8C%81",     -- 经营主体 扶持
}
local i = 0
request = function()
  i = i % #queries + 1
  return wrk.format("GET", "/api/search?" .. queries[i])
end
