import path from "node:path";
import { fixtureAccuracy, type DocumentAccuracy } from "../src/accuracy/fixture-accuracy";

/**
 * `npm run accuracy`: scores the parser on every fixture with hand-checked values (each folder's manifest.json under
 * tests/fixtures) and prints, per document and per shape, the cells exact / flagged / wrong, whether the template
 * version and year came out right, and whether each non-report was refused. Exits 1 when any value is served wrong,
 * any version or year is wrong, or a non-report is accepted. `--json` prints the results as JSON instead.
 */
const FIXTURES = path.join(__dirname, "..", "..", "tests", "fixtures");

interface Totals {
  documents: number;
  exact: number;
  flagged: number;
  wrong: number;
  /** Reports whose template version and year both came out right. */
  identified: number;
  nonReports: number;
  refused: number;
}

const empty = (): Totals => ({ documents: 0, exact: 0, flagged: 0, wrong: 0, identified: 0, nonReports: 0, refused: 0 });

function add(totals: Totals, result: DocumentAccuracy): void {
  totals.documents += 1;
  if (result.kind === "not-a-report") {
    totals.nonReports += 1;
    if (result.refused) totals.refused += 1;
    return;
  }
  totals.exact += result.score.exact;
  totals.flagged += result.score.flagged;
  totals.wrong += result.score.wrong;
  if (result.score.versionRight && result.score.yearRight) totals.identified += 1;
}

const percent = (part: number, whole: number) => (whole === 0 ? "—" : `${((100 * part) / whole).toFixed(1)}%`);

function documentRow(result: DocumentAccuracy): string {
  const name = `${result.folder}/${result.file}`;
  if (result.kind === "not-a-report") return `| ${name} | not a report | ${result.refused ? "refused" : "**accepted**"} | | | | |`;
  const { exact, flagged, wrong, versionRight, yearRight, refusal } = result.score;
  const cells = exact + flagged + wrong;
  const verdict = refusal ? `**refused**: ${refusal}` : `${versionRight ? "version ✓" : "**version ✗**"} ${yearRight ? "year ✓" : "**year ✗**"}`;
  return `| ${name} | ${cells} | ${verdict} | ${exact} | ${flagged} | ${wrong} | ${percent(exact, cells)} |`;
}

function shapeRow(shape: string, totals: Totals): string {
  const cells = totals.exact + totals.flagged + totals.wrong;
  const reports = totals.documents - totals.nonReports;
  const right = `${totals.identified}/${reports}`;
  const refusals = totals.nonReports > 0 ? `${totals.refused}/${totals.nonReports}` : "—";
  return `| ${shape} | ${totals.documents} | ${right} | ${refusals} | ${totals.exact} | ${totals.flagged} | ${totals.wrong} | ${percent(totals.exact, cells)} | ${percent(totals.exact + totals.flagged, cells)} |`;
}

async function main(): Promise<void> {
  const results = await fixtureAccuracy(FIXTURES);
  if (process.argv.includes("--json")) {
    console.log(JSON.stringify(results, null, 2));
  } else {
    console.log("| document | cells | version and year | exact | flagged | wrong | exact % |");
    console.log("| --- | ---: | --- | ---: | ---: | ---: | ---: |");
    for (const result of results) console.log(documentRow(result));
    const shapes = new Map<string, Totals>();
    const overall = empty();
    for (const result of results) {
      const key = `${result.folder}: ${result.shape}`;
      if (!shapes.has(key)) shapes.set(key, empty());
      add(shapes.get(key)!, result);
      add(overall, result);
    }
    console.log("");
    console.log("| shape | documents | version and year right | non-reports refused | exact | flagged | wrong | exact % | exact or flagged % |");
    console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (const [shape, totals] of shapes) console.log(shapeRow(shape, totals));
    console.log(shapeRow("**all**", overall));
    for (const result of results) {
      if (result.kind === "report") {
        for (const cell of result.score.wrongCells)
          console.log(`wrong: ${result.folder}/${result.file} ${cell.code}: expected ${cell.expected}, served ${cell.served} (${cell.state})`);
      }
    }
  }
  const failed = results.some((result) =>
    result.kind === "not-a-report" ? !result.refused : result.score.wrong > 0 || !result.score.versionRight || !result.score.yearRight,
  );
  process.exitCode = failed ? 1 : 0;
}

void main();
