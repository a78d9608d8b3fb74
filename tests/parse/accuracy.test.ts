import path from "node:path";
import { fixtureAccuracy, type DocumentAccuracy } from "../../src/accuracy/fixture-accuracy";
import { cellVerdict, scoreReport } from "../../src/accuracy/score-report";

const FIXTURES = path.join(__dirname, "..", "fixtures");

describe("the accuracy table over the project's fixtures", () => {
  let results: DocumentAccuracy[];
  beforeAll(async () => {
    // The scans are scored by `npm run accuracy` and read end to end in tests/documents; OCR takes minutes.
    results = await fixtureAccuracy(FIXTURES, { includeOcr: false });
  }, 120_000);

  it("serves no wrong value as certain in any fixture", () => {
    const wrong = results.flatMap((result) =>
      result.kind === "report" ? result.score.wrongCells.map((cell) => `${result.folder}/${result.file} ${cell.code}`) : [],
    );
    expect(wrong).toEqual([]);
  });

  it("reads every report's template version and year right", () => {
    const misread = results.filter((result) => result.kind === "report" && !(result.score.versionRight && result.score.yearRight)).map((result) => result.file);
    expect(misread).toEqual([]);
  });

  it("refuses every non-report", () => {
    expect(results.filter((result) => result.kind === "not-a-report" && !result.refused).map((result) => result.file)).toEqual([]);
  });

  it("scores each corpus text as published", () => {
    const corpus = results.filter((result) => result.folder === "corpus" && result.kind === "report");
    expect(corpus.map((result) => (result.kind === "report" ? [result.file, result.score.exact, result.score.flagged] : []))).toEqual([
      ["chuanhui-2020.txt", 198, 0],
      ["hongze-district-2023.txt", 186, 0],
      ["hongze-district-2024.txt", 186, 0],
      ["huaian-city-2024.txt", 190, 10],
      ["pingtan-2019.txt", 179, 19],
    ]);
  });

  it("reads every cell of the printed PDFs, the split Markdown and the real PDFs exactly, and flags only what the text leaves open elsewhere", () => {
    const totals = new Map<string, [number, number]>();
    for (const result of results) {
      if (result.kind !== "report") continue;
      const [exact, flagged] = totals.get(result.folder) ?? [0, 0];
      totals.set(result.folder, [exact + result.score.exact, flagged + result.score.flagged]);
    }
    expect(Object.fromEntries(totals)).toEqual({
      corpus: [939, 29],
      html: [200, 0],
      pdf: [572, 0],
      "headings-damaged": [1308, 58],
      legacy: [62, 1],
      "markdown-garbled": [1330, 10],
      "markdown-split": [968, 0],
      "pdf-printed-web": [968, 0],
      "pdf-printed-word": [968, 0],
    });
  });
});

describe("scoring one cell", () => {
  const cell = (state: string, value: number | null) => ({
    table: "APPLICATIONS" as const,
    row: "NEW_RECEIVED",
    column: "TOTAL",
    state: state as never,
    value,
    raw: null,
    line: null,
    lineOffset: null,
  });

  it("counts a printed empty cell as 0, an unsure one as flagged and another certain value as wrong", () => {
    expect(cellVerdict(cell("BLANK", null), 0)).toBe("exact");
    expect(cellVerdict(cell("VALUE", 5), 5)).toBe("exact");
    expect(cellVerdict(cell("UNCERTAIN", 5), 5)).toBe("flagged");
    expect(cellVerdict(cell("ABSENT", null), 5)).toBe("flagged");
    expect(cellVerdict(undefined, 5)).toBe("flagged");
    expect(cellVerdict(cell("VALUE", 6), 5)).toBe("wrong");
    expect(cellVerdict(cell("NA_MARK", null), 0)).toBe("wrong");
  });

  it("scores a refused document as all flagged, with the reason", () => {
    const score = scoreReport(
      { kind: "not-a-report", reason: "no tables" },
      { year: 2024, templateVersion: "TPL_2021", cells: [{ table: "APPLICATIONS", row: "NEW_RECEIVED", column: "TOTAL", value: 3 }] },
    );
    expect(score).toEqual({ exact: 0, flagged: 1, wrong: 0, unlisted: 0, versionRight: false, yearRight: false, wrongCells: [], refusal: "no tables" });
  });
});
