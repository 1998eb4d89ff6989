// Stub of SheetJS `xlsx` for the bench (see package.json): @sdeverywhere/compile imports it at load time and
// calls `set_fs`; reading Excel data (Vensim GET DIRECT DATA) is unsupported and throws.
'use strict'
function unavailable() {
  throw new Error('xlsx stub: Excel data files are not supported in this project')
}
module.exports = {
  set_fs() {},
  readFile: unavailable,
  read: unavailable,
  utils: { decode_cell: unavailable, encode_cell: unavailable, decode_col: unavailable, decode_row: unavailable }
}
