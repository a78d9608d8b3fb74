import fs from "node:fs";
import path from "node:path";
import { withUnifiedIdeographs } from "../../src/documents/cjk-radicals";
import { layoutPdfText, type PdfItem } from "../../src/documents/pdf-text";
import { parseReport } from "../../src/parse";

/** A text item of `str`, 10 points high and 10 wide per character, with its top-left corner at (x, y). */
function item(str: string, x: number, y: number): PdfItem {
  return { str, x, y, width: 10 * str.length, height: 10 };
}

describe("CJK Radicals Supplement characters read as the ideographs they stand for", () => {
  it("replaces each radical that has an equivalent unified ideograph by it, and nothing else", () => {
    expect(withUnifiedIdeographs("淮安市人⺠政府 部⻔ ⻓期 意⻅ ⻚ ⻢ ⻋ ⻛ ⻜ ⻰ ⻥ ⻦ ⻩ ⻬")).toBe(
      "淮安市人民政府 部门 长期 意见 页 马 车 风 飞 龙 鱼 鸟 黄 齐",
    );
    expect(withUnifiedIdeographs("⺁⺅⺌⺍⻌⻍⻎⻑⻒⺟⻳")).toBe("厂亻小小辶辶辶長镸母龟");
  });

  it("maps a radical whose ideograph is outside the Basic Multilingual Plane to that one code point", () => {
    expect([...withUnifiedIdeographs("⺮")].map((character) => character.codePointAt(0))).toEqual([0x25ad7]);
  });

  it("leaves U+2E80 (no equivalent), unassigned code points of the block, Kangxi radicals and other text alone", () => {
    expect(withUnifiedIdeographs("\u2E80\u2E9A\u2EF4 ⼈⺠ 民 abc 12")).toBe("\u2E80\u2E9A\u2EF4 ⼈民 民 abc 12");
  });

  it("is applied to a PDF's text items before layout, each character still at its box", () => {
    const layout = layoutPdfText([{ page: 1, width: 595, height: 842, items: [item("淮安市人⺠政府", 100, 100)] }]);
    expect([layout.text, layout.pieces]).toEqual(["淮安市人民政府", [[{ start: 0, end: 7, page: 1, bbox: [100, 100, 170, 110] }]]]);
  });

  it("lets the parser read a report whose PDF carries 民, 门, 长 and 见 as radicals as it reads the report printed with the ideographs", () => {
    const lines = fs.readFileSync(path.join(__dirname, "..", "fixtures", "corpus", "huaian-city-2024.txt"), "utf8").split("\n");
    const asRadicals = (line: string) => line.replace(/民/g, "⺠").replace(/门/g, "⻔").replace(/长/g, "⻓").replace(/见/g, "⻅");
    expect(lines.filter((line) => asRadicals(line) !== line)).toHaveLength(8);
    const pdfOf = (text: (line: string) => string) =>
      layoutPdfText(
        Array.from({ length: Math.ceil(lines.length / 40) }, (_, index) => ({
          page: index + 1,
          width: 595,
          height: 842,
          items: lines.slice(index * 40, index * 40 + 40).flatMap((line, at) => (line.trim() === "" ? [] : [item(text(line), 50, 20 * at)])),
        })),
      ).text;
    const [printed, withRadicals] = [pdfOf((line) => line), pdfOf(asRadicals)];
    expect(withRadicals).toBe(printed);
    const report = parseReport(withRadicals, "text");
    expect(report.kind === "report" ? [report.report.agencyName, report.report.year, report.report.templateVersion] : report.reason).toEqual([
      "淮安市人民政府",
      2024,
      "TPL_2021",
    ]);
  });
});
