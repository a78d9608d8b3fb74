import { detectFormat, formatOfName, readDocument } from "../../src/documents/document-format";
import { MAX_DOCUMENT_BYTES } from "../../src/documents/limits";

const text = Buffer.from("某某市人民政府2024年政府信息公开工作年度报告");
const page = Buffer.from("<!DOCTYPE html><html><body><p>年度报告</p></body></html>");
const pdf = Buffer.from("%PDF-1.7\n%âãÏÓ\n");

describe("detectFormat", () => {
  it("takes the format from the file ending, case aside, and TEXT for a name it does not know", () => {
    const names = ["a.TXT", "b.md", "c.markdown", "d.htm", "e.xhtml", "f.json", "g.pdf", "h.doc", "/dir.pdf/report"];
    expect(names.map((fileName) => detectFormat({ bytes: text, fileName }))).toEqual([
      "TEXT",
      "MARKDOWN",
      "MARKDOWN",
      "HTML",
      "HTML",
      "JSON",
      "PDF",
      "TEXT",
      "TEXT",
    ]);
  });

  it("lets the PDF signature win over a declared format, a content type and a file name", () => {
    expect([
      detectFormat({ bytes: pdf, declared: "TEXT" }),
      detectFormat({ bytes: pdf, contentType: "text/html; charset=utf-8" }),
      detectFormat({ bytes: pdf, fileName: "report.json" }),
    ]).toEqual(["PDF", "PDF", "PDF"]);
  });

  it("prefers a declared format to the content type, and the content type to the file name", () => {
    expect([
      detectFormat({ bytes: text, declared: "MARKDOWN", contentType: "text/html", fileName: "a.json" }),
      detectFormat({ bytes: text, contentType: "application/json; charset=utf-8", fileName: "a.html" }),
      detectFormat({ bytes: text, contentType: "application/pdf" }),
      detectFormat({ bytes: text, contentType: "text/plain", fileName: "a.md" }),
    ]).toEqual(["MARKDOWN", "JSON", "PDF", "MARKDOWN"]);
  });

  it("reads an HTML page from its first bytes only when nothing else names a format", () => {
    expect([
      detectFormat({ bytes: page }),
      detectFormat({ bytes: page, fileName: "/gov/show.aspx" }),
      detectFormat({ bytes: page, fileName: "notes.txt" }),
      detectFormat({ bytes: page, declared: "TEXT" }),
      detectFormat({ bytes: Buffer.concat([Buffer.alloc(2048, 0x20), page]) }),
    ]).toEqual(["HTML", "HTML", "TEXT", "TEXT", "TEXT"]);
  });

  it("names the format of a source file's ending, and none for other files", () => {
    expect(["x/2024.HTML", "x/2024.pdf", "x/2024.docx", "x/README"].map(formatOfName)).toEqual(["HTML", "PDF", null, null]);
  });
});

describe("readDocument on the structured JSON form", () => {
  it("answers every problem at its JSON path instead of throwing", async () => {
    const json = {
      templateVersion: "TPL_2030",
      year: 2024,
      scope: "CITY",
      cells: [
        "not a cell",
        { table: "ART20_1", row: "REGULATIONS", column: "ISSUED", value: 1, state: "DERIVED" },
        { table: "ART20_1", row: "REGULATIONS", column: "ISSUED", value: null, state: "VALUE" },
        { table: "ART20_1", row: "REGULATIONS", column: "ISSUED", value: 2, line: 0 },
      ],
      issues: [{ rule: "X9", severity: "fatal", message: "?" }],
    };
    const result = await readDocument(Buffer.from(JSON.stringify(json)), "JSON");
    expect(result.kind === "invalid" && result.problems).toEqual([
      { path: "$.templateVersion", message: 'must be TPL_2019 | TPL_2021 | LEGACY_PRE2019 | UNKNOWN, got "TPL_2030"' },
      { path: "$.scope", message: "must be one of AGENCY, GOVERNMENT_AGGREGATE" },
      { path: "$.cells[0]", message: "must be an object" },
      { path: "$.cells[1].state", message: "must be one of VALUE, BLANK, NA_MARK, ILLEGIBLE, UNCERTAIN, ABSENT" },
      { path: "$.cells[2].value", message: "must be a number when the state is VALUE" },
      { path: "$.cells[3].line", message: "must be a whole number from 1 to 2147483647, or null" },
      { path: "$.cells[2]", message: "ART20_1.REGULATIONS.ISSUED appears twice" },
      { path: "$.cells[3]", message: "ART20_1.REGULATIONS.ISSUED appears twice" },
      { path: "$.issues[0].severity", message: 'must be error, warning or info, got "fatal"' },
    ]);
  });

  it("says in one line what is wrong, listing ten problems and counting the rest", async () => {
    const cells = Array.from({ length: 12 }, (_, index) => ({ table: "ART20_1", row: `ROW_${index}`, column: "ISSUED", value: 1 }));
    const result = await readDocument(Buffer.from(JSON.stringify({ templateVersion: "TPL_2021", year: 2024, cells })), "JSON");
    expect(result.kind === "invalid" && [result.problems.length, result.reason.split("; ").length, result.reason.slice(-12)]).toEqual([12, 11, "; and 2 more"]);
    expect(
      result.kind === "invalid" &&
        result.reason.startsWith("not a structured report: $.cells[0]: ART20_1.ROW_0.ISSUED is not a printed cell of the template; "),
    ).toBe(true);
  });

  it("names a value it will not walk by its kind, so a deeply nested one cannot exhaust the stack", async () => {
    const deep = `{"templateVersion":${"[".repeat(100_000)}${"]".repeat(100_000)},"year":2024,"cells":[]}`;
    const result = await readDocument(Buffer.from(deep), "JSON");
    expect(result.kind === "invalid" && result.problems).toEqual([
      { path: "$.templateVersion", message: "must be TPL_2019 | TPL_2021 | LEGACY_PRE2019 | UNKNOWN, got a list" },
    ]);
  });

  it("refuses text that is not JSON at $, and JSON over the size limit as unreadable", async () => {
    const broken = await readDocument(Buffer.from("{ nope"), "JSON");
    expect(broken.kind === "invalid" && broken.problems.map((problem) => problem.path)).toEqual(["$"]);
    expect(await readDocument(Buffer.alloc(MAX_DOCUMENT_BYTES + 1, 0x20), "JSON")).toEqual({
      kind: "unreadable",
      reason: `the document has ${MAX_DOCUMENT_BYTES + 1} bytes, more than the 25 MiB (${MAX_DOCUMENT_BYTES} bytes) a document may have`,
    });
  });
});
