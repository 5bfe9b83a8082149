-- Driven by tests/lsp/test_neovim.py: a real editor (Neovim, headless) starts
-- `teitools lsp` on a file, waits for its diagnostics, asks for completion and
-- hover at a position, and writes what it got as JSON.  Works with Neovim 0.7+
-- (vim.lsp.start_client; vim.lsp.start needs 0.8).
local env = vim.env
local cmd = vim.split(env.TEI_LSP_CMD, "\31", { plain = true })
local line, character = tonumber(env.TEI_LINE), tonumber(env.TEI_CHAR)
local hline, hcharacter = tonumber(env.TEI_HOVER_LINE), tonumber(env.TEI_HOVER_CHAR)
local result = { diagnostics = nil, completion = {}, hover = nil, errors = {} }

vim.cmd("edit " .. vim.fn.fnameescape(env.TEI_FILE))
local buf = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({
  name = "teitools",
  cmd = cmd,
  cmd_env = { TEITOOLS_CACHE_DIR = env.TEITOOLS_CACHE_DIR },
  root_dir = env.TEI_ROOT,
  handlers = {
    ["textDocument/publishDiagnostics"] = function(err, res, ctx, config)
      vim.lsp.diagnostic.on_publish_diagnostics(err, res, ctx, config)
      if res and res.uri == vim.uri_from_bufnr(buf) then
        result.diagnostics = res.diagnostics
      end
    end,
  },
})
vim.lsp.buf_attach_client(buf, client_id)
if not vim.wait(90000, function() return result.diagnostics ~= nil end, 50) then
  table.insert(result.errors, "no diagnostics within 90 s")
end
-- what the editor itself shows (vim.diagnostic), not only the raw notification
result.shown = #vim.diagnostic.get(buf)

local uri = vim.uri_from_bufnr(buf)
local function ask(method, params)
  local responses, err = vim.lsp.buf_request_sync(buf, method, params, 30000)
  if not responses then
    table.insert(result.errors, method .. ": " .. tostring(err))
    return nil
  end
  for _, r in pairs(responses) do
    if r.err then table.insert(result.errors, method .. ": " .. vim.inspect(r.err)) end
    return r.result
  end
end

local items = ask("textDocument/completion", {
  textDocument = { uri = uri }, position = { line = line, character = character } })
if items then
  for _, item in ipairs(items.items or items) do
    table.insert(result.completion, item.label)
  end
end
local hover = ask("textDocument/hover", {
  textDocument = { uri = uri }, position = { line = hline, character = hcharacter } })
if hover and hover.contents then
  result.hover = hover.contents.value or vim.inspect(hover.contents)
end

local fh = io.open(env.TEI_OUT, "w")
fh:write(vim.fn.json_encode(result))
fh:close()
vim.lsp.stop_client(client_id)
vim.wait(5000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
vim.cmd("qall!")
