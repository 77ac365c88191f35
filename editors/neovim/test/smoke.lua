-- Smoke check for the Neovim configuration; run by test/smoke.sh inside headless Neovim.
--
-- It checks the editor side only, against test/fake_lsp_server.py (not distrolint):
--   * the configuration loads (legacy: dofile of lua/distrolint/init.lua and setup();
--     native, Neovim 0.11+: lsp/distrolint.lua through vim.lsp.config/vim.lsp.enable);
--   * lua/distrolint/init.lua and lsp/distrolint.lua have the same defaults;
--   * Dockerfile, Dockerfile.*, *.dockerfile, *.Dockerfile, Containerfile, Containerfile.* get
--     filetype dockerfile, README.md does not;
--   * a client named distrolint is started as `distrolint server` for each of those buffers, one per
--     root, with the root found from distrolint.toml / .distrolint.toml / .git, and none for README.md;
--   * the server receives the settings as initializationOptions.distrolint and as the answer to
--     workspace/configuration, with an empty rules table sent as {} (not []);
--   * its diagnostics reach vim.diagnostic;
--   * fix_all() and fix-on-save apply the source.fixAll.distrolint edit;
--   * a missing binary gives one clear message and no error (legacy);
--   * stopping sends shutdown and exit.
-- Results go to $SMOKE_RESULTS; the last line is "smoke: N passed, M failed".

local nvim_dir = assert(os.getenv('DISTROLINT_NVIM_DIR'))
local proj = assert(os.getenv('SMOKE_PROJECT'))
local loose = assert(os.getenv('SMOKE_LOOSE'))
local log_file = assert(os.getenv('FAKE_LSP_LOG'))
local results_file = assert(os.getenv('SMOKE_RESULTS'))
local mode = assert(os.getenv('SMOKE_MODE'))

local FIX_ALL = 'source.fixAll.distrolint'
local lines, passed, failed = {}, 0, 0

local function check(name, ok, detail)
  if ok then
    passed = passed + 1
    table.insert(lines, 'ok   ' .. name)
  else
    failed = failed + 1
    -- writefile() turns a newline inside an item into NUL: keep each result on one line.
    local text = detail ~= nil and (': ' .. tostring(detail):gsub('%s*\n%s*', ' | ')) or ''
    table.insert(lines, 'FAIL ' .. name .. text)
  end
end

local function finish()
  table.insert(lines, string.format('smoke: %d passed, %d failed', passed, failed))
  vim.fn.writefile(lines, results_file)
  vim.cmd(failed == 0 and 'qall!' or 'cquit 1')
end

local function clients_of(bufnr)
  local found = {}
  if vim.lsp.get_clients then
    found = vim.lsp.get_clients({ bufnr = bufnr, name = 'distrolint' })
  else
    for _, c in pairs(vim.lsp.buf_get_clients(bufnr)) do
      if c.name == 'distrolint' then
        table.insert(found, c)
      end
    end
  end
  return found
end

local function all_clients()
  return vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()
end

local function read_log()
  local entries = {}
  for _, line in ipairs(vim.fn.readfile(log_file)) do
    local entry = vim.fn.json_decode(line)
    if entry.dir == 'in' or entry.dir == 'out' then
      entry.msg = vim.fn.json_decode(entry.raw)
    end
    table.insert(entries, entry)
  end
  return entries
end

local base = vim.fn.fnamemodify(proj, ':h')
local function rel(path)
  return path and path:sub(#base + 2) or '(none)'
end

-- The `"rules":...` part of a JSON text, for failure messages.
local function rules_part(raw)
  return raw and raw:match('"rules":%b{}') or raw and raw:match('"rules":%b[]') or tostring(raw)
end

local function open(path)
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  return vim.api.nvim_get_current_buf()
end

local function run()
  -- 1. Load the configuration.
  local M
  local native_defaults = dofile(nvim_dir .. '/lsp/distrolint.lua')
  if mode == 'legacy' then
    M = dofile(nvim_dir .. '/lua/distrolint/init.lua')
    check('lua/distrolint/init.lua loads with dofile', type(M.setup) == 'function' and type(M.fix_all) == 'function')
    M.setup({ settings = { distrolint = { profile = 'lucid' } }, fix_on_save = true })
  else
    vim.opt.runtimepath:prepend(nvim_dir)
    M = require('distrolint')
    vim.lsp.config('distrolint', { settings = { distrolint = { profile = 'lucid' } } })
    vim.lsp.enable('distrolint')
    local resolved = vim.lsp.config.distrolint
    check(
      'vim.lsp.config resolves lsp/distrolint.lua from runtimepath',
      resolved ~= nil and vim.deep_equal(resolved.cmd, { 'distrolint', 'server' }) and resolved.settings.distrolint.profile == 'lucid'
    )
    -- Fix-on-save as the README shows it for Neovim 0.11+.
    vim.api.nvim_create_autocmd('LspAttach', {
      callback = function(args)
        local client = vim.lsp.get_client_by_id(args.data.client_id)
        if client and client.name == 'distrolint' then
          vim.api.nvim_create_autocmd('BufWritePre', {
            buffer = args.buf,
            callback = function()
              require('distrolint').fix_all(args.buf)
            end,
          })
        end
      end,
    })
  end
  local d = M.default_config
  check(
    'lsp/distrolint.lua and lua/distrolint/init.lua have the same defaults',
    vim.deep_equal(native_defaults.cmd, d.cmd)
      and vim.deep_equal(native_defaults.filetypes, d.filetypes)
      and vim.deep_equal(native_defaults.root_markers, d.root_markers)
      and vim.deep_equal(native_defaults.settings, d.settings),
    vim.inspect({ native_defaults.root_markers, d.root_markers })
  )

  -- 2. Filetype detection.
  local files = {
    { path = proj .. '/Dockerfile', root = proj },
    { path = proj .. '/Dockerfile.prod', root = proj },
    { path = proj .. '/api.dockerfile', root = proj },
    { path = proj .. '/web.Dockerfile', root = proj },
    { path = proj .. '/Containerfile', root = proj },
    { path = proj .. '/Containerfile.dev', root = proj },
    { path = proj .. '/svc/Dockerfile', root = proj .. '/svc' },
    { path = proj .. '/deep/nested/Containerfile', root = proj .. '/deep' },
    -- No marker above it: legacy uses the file's directory, Neovim 0.11+ starts without a root.
    { path = loose .. '/Dockerfile', root = mode == 'legacy' and loose or nil },
  }
  for _, f in ipairs(files) do
    f.buf = open(f.path)
    check('filetype of ' .. rel(f.path), vim.bo[f.buf].filetype == 'dockerfile', vim.bo[f.buf].filetype)
  end
  local readme = open(proj .. '/README.md')
  check('README.md is not a dockerfile', vim.bo[readme].filetype ~= 'dockerfile', vim.bo[readme].filetype)

  -- 3. Clients: attached, right command and root, diagnostics arrive.
  local all_attached = vim.wait(10000, function()
    for _, f in ipairs(files) do
      if #clients_of(f.buf) ~= 1 or #vim.diagnostic.get(f.buf) ~= 1 then
        return false
      end
    end
    return true
  end, 20)
  check('every Dockerfile buffer has one distrolint client and its diagnostics', all_attached)
  local roots = {}
  for _, f in ipairs(files) do
    local c = clients_of(f.buf)[1]
    local name = rel(f.path)
    if c ~= nil then
      check('cmd for ' .. name, vim.deep_equal(c.config.cmd, { 'distrolint', 'server' }), vim.inspect(c.config.cmd))
      check('root_dir for ' .. name, c.config.root_dir == f.root, tostring(c.config.root_dir))
      roots[c.id] = true
    end
    local diags = vim.diagnostic.get(f.buf)
    check('diagnostic shown for ' .. name, #diags == 1 and diags[1].message:find('smoke%-check') ~= nil, vim.inspect(diags))
  end
  check('one client per root (4 roots)', vim.tbl_count(roots) == 4, vim.tbl_count(roots))
  check('no client for README.md', #clients_of(readme) == 0)

  -- 4. What the server received.
  check('all four servers got an answer to workspace/configuration', vim.wait(10000, function()
    local answered = {}
    for _, e in ipairs(read_log()) do
      if e.dir == 'in' and e.msg.id == 'cfg-1' then
        answered[e.pid] = true
      end
    end
    return vim.tbl_count(answered) == 4
  end, 20))
  local by_pid = {}
  for _, e in ipairs(read_log()) do
    by_pid[e.pid] = by_pid[e.pid] or { msgs = {}, raws = {} }
    if e.dir == 'argv' then
      by_pid[e.pid].argv = vim.fn.json_decode(e.raw)
    elseif e.dir == 'in' then
      table.insert(by_pid[e.pid].msgs, e.msg)
      table.insert(by_pid[e.pid].raws, e.raw)
    end
  end
  local servers = 0
  for _, s in pairs(by_pid) do
    servers = servers + 1
    local init, init_raw, cfg, cfg_raw
    for i, m in ipairs(s.msgs) do
      if m.method == 'initialize' then
        init, init_raw = m, s.raws[i]
      elseif m.id == 'cfg-1' and m.result then
        cfg, cfg_raw = m, s.raws[i]
      end
    end
    local root = init and type(init.params.rootUri) == 'string' and vim.uri_to_fname(init.params.rootUri) or nil
    local function check_server(name, ok, detail)
      check('server for root ' .. rel(root) .. ': ' .. name, ok, detail)
    end
    check_server('argv is exactly {"server"}', vim.deep_equal(s.argv, { 'server' }), vim.inspect(s.argv))
    local opts = init and init.params.initializationOptions
    check_server(
      'initializationOptions.distrolint carries the settings',
      type(opts) == 'table'
        and opts.distrolint.profile == 'lucid'
        and opts.distrolint.configurationPreference == 'filesystemFirst'
        and opts.distrolint.enable == true,
      vim.inspect(opts)
    )
    check_server('initializationOptions: empty rules sent as {}', init_raw ~= nil and init_raw:find('"rules":{}', 1, true) ~= nil, rules_part(init_raw))
    check_server(
      'workspace/configuration "distrolint" is answered with the settings',
      cfg ~= nil and cfg.result[1].profile == 'lucid' and cfg.result[1].enable == true,
      cfg and vim.inspect(cfg.result)
    )
    check_server('workspace/configuration: empty rules sent as {}', cfg_raw ~= nil and cfg_raw:find('"rules":{}', 1, true) ~= nil, rules_part(cfg_raw))
  end
  check('four server processes were started', servers == 4, servers)

  -- 5. Fix all, on demand and on save.
  local first = files[1]
  vim.api.nvim_set_current_buf(first.buf)
  local applied = M.fix_all(first.buf)
  local top = vim.api.nvim_buf_get_lines(first.buf, 0, 1, false)[1]
  check('fix_all() applies the source.fixAll.distrolint edit', applied and top == '# fixed by distrolint', top)
  local asked_only
  for _, e in ipairs(read_log()) do
    if e.dir == 'in' and e.msg.method == 'textDocument/codeAction' then
      asked_only = e.msg.params.context.only
    end
  end
  check('fix_all() asks only for source.fixAll.distrolint', vim.deep_equal(asked_only, { FIX_ALL }), vim.inspect(asked_only))

  local saved = files[7]
  vim.api.nvim_set_current_buf(saved.buf)
  vim.cmd('write')
  local on_disk = vim.fn.readfile(saved.path)[1]
  check('fix-on-save writes the fixed file', on_disk == '# fixed by distrolint', on_disk)

  -- 6. A missing binary (legacy setup only): one message, no error, no client.
  if mode == 'legacy' then
    local messages = {}
    local notify = vim.notify
    vim.notify = function(msg, level)
      table.insert(messages, { msg = msg, level = level })
    end
    local M2 = dofile(nvim_dir .. '/lua/distrolint/init.lua')
    local ok, err = pcall(function()
      M2.setup({ cmd = { 'distrolint-not-installed', 'server' } })
      open(proj .. '/other.dockerfile')
      open(proj .. '/svc/other.Dockerfile')
    end)
    vim.notify = notify
    check('a missing binary raises no error', ok, err)
    check(
      'a missing binary gives one message with install instructions',
      #messages == 1 and messages[1].msg:find('distrolint%-not%-installed` is not executable') ~= nil and messages[1].msg:find('cargo install') ~= nil,
      vim.inspect(messages)
    )
    check('no client for it', #clients_of(vim.api.nvim_get_current_buf()) == 0)
  end

  -- 7. Stopping sends shutdown and exit.
  vim.lsp.stop_client(all_clients())
  local stopped = vim.wait(5000, function()
    return #all_clients() == 0
  end, 20)
  check('all clients stop', stopped)
  local shutdowns, exits = 0, 0
  for _, e in ipairs(read_log()) do
    if e.dir == 'in' and e.msg.method == 'shutdown' then
      shutdowns = shutdowns + 1
    elseif e.dir == 'in' and e.msg.method == 'exit' then
      exits = exits + 1
    end
  end
  check('each server got shutdown and exit', shutdowns == 4 and exits == 4, shutdowns .. ' shutdown, ' .. exits .. ' exit')
end

local ok, err = xpcall(run, debug.traceback)
check('the smoke script ran to the end', ok, err)
finish()
