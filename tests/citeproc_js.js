// The bibliography entries citeproc-js (the `citeproc` npm package, the processor
// Zotero and Mendeley use) makes of CSL-JSON items in a CSL style, for
// tests/test_cite.py to compare the site's references with.
//   node tests/citeproc_js.js STYLE.csl LOCALE.xml < items.json  ->  ["entry", ...]
const fs = require("fs");
const path = require("path");
const CSL = require(path.join(process.env.NPM_ROOT, "node_modules", "citeproc"));

const [stylePath, localePath] = process.argv.slice(2);
const style = fs.readFileSync(stylePath, "utf8");
const locale = fs.readFileSync(localePath, "utf8");
const items = JSON.parse(fs.readFileSync(0, "utf8"));
const entries = items.map((item) => {
  const engine = new CSL.Engine(
    { retrieveLocale: () => locale, retrieveItem: () => item },
    style,
    "en-US",
  );
  engine.updateItems([item.id]);
  return engine.makeBibliography()[1][0];
});
process.stdout.write(JSON.stringify(entries));
