-- The newcomer's flow, end to end, in headless Neovim 0.7+: the Neovim config from
-- editors/neovim/README.md (runtimepath + require('distrolint').setup()), the TRON reproduction
-- from examples/ (with its lucid profile), its errors shown, a quick fix applied through the
-- client, and the error gone.
--
-- Run by crates/distrolint/tests/nvim_e2e.rs with DISTROLINT_BIN (the binary), E2E_NEOVIM_DIR
-- (editors/neovim), E2E_FILE (a copy of examples/tron-payment-service/Dockerfile beside its
-- distrolint.toml) and E2E_RESULT (where to write the outcome).

local bin = assert(os.getenv('DISTROLINT_BIN'), 'DISTROLINT_BIN is not set')
local neovim_dir = assert(os.getenv('E2E_NEOVIM_DIR'), 'E2E_NEOVIM_DIR is not set')
local file = assert(os.getenv('E2E_FILE'), 'E2E_FILE is not set')
local result_path = assert(os.getenv('E2E_RESULT'), 'E2E_RESULT is not set')
local timeout = 20000

local function finish(ok, message)
  local out = io.open(result_path, 'w')
  out:write((ok and 'ok: ' or 'FAILED: ') .. message .. '\n')
  out:close()
  for _, client in pairs(vim.lsp.get_active_clients()) do
    client.stop(true)
  end
  vim.cmd(ok and 'qall!' or 'cquit 1')
end

local function codes(bufnr)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    if code then
      found[code] = d
    end
  end
  return found
end

local function run()
  -- What the README says: put editors/neovim on 'runtimepath' and call setup().
  vim.cmd('filetype on')
  vim.opt.runtimepath:append(neovim_dir)
  require('distrolint').setup({ cmd = { bin, 'server' } })

  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  if vim.bo[bufnr].filetype ~= 'dockerfile' then
    return finish(false, 'filetype is ' .. vim.bo[bufnr].filetype)
  end

  -- The TRON reproduction's real bugs arrive as diagnostics; DX201 is the CMD run through the
  -- distroless Python interpreter ENTRYPOINT.
  if not vim.wait(timeout, function() return codes(bufnr).DX201 ~= nil end, 10) then
    return finish(false, 'no DX201 diagnostic; got ' .. vim.inspect(vim.tbl_keys(codes(bufnr))))
  end
  local shown = codes(bufnr)
  for _, code in ipairs({ 'DX101', 'DX203', 'DX206', 'DX401' }) do
    if shown[code] == nil then
      return finish(false, code .. ' is not shown; got ' .. vim.inspect(vim.tbl_keys(shown)))
    end
  end
  local shown_dx201 = shown.DX201
  local lsp_data = shown_dx201.user_data and shown_dx201.user_data.lsp or {}
  local diagnostic = vim.tbl_extend('keep', lsp_data, {
    range = {
      start = { line = shown_dx201.lnum, character = shown_dx201.col },
      ['end'] = { line = shown_dx201.end_lnum, character = shown_dx201.end_col },
    },
    message = shown_dx201.message,
    code = 'DX201',
    source = shown_dx201.source,
  })

  local client = vim.lsp.get_active_clients({ name = 'distrolint' })[1]
    or vim.tbl_values(vim.lsp.buf_get_clients(bufnr))[1]
  if client == nil then
    return finish(false, 'no distrolint client attached')
  end
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
    if action.isPreferred and vim.startswith(action.title, 'distrolint (DX201): ') then
      fix = action
    end
  end
  if fix == nil then
    return finish(false, 'no preferred DX201 quick fix in ' .. vim.inspect(response.result))
  end
  vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding or 'utf-16')

  if not vim.wait(timeout, function() return codes(bufnr).DX201 == nil end, 10) then
    return finish(false, 'DX201 is still shown after the fix')
  end
  local text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
  if not text:find('ENTRYPOINT %[%]\nCMD %["python3", "%-m", "uvicorn"') then
    return finish(false, 'the buffer does not have ENTRYPOINT [] before the CMD')
  end
  return finish(true, fix.title)
end

local ok, error = pcall(run)
if not ok then
  finish(false, 'error: ' .. tostring(error))
end
