-- distrolint for Neovim 0.7 to 0.10 (and later), without nvim-lspconfig.
--
--   require('distrolint').setup({
--     settings = { distrolint = { profile = 'lucid' } },
--     fix_on_save = true,
--   })
--
-- setup() starts `distrolint server` for every buffer whose filetype is dockerfile, one client per
-- project root (found from distrolint.toml, .distrolint.toml, .git as Neovim 0.11 finds it from
-- root_markers; the file's own directory when there is none), and teaches old Neovim the file names it
-- does not know (*.dockerfile). It uses vim.lsp.start on Neovim 0.8 and later and
-- vim.lsp.start_client + vim.lsp.buf_attach_client on 0.7. On Neovim 0.11 and later,
-- lsp/distrolint.lua with vim.lsp.enable('distrolint') is the simpler way; fix_all() below works
-- with either.
--
-- The file is self-contained: it can be loaded with require() when editors/neovim is on
-- 'runtimepath', or with dofile() from anywhere.

local M = {}

local uv = vim.uv or vim.loop

--- The code action kind of "apply every safe fix".
M.FIX_ALL_KIND = 'source.fixAll.distrolint'

--- The file names distrolint lints (the ones `distrolint check` picks up in a directory).
M.file_patterns = { 'Dockerfile', 'Dockerfile.*', '*.Dockerfile', '*.dockerfile', 'Containerfile', 'Containerfile.*' }

--- Defaults; the same as lsp/distrolint.lua.
M.default_config = {
  name = 'distrolint',
  cmd = { 'distrolint', 'server' },
  filetypes = { 'dockerfile' },
  root_markers = { 'distrolint.toml', '.distrolint.toml', '.git' },
  settings = {
    distrolint = {
      profile = '',
      rules = vim.empty_dict(),
      configurationPreference = 'filesystemFirst',
      enable = true,
    },
  },
  -- Apply the safe fixes (source.fixAll.distrolint) before each write.
  fix_on_save = false,
  -- How long fix-all may wait for the server, in milliseconds.
  fix_timeout_ms = 1000,
}

--- The effective configuration after setup().
M.config = nil

-- Clients started on Neovim 0.7, by root directory.
local legacy_clients = {}
local warned_missing = false

-- Client methods are called with `:` from Neovim 0.11 on (`.` still works there but is deprecated)
-- and with `.` before.
local colon_methods = vim.fn.has('nvim-0.11') == 1
local function call(client, method, ...)
  if colon_methods then
    return client[method](client, ...)
  end
  return client[method](...)
end

local function notify(msg, level)
  vim.notify('distrolint: ' .. msg, level or vim.log.levels.WARN)
end

-- The nearest directory at or above `dir` that contains one of `names`, or nil.
local function search_upward(dir, names)
  while true do
    for _, name in ipairs(names) do
      if uv.fs_stat(dir .. '/' .. name) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then
      return nil
    end
    dir = parent
  end
end

--- The project root for the file `path`, chosen as Neovim 0.11's root_markers choose it: markers
--- are tried in order, each searched upward from the file's directory, and the first one found
--- wins. An entry that is itself a list is a group of equally good markers (the nearest wins).
--- Returns nil when no marker is found.
function M.find_root(path, markers)
  local dir = vim.fn.fnamemodify(path, ':p:h')
  for _, marker in ipairs(markers) do
    local root = search_upward(dir, type(marker) == 'table' and marker or { marker })
    if root then
      return root
    end
  end
  return nil
end

--- Makes Neovim detect every Dockerfile name as filetype dockerfile. Neovim 0.7 does not know
--- *.dockerfile; later versions know them all, and the rule below then changes nothing.
function M.add_filetypes()
  if vim.filetype and vim.filetype.add then
    vim.filetype.add({
      extension = { dockerfile = 'dockerfile', Dockerfile = 'dockerfile' },
      filename = { Dockerfile = 'dockerfile', Containerfile = 'dockerfile' },
      pattern = { ['Dockerfile%..*'] = 'dockerfile', ['Containerfile%..*'] = 'dockerfile' },
    })
  end
  -- For filetype.vim (the default detection on Neovim 0.7). setfiletype overrides only a
  -- fallback guess, such as `conf` for a file whose first line is a # comment.
  local group = vim.api.nvim_create_augroup('distrolint_filetype', { clear = true })
  vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, {
    group = group,
    pattern = M.file_patterns,
    command = 'setfiletype dockerfile',
  })
end

-- The client configuration handed to Neovim for one root.
local function client_config(config, root)
  local settings = config.settings
  return {
    name = config.name,
    cmd = config.cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    settings = settings,
    init_options = config.init_options or { distrolint = settings.distrolint },
    capabilities = config.capabilities,
    on_attach = config.on_attach,
    handlers = config.handlers,
  }
end

--- Starts (or reuses) the client for `bufnr`'s project and attaches it. Returns the client id.
function M.attach(bufnr, config)
  config = config or M.config or M.default_config
  if vim.bo[bufnr].buftype ~= '' then
    return nil
  end
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == '' then
    return nil
  end
  if vim.fn.executable(config.cmd[1]) ~= 1 then
    if not warned_missing then
      warned_missing = true
      notify(
        string.format(
          '`%s` is not executable or not on PATH. Install distrolint (for example '
            .. '`cargo install --locked --path crates/distrolint` in a distrolint checkout) or pass '
            .. 'cmd = { "/path/to/distrolint", "server" } to setup().',
          config.cmd[1]
        ),
        vim.log.levels.ERROR
      )
    end
    return nil
  end
  local root = M.find_root(name, config.root_markers) or vim.fn.fnamemodify(name, ':p:h')
  local lsp_config = client_config(config, root)

  if vim.lsp.start then
    -- Neovim 0.8+: vim.lsp.start reuses a client with the same name and root_dir.
    return vim.lsp.start(lsp_config, { bufnr = bufnr })
  end

  local id = legacy_clients[root]
  local client = id and vim.lsp.get_client_by_id(id)
  if client == nil or call(client, 'is_stopped') then
    id = vim.lsp.start_client(lsp_config)
    if id == nil then
      notify('could not start ' .. table.concat(config.cmd, ' '), vim.log.levels.ERROR)
      return nil
    end
    legacy_clients[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

local function distrolint_clients(bufnr)
  local found = {}
  if vim.lsp.get_clients then
    found = vim.lsp.get_clients({ bufnr = bufnr, name = 'distrolint' })
  else
    for _, client in pairs(vim.lsp.buf_get_clients(bufnr)) do
      if client.name == 'distrolint' then
        table.insert(found, client)
      end
    end
  end
  return found
end

local function apply_action(client, action, bufnr, timeout_ms)
  if action.edit == nil and action.command == nil then
    local resolved = call(client, 'request_sync', 'codeAction/resolve', action, timeout_ms, bufnr)
    if resolved and resolved.result then
      action = resolved.result
    end
  end
  if action.edit then
    vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
  end
  if action.command then
    local command = type(action.command) == 'table' and action.command or action
    call(client, 'request_sync', 'workspace/executeCommand', command, timeout_ms, bufnr)
  end
end

--- Applies every safe fix in `bufnr` (the server's source.fixAll.distrolint code action) and waits
--- for it, so that it can run in BufWritePre. Returns true when an edit was applied.
function M.fix_all(bufnr, timeout_ms)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  timeout_ms = timeout_ms or (M.config or M.default_config).fix_timeout_ms
  local applied = false
  for _, client in ipairs(distrolint_clients(bufnr)) do
    local params = {
      textDocument = { uri = vim.uri_from_bufnr(bufnr) },
      -- The whole document; a line past the end means "to the end" in LSP.
      range = {
        start = { line = 0, character = 0 },
        ['end'] = { line = vim.api.nvim_buf_line_count(bufnr), character = 0 },
      },
      context = { only = { M.FIX_ALL_KIND }, diagnostics = {} },
    }
    local response = call(client, 'request_sync', 'textDocument/codeAction', params, timeout_ms, bufnr)
    for _, action in ipairs((response and response.result) or {}) do
      if action.kind == M.FIX_ALL_KIND then
        apply_action(client, action, bufnr, timeout_ms)
        applied = true
      end
    end
  end
  return applied
end

--- Registers the FileType autocommand that starts distrolint, and attaches to Dockerfile
--- buffers that are already open. `opts` is merged over M.default_config.
function M.setup(opts)
  local config = vim.tbl_deep_extend('force', M.default_config, opts or {})
  -- Lists are replaced, not merged index by index.
  for _, key in ipairs({ 'cmd', 'filetypes', 'root_markers' }) do
    if opts and opts[key] then
      config[key] = opts[key]
    end
  end
  M.config = config
  M.add_filetypes()

  local group = vim.api.nvim_create_augroup('distrolint', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = config.filetypes,
    callback = function(args)
      M.attach(args.buf, config)
    end,
  })
  if config.fix_on_save then
    vim.api.nvim_create_autocmd('BufWritePre', {
      group = group,
      callback = function(args)
        if vim.tbl_contains(config.filetypes, vim.bo[args.buf].filetype) then
          M.fix_all(args.buf, config.fix_timeout_ms)
        end
      end,
    })
  end
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr)
      and vim.tbl_contains(config.filetypes, vim.bo[bufnr].filetype)
    then
      M.attach(bufnr, config)
    end
  end
  return config
end

return M
