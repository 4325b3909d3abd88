// The vendored Plotly locale files are CommonJS modules (module.exports = {...}); this gives
// the next script a `module` to fill, which charts.js registers with Plotly and removes.
window.module = { exports: {} };
