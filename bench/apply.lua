-- wrk script of bench/run: applications to one offer, each with a 1 MB PDF CV and a small PDF
-- letter, as multipart/form-data. No submission key is sent, so the server makes a fresh one for
-- each request: every request is a new application. The CSRF field matches the cookie.
local csrf = string.rep("c", 64)
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
wrk.headers["Cookie"] = "msp_csrf=" .. csrf
wrk.body = field("_csrf", csrf) .. field("nom", "Alex Banc d'essai") .. field("email", "banc@exemple.fr") ..
  field("telephone", "06 12 34 56 78") .. field("commune", "Lille") .. field("suivi", "non") ..
  field("consentement", "oui") .. file("cv", "cv.pdf", pdf) .. file("lettre", "lettre.pdf", letter) ..
  "--" .. boundary .. "--\r\n"

dofile("bench/report.lua")
