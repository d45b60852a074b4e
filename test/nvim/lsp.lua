-- Neovim as a third-party LSP client of `serverless-guard lsp --stdio`.
-- Run by test/nvim/run.mjs:  nvim --headless -u NONE -c 'luafile test/nvim/lsp.lua'
-- with SG_NVIM_SPEC pointing at a JSON file that names the server command, the fixture files and what
-- each must produce. Writes one line per check to stdout, the results as JSON to spec.results, and
-- leaves with :qa! when every check passed, :cq otherwise.

local spec_path = os.getenv('SG_NVIM_SPEC')
local spec = vim.fn.json_decode(table.concat(vim.fn.readfile(spec_path), '\n'))
local TIMEOUT = spec.timeout_ms or 15000

local results = {}
local published = {} -- fname -> { count = n, diagnostics = {...} }

local function out(line)
  io.stdout:write(line .. '\n')
  io.stdout:flush()
end

local function check(name, fn)
  local ok, err = pcall(fn)
  if ok then
    out('  ok     ' .. name)
  else
    out('  FAILED ' .. name .. '\n         ' .. tostring(err))
  end
  table.insert(results, { name = name, ok = ok, error = ok and vim.NIL or tostring(err) })
  return ok
end

local function fail(fmt, ...)
  error(string.format(fmt, ...), 0)
end

local function describe(diags)
  local parts = {}
  for _, d in ipairs(diags or {}) do
    if d.range then
      table.insert(parts, string.format('%s@%d:%d', tostring(d.code), d.range.start.line + 1, d.range.start.character + 1))
    else
      -- expectations from `serverless-guard scan` (0-based line, no range)
      table.insert(parts, string.format('%s@%d', tostring(d.code), d.line + 1))
    end
  end
  return #parts > 0 and table.concat(parts, ', ') or '(none)'
end

local function finish()
  local passed, failed = 0, 0
  for _, r in ipairs(results) do
    if r.ok then passed = passed + 1 else failed = failed + 1 end
  end
  vim.fn.writefile({ vim.fn.json_encode({ passed = passed, failed = failed, checks = results }) }, spec.results)
  if failed == 0 and passed > 0 then
    vim.cmd('qa!')
  else
    vim.cmd('cq 1')
  end
end

-- Filetype detection as a user has it, so didOpen carries languageId javascript / yaml.
vim.cmd('filetype on')

local client_id
local function client()
  return vim.lsp.get_client_by_id(client_id)
end

local function diagnostics_of(fname)
  local p = published[fname]
  return p and p.diagnostics or nil
end

local function open(path)
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(bufnr, client_id)
  return bufnr
end

local function wait_for(fname, predicate, what)
  local ok = vim.wait(TIMEOUT, function()
    local ds = diagnostics_of(fname)
    return ds ~= nil and predicate(ds)
  end, 20)
  if not ok then
    fail('timed out after %d ms waiting for %s; last published for %s: %s', TIMEOUT, what, vim.fn.fnamemodify(fname, ':t'), describe(diagnostics_of(fname)))
  end
  return diagnostics_of(fname)
end

local function has_code_on_line(ds, code, line)
  for _, d in ipairs(ds) do
    if d.code == code and d.range.start.line == line then return d end
  end
  return nil
end

local main_ok, main_err = pcall(function()
  check('the language server starts and initializes over stdio', function()
    client_id = vim.lsp.start_client({
      name = 'serverless-guard',
      cmd = spec.cmd,
      root_dir = spec.root,
      handlers = {
        ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
          local fname = vim.uri_to_fname(result.uri)
          local p = published[fname] or { count = 0 }
          p.count = p.count + 1
          p.diagnostics = result.diagnostics
          published[fname] = p
          return vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
        end,
      },
    })
    if not client_id then fail('start_client returned nil') end
    local ok = vim.wait(TIMEOUT, function()
      local c = client()
      return c ~= nil and c.server_capabilities ~= nil and next(c.server_capabilities) ~= nil
    end, 20)
    if not ok then fail('no initialize result within %d ms', TIMEOUT) end
    local caps = client().server_capabilities
    if not caps.codeActionProvider then fail('server does not advertise codeActionProvider') end
  end)

  local handler = spec.handler
  local hbuf
  check('JS handler: ' .. handler.expect_code .. ' on line ' .. (handler.line + 1) .. ', nothing on the localhost call', function()
    hbuf = open(handler.path)
    local ds = wait_for(handler.path, function(ds) return has_code_on_line(ds, handler.expect_code, handler.line) ~= nil end,
      handler.expect_code .. ' on line ' .. (handler.line + 1))
    local d = has_code_on_line(ds, handler.expect_code, handler.line)
    if d.source ~= 'serverless-guard' then fail('source is %s', tostring(d.source)) end
    if d.range.start.character ~= handler.character or d.range['end'].character ~= handler.end_character then
      fail('range %d-%d, expected %d-%d', d.range.start.character, d.range['end'].character, handler.character, handler.end_character)
    end
    for _, x in ipairs(ds) do
      if x.range.start.line == handler.clean_line then fail('unexpected finding on the localhost line: %s', describe({ x })) end
    end
    if #ds ~= #handler.all then fail('expected %d findings in the file, got %s', #handler.all, describe(ds)) end
  end)

  local config = spec.config
  check('serverless.yml: findings (codes and lines) match `serverless-guard scan` ' .. describe(config.expect), function()
    open(config.path)
    local ds = wait_for(config.path, function(ds) return #ds == #config.expect end, #config.expect .. ' finding(s)')
    local want, got = {}, {}
    for _, e in ipairs(config.expect) do table.insert(want, e.code .. '@' .. (e.line + 1)) end
    for _, d in ipairs(ds) do table.insert(got, tostring(d.code) .. '@' .. (d.range.start.line + 1)) end
    table.sort(want)
    table.sort(got)
    if table.concat(want, ',') ~= table.concat(got, ',') then
      fail('expected %s, got %s', table.concat(want, ','), table.concat(got, ','))
    end
  end)

  local fix
  check('textDocument/codeAction returns a preferred "' .. handler.fix_title .. '" fix with the right edit', function()
    local d = has_code_on_line(diagnostics_of(handler.path) or {}, handler.expect_code, handler.line)
    if not d then fail('no diagnostic to ask about') end
    local params = {
      textDocument = { uri = vim.uri_from_bufnr(hbuf) },
      range = d.range,
      context = { diagnostics = { d }, only = { 'quickfix' } },
    }
    local responses = vim.lsp.buf_request_sync(hbuf, 'textDocument/codeAction', params, TIMEOUT)
    if not responses or not responses[client_id] then fail('no answer within %d ms', TIMEOUT) end
    local r = responses[client_id]
    if r.err then fail('error: %s', vim.inspect(r.err)) end
    local titles = {}
    for _, a in ipairs(r.result or {}) do
      table.insert(titles, a.title)
      if a.title == handler.fix_title then fix = a end
    end
    if not fix then fail('no action titled %q among %s', handler.fix_title, vim.inspect(titles)) end
    if fix.isPreferred ~= true then fail('the fix is not marked preferred') end
    if fix.kind ~= 'quickfix' then fail('kind is %s', tostring(fix.kind)) end
    if not fix.edit then fail('the fix carries no edit') end

    vim.lsp.util.apply_workspace_edit(fix.edit, client().offset_encoding or 'utf-16')
    local lines = vim.api.nvim_buf_get_lines(hbuf, 0, -1, false)
    if lines[handler.line + 1] ~= handler.fixed_line then
      fail('line %d after the fix is %q, expected %q', handler.line + 1, lines[handler.line + 1], handler.fixed_line)
    end
    local before = vim.fn.readfile(handler.path)
    for i, l in ipairs(before) do
      if i ~= handler.line + 1 and lines[i] ~= l then fail('the fix also changed line %d: %q', i, lines[i]) end
    end
    if #lines ~= #before then fail('the fix changed the number of lines (%d -> %d)', #before, #lines) end
  end)

  check('after the fix the server re-analyses the edited buffer and the finding is gone', function()
    if not fix then fail('no fix was applied') end
    wait_for(handler.path, function(ds) return has_code_on_line(ds, handler.expect_code, handler.line) == nil end,
      'the finding on line ' .. (handler.line + 1) .. ' to go away')
  end)
end)

if not main_ok then
  table.insert(results, { name = 'script', ok = false, error = tostring(main_err) })
  out('  FAILED script error: ' .. tostring(main_err))
end

if client_id and client() then
  vim.lsp.stop_client(client_id)
  vim.wait(3000, function() return vim.lsp.client_is_stopped(client_id) end, 20)
end
finish()
