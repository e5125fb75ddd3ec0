-- wrk script of bench/run: applications to one offer, each with a 1 MB PDF CV and a small PDF
-- letter, as multipart/form-data, sent as a browser of this site would (src/web/csrf.rs): the
-- form's token first in the body, the cookie that came with the form (bench/run reads both from
-- the form page and passes them as BENCH_CSRF and BENCH_COOKIE), `Sec-Fetch-Site: same-origin`.
-- No submission key is sent, so the server makes a fresh one for each request: every request is
-- a new application.
-- The server bounds concurrent uploads per address (src/web/limits.rs): from one address, 32
-- connections would mostly be refused with 429. Candidates come from many addresses, so each
-- request names its own in X-Forwarded-For, which bench/run's servers believe from the loopback
-- (--trusted-proxy 127.0.0.1).
local csrf = os.getenv("BENCH_CSRF") or error("BENCH_CSRF: the form's _csrf value")
local cookie = os.getenv("BENCH_COOKIE") or error("BENCH_COOKIE: the form's cookie, name=value")
local boundary = "----msp-bench-boundary"
local pdf = "%PDF-1.4\n" .. string.rep("0123456789abcdef", 65536) .. "\n%%EOF\n" -- about 1 MB
local letter = "%PDF-1.4\n% Lettre de motivation\n%%EOF\n"

local function field(name, value)
  return "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"" .. name .. "\"\r\n\r\n" .. value .. "\r\n"
end

local function file(name, filename, content)
  return "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"" .. name .. "\"; filename=\"" ..
    filename .. "\"\r\nContent-Type: application/pdf\r\n\r\n" .. content .. "\r\n"
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "multipart/form-data; boundary=" .. boundary
wrk.headers["Cookie"] = cookie
wrk.headers["Sec-Fetch-Site"] = "same-origin"
-- The token must be the first part: the server reads nothing else before checking it.
wrk.body = field("_csrf", csrf) .. field("nom", "Alex Banc d'essai") .. field("email", "banc@exemple.fr") ..
  field("telephone", "06 12 34 56 78") .. field("commune", "Lille") .. field("suivi", "non") ..
  field("consentement", "oui") .. file("cv", "cv.pdf", pdf) .. file("lettre", "lettre.pdf", letter) ..
  "--" .. boundary .. "--\r\n"

-- Each thread numbers its requests from its own range of addresses (10.<thread>.x.y).
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

local sent = 0
request = function()
  sent = sent + 1
  wrk.headers["X-Forwarded-For"] = string.format("10.%d.%d.%d", thread_id % 256, math.floor(sent / 256) % 256, sent % 256)
  return wrk.format()
end

dofile("bench/report.lua")
