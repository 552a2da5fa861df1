local urls = {}
for line in io.lines("/tmp/ab/urls.txt") do urls[#urls + 1] = line end
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", urls[(n % #urls) + 1])
end
