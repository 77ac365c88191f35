-- distrolint language server configuration for Neovim 0.11 and later.
--
-- Put this file on 'runtimepath' as lsp/distrolint.lua (for example copy it to
-- ~/.config/nvim/lsp/distrolint.lua, or add editors/neovim to 'runtimepath') and enable it:
--
--   vim.lsp.enable('distrolint')
--
-- Override any field with vim.lsp.config('distrolint', { ... }), for example the settings:
--
--   vim.lsp.config('distrolint', {
--     settings = { distrolint = { profile = 'lucid', rules = { DL3008 = 'off' } } },
--   })
--
-- The same defaults are in lua/distrolint/init.lua (the setup for older Neovim);
-- test/smoke.sh checks that the two agree.

---@type vim.lsp.Config
return {
  cmd = { 'distrolint', 'server' },
  filetypes = { 'dockerfile' },
  root_markers = { 'distrolint.toml', '.distrolint.toml', '.git' },
  settings = {
    distrolint = {
      -- "" (none), "lucid" (built in) or a path to a profile TOML file.
      profile = '',
      -- Rule code or name -> "off" | "error" | "warning" | "info" | "hint".
      -- vim.empty_dict() so that an empty table is sent as {} rather than [].
      rules = vim.empty_dict(),
      -- "filesystemFirst": distrolint.toml wins; "editorFirst": these settings win;
      -- "editorOnly": distrolint.toml is ignored.
      configurationPreference = 'filesystemFirst',
      enable = true,
    },
  },
  -- The server also reads its settings from initializationOptions.distrolint: send the
  -- (possibly overridden) settings there unless init_options was set explicitly.
  before_init = function(params, config)
    if params.initializationOptions == nil and config.settings and config.settings.distrolint then
      params.initializationOptions = { distrolint = config.settings.distrolint }
    end
  end,
}
