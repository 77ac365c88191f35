" Detect every file name distrolint lints as filetype dockerfile, when editors/neovim is on
" 'runtimepath'. Neovim 0.7 does not know *.dockerfile; later versions know all of these, and then
" this changes nothing. setfiletype overrides only a fallback guess such as `conf`.
autocmd BufRead,BufNewFile Dockerfile,Dockerfile.*,*.Dockerfile,*.dockerfile,Containerfile,Containerfile.* setfiletype dockerfile
