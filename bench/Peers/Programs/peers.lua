-- The workloads of bench/Peers in Lua 5.4 (NLua/KeraLua); peers.ai is the FluentAI original.
-- Lua has no JSON library: json_encode/json_decode below are a small serializer of its own.
function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end

function map_sum(n)
  local m = {}
  for i = 0, n - 1 do m[i] = { qty = i } end
  local s = 0
  for i = 0, n - 1 do s = s + m[i].qty end
  return s
end

function build_string(n)
  local parts = {}
  for i = 0, n - 1 do parts[#parts + 1] = i .. "," end
  return table.concat(parts)
end

local function range(n) local r = {} for i = 1, n do r[i] = i - 1 end return r end
local function map(f, t) local r = {} for i = 1, #t do r[i] = f(t[i]) end return r end
local function filter(p, t) local r = {} for i = 1, #t do if p(t[i]) then r[#r + 1] = t[i] end end return r end
local function fold(f, acc, t) for i = 1, #t do acc = f(acc, t[i]) end return acc end

function pipeline(n)
  local records = map(function(i) return { id = i, qty = i % 10, price = i % 7 + 1, tag = (i % 3 == 0) and "a" or "b" } end, range(n))
  return fold(function(acc, x) return acc + x end, 0,
              map(function(r) return r.qty * r.price end,
                  filter(function(r) return r.tag == "a" end, records)))
end

local encode_value

local function encode_string(s, out)
  out[#out + 1] = '"' .. (s:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end)) .. '"'
end

function encode_value(v, out)
  local t = type(v)
  if t == "table" then
    if rawlen(v) > 0 then
      out[#out + 1] = "["
      for i = 1, #v do
        if i > 1 then out[#out + 1] = "," end
        encode_value(v[i], out)
      end
      out[#out + 1] = "]"
    else
      out[#out + 1] = "{"
      local first = true
      for k, x in pairs(v) do
        if not first then out[#out + 1] = "," end
        first = false
        encode_string(k, out)
        out[#out + 1] = ":"
        encode_value(x, out)
      end
      out[#out + 1] = "}"
    end
  elseif t == "string" then encode_string(v, out)
  elseif t == "number" then out[#out + 1] = math.type(v) == "integer" and string.format("%d", v) or string.format("%.17g", v)
  elseif t == "boolean" then out[#out + 1] = tostring(v)
  elseif v == nil then out[#out + 1] = "null"
  else error("cannot encode a " .. t) end
end

function json_encode(v) local out = {} encode_value(v, out) return table.concat(out) end

local escapes = { ['"'] = '"', ['\\'] = '\\', ['/'] = '/', b = '\b', f = '\f', n = '\n', r = '\r', t = '\t' }
local OPEN_OBJECT, CLOSE_OBJECT, OPEN_ARRAY, CLOSE_ARRAY = string.byte("{}[]", 1, 4)
local QUOTE, COLON, COMMA, T, F, N = string.byte('":,tfn', 1, 6)
local decode_at
local function skip(s, i) return s:find("[^ \t\r\n]", i) or #s + 1 end

function decode_at(s, i)
  i = skip(s, i)
  local c = s:byte(i)
  if c == OPEN_OBJECT or c == OPEN_ARRAY then
    local object, close, r, n = c == OPEN_OBJECT, c == OPEN_OBJECT and CLOSE_OBJECT or CLOSE_ARRAY, {}, 0
    i = skip(s, i + 1)
    if s:byte(i) == close then return r, i + 1 end
    while true do
      local v
      if object then
        local k
        k, i = decode_at(s, i)
        i = skip(s, i)
        if s:byte(i) ~= COLON then error("json: expected : at " .. i) end
        v, i = decode_at(s, i + 1)
        r[k] = v
      else
        v, i = decode_at(s, i)
        n = n + 1
        r[n] = v
      end
      i = skip(s, i)
      c = s:byte(i)
      if c == close then return r, i + 1 end
      if c ~= COMMA then error("json: expected , or " .. string.char(close) .. " at " .. i) end
      i = i + 1
    end
  elseif c == QUOTE then
    local j, parts = i + 1, nil
    while true do
      local q = s:find('["\\]', j)
      if not q then error("json: unterminated string at " .. i) end
      if s:byte(q) == QUOTE then
        if not parts then return s:sub(j, q - 1), q + 1 end
        parts[#parts + 1] = s:sub(j, q - 1)
        return table.concat(parts), q + 1
      end
      parts = parts or {}
      parts[#parts + 1] = s:sub(j, q - 1)
      local e = s:sub(q + 1, q + 1)
      if e == "u" then
        parts[#parts + 1] = utf8.char(tonumber(s:sub(q + 2, q + 5), 16))
        j = q + 6
      else
        parts[#parts + 1] = escapes[e] or error("json: bad escape \\" .. e)
        j = q + 2
      end
    end
  elseif c == T and s:sub(i, i + 3) == "true" then return true, i + 4
  elseif c == F and s:sub(i, i + 4) == "false" then return false, i + 5
  elseif c == N and s:sub(i, i + 3) == "null" then return nil, i + 4
  else
    local num = s:match("^-?%d+%.?%d*[eE]?[-+]?%d*", i)
    if not num then error("json: unexpected character at " .. i) end
    return tonumber(num), i + #num
  end
end

function json_decode(s)
  local v, i = decode_at(s, 1)
  if skip(s, i) <= #s then error("json: trailing text at " .. i) end
  return v
end

local function deep_equal(a, b)
  if type(a) ~= type(b) then return false end
  if type(a) ~= "table" then return a == b end
  for k, v in pairs(a) do if not deep_equal(v, b[k]) then return false end end
  for k in pairs(b) do if a[k] == nil then return false end end
  return true
end

local function document(n)
  return map(function(i)
    return { id = i, name = "item" .. i, tags = { "red", "green" }, dims = { i, i * 2, i * 3 },
             child = { ok = i % 2 == 0, parts = { { k = i }, { k = i + 1 } } } }
  end, range(n))
end

function json_round_trip(n)
  local doc = document(n)
  local back = json_decode(json_encode(doc))
  if not deep_equal(doc, back) then return -1 end
  return fold(function(acc, r) return acc + r.id end, 0, back)
end

function bump(x) return x + 1 end
