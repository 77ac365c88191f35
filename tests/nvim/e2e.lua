-- End-to-end test of `distrolint server` with Neovim's built-in LSP client (Neovim 0.7+).
--
-- Run by crates/distrolint/tests/nvim_e2e.rs as
--   nvim --headless -u NONE -i NONE -n -c "luafile tests/nvim/e2e.lua"
-- with DISTROLINT_BIN (the binary), E2E_FILE (a Dockerfile with a DX009 error) and E2E_RESULT
-- (where to write the outcome). Steps: start the server, wait for diagnostics with DX009, ask for
-- the code actions of that diagnostic, apply the preferred quick fix with
-- vim.lsp.util.apply_workspace_edit, and wait for the next publishDiagnostics to come without it.

local bin = assert(os.getenv('DISTROLINT_BIN'), 'DISTROLINT_BIN is not set')
local file = assert(os.getenv('E2E_FILE'), 'E2E_FILE is not set')
local result_path = assert(os.getenv('E2E_RESULT'), 'E2E_RESULT is not set')
local timeout = 20000

local published = {}
local client_id

local function finish(ok, message)
  local out = io.open(result_path, 'w')
  out:write((ok and 'ok: ' or 'FAILED: ') .. message .. '\n')
  out:close()
  if client_id then
    vim.lsp.stop_client(client_id, true)
  end
  vim.cmd(ok and 'qall!' or 'cquit 1')
end

-- The DX009 diagnostic of the latest publishDiagnostics, if any.
local function latest_dx009()
  local last = published[#published]
  if last == nil then
    return nil
  end
  for _, diagnostic in ipairs(last.diagnostics) do
    if diagnostic.code == 'DX009' then
      return diagnostic
    end
  end
  return nil
end

local function run()
  client_id = vim.lsp.start_client({
    name = 'distrolint',
    cmd = { bin, 'server' },
    root_dir = vim.fn.fnamemodify(file, ':h'),
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
        table.insert(published, result)
        vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
      end,
    },
  })
  assert(client_id, 'the client did not start')
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  assert(vim.lsp.buf_attach_client(bufnr, client_id), 'could not attach the client')

  if not vim.wait(timeout, function() return latest_dx009() ~= nil end, 10) then
    return finish(false, 'no publishDiagnostics with DX009 (got ' .. #published .. ' publications)')
  end
  local diagnostic = latest_dx009()
  local shown = vim.diagnostic.get(bufnr)
  if #shown == 0 then
    return finish(false, 'vim.diagnostic has nothing for the buffer')
  end

  local client = vim.lsp.get_client_by_id(client_id)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = diagnostic.range,
    context = { diagnostics = { diagnostic }, only = { 'quickfix' } },
  }
  local response = client.request_sync('textDocument/codeAction', params, timeout, bufnr)
  if response == nil or response.err ~= nil then
    return finish(false, 'textDocument/codeAction failed: ' .. vim.inspect(response))
  end
  local fix
  for _, action in ipairs(response.result or {}) do
    if action.isPreferred and vim.startswith(action.title, 'distrolint (DX009): ') then
      fix = action
    end
  end
  if fix == nil then
    return finish(false, 'no preferred DX009 quick fix in ' .. vim.inspect(response.result))
  end

  local before = #published
  vim.lsp.util.apply_workspace_edit(fix.edit, 'utf-16')
  local cleared = vim.wait(timeout, function()
    return #published > before and latest_dx009() == nil
  end, 10)
  if not cleared then
    return finish(false, 'DX009 is still reported after the fix: ' .. vim.inspect(published[#published]))
  end
  local line = vim.api.nvim_buf_get_lines(bufnr, 1, 2, false)[1]
  return finish(true, fix.title .. ' -> ' .. line)
end

local ok, error = pcall(run)
if not ok then
  finish(false, 'error: ' .. tostring(error))
end
