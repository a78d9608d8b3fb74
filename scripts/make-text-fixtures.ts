/**
 * Remakes the text-shape fixtures of tests/fixtures/shapes/headings-damaged/, …/markdown-split/ and
 * …/markdown-garbled/ from the corpus (src/synthetic/text-shapes.ts; docs/real-text.md M18–M20), with each folder's
 * manifest.json. The transforms are seeded, so a remake writes the same bytes. Run with
 *   npm run -s build && node dist/scripts/make-text-fixtures.js
 */
import fs from "node:fs";
import path from "node:path";
import { textShapeFolders, type ExpectedReport } from "../src/synthetic/text-shapes";

const ROOT = path.join(__dirname, "..", "..");
const CORPUS = path.join(ROOT, "tests", "fixtures", "corpus");
const SHAPES = path.join(ROOT, "tests", "fixtures", "shapes");

function readCorpus(name: string): { text: string; expected: ExpectedReport } {
  return {
    text: fs.readFileSync(path.join(CORPUS, `${name}.txt`), "utf8"),
    expected: JSON.parse(fs.readFileSync(path.join(CORPUS, `${name}.expected.json`), "utf8")) as ExpectedReport,
  };
}

for (const shape of textShapeFolders(readCorpus)) {
  const folder = path.join(SHAPES, shape.folder);
  fs.mkdirSync(folder, { recursive: true });
  for (const fixture of shape.fixtures) fs.writeFileSync(path.join(folder, fixture.file), fixture.text);
  const reports = shape.fixtures.map((fixture) => ({ file: fixture.file, expected: `../../corpus/${fixture.corpus}.expected.json` }));
  fs.writeFileSync(path.join(folder, "manifest.json"), `${JSON.stringify({ shape: shape.description, reports }, null, 2)}\n`);
  console.log(`${shape.folder}: ${shape.fixtures.length} reports`);
}
