-- Neovim (0.7+) as an independent LSP client of the Layerwise server, headless:
-- start `node <server.js> --stdio`, wait for the rule's diagnostic, request code actions, apply the
-- preferred fix, wait for the diagnostic to go away, write the buffer. run.mjs checks the file.
-- Usage: LAYERWISE_SERVER=dist/server.js LAYERWISE_RULE=apk-no-cache \
--   nvim --headless -n -i NONE -u NONE --noplugin -c "luafile harness.lua" path/to/Dockerfile
local WAIT_MS = 20000

local function log(...) io.stdout:write(table.concat(vim.tbl_map(tostring, { ... }), ' ') .. '\n') end
local function fail(message)
  log('NVIM E2E FAIL: ' .. message)
  vim.cmd('cquit 1')
end

local server = os.getenv('LAYERWISE_SERVER')
local rule = os.getenv('LAYERWISE_RULE')
if not server or not rule then return fail('set LAYERWISE_SERVER and LAYERWISE_RULE') end

local bufnr = vim.api.nvim_get_current_buf()
-- -u NONE: no filetype detection; the filetype is the languageId sent in didOpen.
vim.bo[bufnr].filetype = 'dockerfile'

local started = vim.loop.hrtime()
local function ms() return math.floor((vim.loop.hrtime() - started) / 1e6) end

local client_id = vim.lsp.start_client({
  name = 'layerwise',
  cmd = { 'node', server, '--stdio' },
  root_dir = vim.fn.getcwd(),
  flags = { debounce_text_changes = 0 },
  on_exit = function(code) if code ~= 0 then log('server exited with ' .. code) end end,
})
if not client_id then return fail('vim.lsp.start_client returned nil') end
vim.lsp.buf_attach_client(bufnr, client_id)

local function summary(diagnostics)
  local parts = {}
  for _, d in ipairs(diagnostics) do table.insert(parts, string.format('%s@%d:%d', tostring(d.code), d.lnum, d.col)) end
  return '[' .. table.concat(parts, ', ') .. ']'
end

local function rule_diagnostics()
  return vim.tbl_filter(function(d) return d.code == rule end, vim.diagnostic.get(bufnr))
end

-- 1. The rule's diagnostic arrives.
if not vim.wait(WAIT_MS, function() return #rule_diagnostics() > 0 end, 20) then
  return fail('no ' .. rule .. ' diagnostic within ' .. WAIT_MS .. ' ms; got ' .. summary(vim.diagnostic.get(bufnr)))
end
local d = rule_diagnostics()[1]
log(string.format('diagnostic after %d ms: %s %d:%d-%d:%d %s', ms(), d.code, d.lnum, d.col, d.end_lnum, d.end_col, d.message))

-- 2. Code actions for it (a vim diagnostic converted back to an LSP one).
local range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } }
local lsp_diagnostic = { range = range, severity = d.severity, message = d.message, source = d.source, code = d.code }
local client = vim.lsp.get_client_by_id(client_id)
local response, err = client.request_sync('textDocument/codeAction', {
  textDocument = { uri = vim.uri_from_bufnr(bufnr) },
  range = range,
  context = { diagnostics = { lsp_diagnostic }, only = { 'quickfix' } },
}, 5000, bufnr)
if not response or response.err then return fail('codeAction request failed: ' .. vim.inspect(err or response.err)) end
local actions = response.result or {}
local preferred
for _, action in ipairs(actions) do
  log('  action: ' .. action.title .. (action.isPreferred and ' (preferred)' or ''))
  if action.isPreferred and not preferred then preferred = action end
end
if not preferred then return fail('no preferred quick fix for ' .. rule) end

-- 3. Apply it; apply_workspace_edit sends didChange, so the server re-checks at once.
if not preferred.edit then return fail('the preferred fix has no edit: ' .. vim.inspect(preferred)) end
vim.lsp.util.apply_workspace_edit(preferred.edit, client.offset_encoding)
if not vim.wait(WAIT_MS, function() return #rule_diagnostics() == 0 end, 20) then
  return fail(rule .. ' still reported after the fix: ' .. summary(rule_diagnostics()))
end
log(string.format('%s gone after %d ms', rule, ms()))

-- 4. Write the buffer in place and stop the server.
vim.cmd('silent write')
vim.lsp.stop_client(client_id)
if not vim.wait(5000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 20) then
  return fail('the server did not stop')
end
log('NVIM E2E PASS')
vim.cmd('qall!')
