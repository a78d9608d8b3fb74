import { In, type EntityManager } from "typeorm";
import { cellCode, fromCellRecord, recordCellCode, type Cell, type CellCode } from "../domain/cell";
import { cellNumber } from "../domain/cell-value";
import type { ReportScope, TableCode, TemplateVersion } from "../domain/codes";
import { getTable } from "../domain/template-catalog";
import { PROACTIVE_TABLES } from "../domain/template-parts";
import { isMoneyKind } from "../domain/units";
import { Report, ReportCell, ReportSection, ValidationIssue } from "../entities";
import type { ParseIssue, ParsedReport } from "../parse";
import { findPhrases, phrasePattern, type NarrativeFact } from "../parse/narrative";
import { gluedRowIssue, type GluedRow } from "../parse/proactive-tables";
import { createSourceText, type SourceText } from "../parse/source-text";
import { continuityEquations, describeEquation, equationHolds, type EquationCell } from "./continuity";
import { issueRow } from "./issue-rows";
import { fitsCellColumn } from "./value-range";

/**
 * Evidence from outside a row's text, deciding among the readings the text allows (cell.ts, CellAlternatives).
 * A row read several ways (glued digits) is settled whole, by one reading, never cell by cell: its cells come from one
 * split. The evidence:
 *   - the cross-year rules X2 and X3 (continuity.ts, the same definitions the warnings use) against the same agency's
 *     report of the year before, and of the year after when it is stored, when both reports count the same scope and
 *     their template version was read from the text, the same in both (a version only guessed says nothing of the
 *     columns the rule pairs);
 *   - the report's own overview, confirming a reading only where it is plainest: a fact naming exactly one cell of
 *     the row, a count, in the words of the row's own label (行政规范性文件 for 2021's ADMIN_NORMATIVE_DOCS, never the
 *     bare 规范性文件, which also counts other documents), stated as a total wherever the overview states it (never in a
 *     clause opened by 其中 / 含 / 包括 or in a bracket, never qualified by a bracket right after it). The overview is
 *     soft evidence (T1: it may count another scope), so it is only taken where nothing qualifies it.
 * Every piece of evidence that bears on the row keeps the readings it fits; when exactly one reading fits them all,
 * the row's cells become VALUE with `decidedBy` naming the evidence that ruled the others out, and an info issue
 * EVIDENCE_DECIDED names the cells, the evidence and the rejected readings, in place of the row's PARSE_AMBIGUOUS
 * warning. Otherwise the row stays as the parser left it: UNCERTAIN, with its PARSE_AMBIGUOUS warning. The parser's
 * reading stays recorded either way (raw text, candidates, readings), so a decision is never a silent change, and it
 * is remade from scratch whenever its evidence may have changed.
 *
 * Only cells the text read for certain serve as evidence (VALUE or BLANK, never decided themselves), so a decision
 * never rests on another decision and none can go round in a circle. Only section 二 rows are decided: their cells
 * take part in no in-report rule but R5, which every reading keeps (the parser's splits of glued digits, and a
 * structured report's readings, checked when it is read), so a decision leaves R1–R5 and the derived cells as they
 * were.
 */

export const EVIDENCE_DECIDED = "EVIDENCE_DECIDED";
/** The rules of the issues this file writes. */
export const EVIDENCE_RULES = [EVIDENCE_DECIDED] as const;

/** The warning of a row read several ways (proactive-tables.ts), which a decision replaces. */
const AMBIGUOUS = "PARSE_AMBIGUOUS";
/** The warning of a report whose template version no label told apart: the version was guessed (parse-report.ts). */
const VERSION_GUESSED = "PARSE_TEMPLATE_UNKNOWN";

const PROACTIVE_CODES: readonly TableCode[] = PROACTIVE_TABLES.map((table) => table.code);

/**
 * A report as evidence and as the holder of rows to decide: its year, template (and whether it was guessed), scope,
 * section 二 cells, overview facts and the overview's text.
 */
interface ReportEvidence {
  readonly year: number;
  readonly version: TemplateVersion;
  readonly versionGuessed: boolean;
  readonly scope: ReportScope;
  readonly cells: readonly Cell[];
  readonly narrative: readonly NarrativeFact[];
  readonly overview: string | null;
}

/** A row the text reads several ways: its cells, and its readings (reading k: one value per cell, in cell order). */
interface OpenRow {
  readonly cells: readonly Cell[];
  readonly readings: ReadonlyArray<readonly number[]>;
}

/** What one piece of evidence says of a row: its label (`X3:2019`), what it states, and which readings it fits. */
interface Finding {
  readonly label: string;
  readonly detail: string;
  readonly fits: readonly boolean[];
}

/** A row's reading chosen by evidence, and the findings that ruled the other readings out. */
interface Decision {
  readonly reading: number;
  readonly findings: readonly Finding[];
}

/** A row settled: its cells as they now stand, and its issue (EVIDENCE_DECIDED, or PARSE_AMBIGUOUS when undecided). */
interface SettledRow {
  readonly cells: readonly Cell[];
  readonly issue: ParseIssue;
}

/** Whether a cell may be decided: read several ways by the parser, and either still open or decided by evidence. */
function isOpen(cell: Cell, count: number): boolean {
  return cell.readings?.length === count && (cell.state === "UNCERTAIN" || (cell.state === "VALUE" && cell.decidedBy !== undefined));
}

/** Where a column sits in its table: a row's cells are listed in the template's order, however they were stored. */
const columnPosition = (cell: Cell): number => getTable(cell.table).columns.findIndex((column) => column.code === cell.column);

/** The section 二 rows of `cells` whose every cell lists the same number (two or more) of readings. */
function openRows(cells: readonly Cell[]): OpenRow[] {
  const rows = new Map<string, Cell[]>();
  for (const cell of cells) {
    if (!PROACTIVE_CODES.includes(cell.table)) continue;
    const key = `${cell.table}.${cell.row}`;
    rows.set(key, [...(rows.get(key) ?? []), cell]);
  }
  return [...rows.values()].flatMap((unordered) => {
    const row = [...unordered].sort((a, b) => columnPosition(a) - columnPosition(b));
    const count = row[0].readings?.length ?? 0;
    if (count < 2 || !row.every((cell) => isOpen(cell, count))) return [];
    return [{ cells: row, readings: Array.from({ length: count }, (_, reading) => row.map((cell) => cell.readings![reading])) }];
  });
}

/** The number a cell gives as evidence: a value the text read for certain (a BLANK counting as 0), else null. */
function certainNumber(cell: Cell | undefined): number | null {
  if (!cell || cell.decidedBy !== undefined || (cell.state !== "VALUE" && cell.state !== "BLANK")) return null;
  return cellNumber(cell);
}

const byCode = (cells: readonly Cell[]): ReadonlyMap<CellCode, Cell> => new Map(cells.map((cell) => [cellCode(cell), cell]));

/**
 * Whether two reports of an agency may be compared by X2/X3: the same scope (a government's aggregate and one organ's
 * report count different documents), and the same template version, read from the text in both.
 */
function comparable(report: ReportEvidence, other: ReportEvidence): boolean {
  return report.scope === other.scope && report.version === other.version && !report.versionGuessed && !other.versionGuessed;
}

/**
 * What the cross-year rules say of a row of `report`, with `other` the report of the year before (`report` then
 * checked against it) or of the year after (checked against `report`). An equation counts when it takes in a cell
 * of the row and every other cell it takes in has a certain number.
 */
function yearFindings(row: OpenRow, report: ReportEvidence, other: ReportEvidence | undefined): Finding[] {
  if (!other || !comparable(report, other)) return [];
  const reportIsLater = other.year < report.year;
  const [later, earlier] = reportIsLater ? [report, other] : [other, report];
  const side: EquationCell["year"] = reportIsLater ? "SAME" : "PREVIOUS";
  const position = new Map(row.cells.map((cell, index) => [cellCode(cell), index]));
  const laterCells = byCode(later.cells);
  const earlierCells = byCode(earlier.cells);
  const inRow = (cell: EquationCell) => cell.year === side && position.has(cell.code);
  const stored = (cell: EquationCell) => (cell.year === "SAME" ? laterCells : earlierCells).get(cell.code);
  const rowKey = `${row.cells[0].table}.${row.cells[0].row}.`;
  const spell = (cell: EquationCell, year: number) => {
    const name = `${cell.code.startsWith(rowKey) ? cell.code.slice(rowKey.length) : cell.code} ${year}`;
    return inRow(cell) ? name : `${name} (${certainNumber(stored(cell))})`;
  };
  return continuityEquations(later.cells, later.version, earlier.version).flatMap((equation) => {
    if (![equation.checked, ...equation.terms].some(inRow)) return [];
    const fits = row.readings.map((reading) =>
      equationHolds(equation, (cell) => (inRow(cell) ? reading[position.get(cell.code)!] : certainNumber(stored(cell)))),
    );
    if (fits.some((fit) => fit === null)) return [];
    return [{ label: `${equation.rule.id}:${other.year}`, detail: describeEquation(equation, later.year, spell), fits: fits as boolean[] }];
  });
}

/**
 * Whether the words of a fact name the cell's row by its own label and no other: of the labels of the table's rows
 * (every version's), the phrase holds the row's, and only labels the row's own contains (行政规范性文件 holds 规范性文件).
 */
function namesOnlyItsRow(fact: NarrativeFact, cell: Cell): boolean {
  const rows = getTable(cell.table).rows;
  const own = rows.find((row) => row.code === cell.row)!.labelZh;
  const named = rows.map((row) => row.labelZh).filter((label) => fact.text.includes(label));
  return named.includes(own) && named.every((label) => own.includes(label));
}

/** A fact's phrase: its words, its number as printed, and its unit. */
const FACT_PHRASE = /^(?<words>\D+)(?<n>[\d,]+)(?<u>\D+)$/u;
const escapePattern = (text: string): string => text.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");

/**
 * Whether the overview states the fact's phrase as a plain total wherever it prints it: never a part (a clause opened
 * by 其中 / 含 / 包括, a bracket opened so; narrative.ts's own test of a part), never followed by a bracket that
 * qualifies it (10件(含党内规范性文件7件)).
 */
function isPlainTotal(fact: NarrativeFact, overview: SourceText | null): boolean {
  const phrase = FACT_PHRASE.exec(fact.text)?.groups;
  if (!overview || !phrase) return false;
  const source = `${escapePattern(phrase.words)}(?<n>${escapePattern(phrase.n)})(?<u>${escapePattern(phrase.u)})`;
  const span = { start: 0, end: overview.text.length };
  const printed = findPhrases(overview, span, [phrasePattern("FACT", source)]);
  const totals = findPhrases(overview, span, [phrasePattern("FACT", `${source}(?!\\()`, true)]);
  return printed.length > 0 && totals.length === printed.length;
}

/** What the overview says of a row: each fact that may confirm one of its readings (see the head of this file). */
function narrativeFindings(row: OpenRow, facts: readonly NarrativeFact[], overview: () => SourceText | null): Finding[] {
  return facts.flatMap((fact) => {
    const index = fact.cells.length === 1 ? row.cells.findIndex((cell) => cellCode(cell) === fact.cells[0]) : -1;
    if (index < 0) return [];
    const cell = row.cells[index];
    if (isMoneyKind(getTable(cell.table).cellKind(cell.row, cell.column)) || !namesOnlyItsRow(fact, cell) || !isPlainTotal(fact, overview())) return [];
    return [
      { label: `NARRATIVE:line ${fact.line}`, detail: `the overview says "${fact.text}"`, fits: row.readings.map((reading) => reading[index] === fact.value) },
    ];
  });
}

/**
 * The one reading every finding fits, with the findings that ruled others out; null when none or several fit, or
 * when the one that fits has a value no cell holds (it could not be stored, and it is no reading of a real table).
 */
function decide(row: OpenRow, findings: readonly Finding[]): Decision | null {
  if (findings.length === 0) return null;
  const fitting = row.readings.flatMap((_, reading) => (findings.every((finding) => finding.fits[reading]) ? [reading] : []));
  if (fitting.length !== 1 || !row.readings[fitting[0]].every(fitsCellColumn)) return null;
  return { reading: fitting[0], findings: findings.filter((finding) => finding.fits.some((fit) => !fit)) };
}

/** How many rejected readings an issue lists before it only counts the rest. */
const LISTED_READINGS = 8;

function decidedIssue(row: OpenRow, decision: Decision): ParseIssue {
  const [first] = row.cells;
  const show = (reading: readonly number[]) => reading.join(" | ");
  const chosen = row.readings[decision.reading];
  const kept = decision.reading === 0 ? "the parser's own reading" : `the parser kept ${show(row.readings[0])}`;
  const rejected = row.readings.filter((_, reading) => reading !== decision.reading);
  const more = rejected.length > LISTED_READINGS ? `; and ${rejected.length - LISTED_READINGS} more` : "";
  const evidence = decision.findings.map((finding) => `${finding.label} (${finding.detail})`).join(" and ");
  return {
    rule: EVIDENCE_DECIDED,
    severity: "info",
    message:
      `${first.table}.${first.row} (${row.cells.map((cell) => cell.column).join(" | ")}) is read as ${show(chosen)} (${kept}), the only one of its ` +
      `${row.readings.length} readings that fits ${evidence}; rejected: ${rejected.slice(0, LISTED_READINGS).map(show).join("; ")}${more}`,
    cells: row.cells.map(cellCode),
    line: first.line ?? undefined,
  };
}

/** An open row as the parser describes it in its PARSE_AMBIGUOUS warning: its cells keep the glued text as printed. */
function gluedRowOf(row: OpenRow): GluedRow {
  const [first] = row.cells;
  const table = getTable(first.table);
  return {
    table,
    row: table.rows.find((definition) => definition.code === first.row)!,
    cells: row.cells.map(cellCode),
    printed: [...new Set(row.cells.map((cell) => cell.raw ?? ""))].join(" "),
    readings: row.readings.length,
    line: first.line,
  };
}

/** A row's cells under a decision, or back to the parser's reading (UNCERTAIN, with its warning) when there is none. */
function settleRow(row: OpenRow, decision: Decision | null): SettledRow {
  if (!decision) {
    return {
      cells: row.cells.map((cell, index) => ({ ...cell, value: row.readings[0][index], state: "UNCERTAIN", decidedBy: undefined })),
      issue: gluedRowIssue(gluedRowOf(row)),
    };
  }
  const decidedBy = decision.findings.map((finding) => finding.label).join(", ");
  return {
    cells: row.cells.map((cell, index) => ({ ...cell, value: row.readings[decision.reading][index], state: "VALUE", decidedBy })),
    issue: decidedIssue(row, decision),
  };
}

/** Every open row of `report` settled on the evidence of its overview and of the reports of the years around it. */
function settleReport(report: ReportEvidence, previous: ReportEvidence | undefined, next: ReportEvidence | undefined): SettledRow[] {
  let overview: SourceText | null | undefined;
  const overviewText = () => (overview ??= report.overview === null ? null : createSourceText(report.overview));
  return openRows(report.cells).map((row) =>
    settleRow(
      row,
      decide(row, [...yearFindings(row, report, previous), ...yearFindings(row, report, next), ...narrativeFindings(row, report.narrative, overviewText)]),
    ),
  );
}

/** Whether an issue is the one a settled row carries: a row warning or decision on exactly the row's cells. */
function isIssueOf(rule: string, cells: readonly string[], row: SettledRow): boolean {
  return (rule === AMBIGUOUS || rule === EVIDENCE_DECIDED) && cells.length === row.cells.length && row.cells.every((cell) => cells.includes(cellCode(cell)));
}

/**
 * A report's issues with each settled row's issue in place of the row's PARSE_AMBIGUOUS warning (where the parser
 * listed it), and after the others for a row that had none.
 */
function withRowIssues(issues: readonly ParseIssue[], settled: readonly SettledRow[]): ParseIssue[] {
  const placed = new Set<SettledRow>();
  const kept = issues.flatMap((issue) => {
    const row = settled.find((candidate) => isIssueOf(issue.rule, issue.cells, candidate));
    if (!row) return [issue];
    if (placed.has(row)) return [];
    placed.add(row);
    return [row.issue];
  });
  return [...kept, ...settled.filter((row) => !placed.has(row)).map((row) => row.issue)];
}

/** A stored report as evidence: its section 二 cells and its overview's facts. */
interface StoredEvidence extends ReportEvidence {
  readonly id: number;
  readonly records: ReadonlyMap<CellCode, ReportCell>;
}

/**
 * Takes the write lock on an agency's row. Every writer of an agency's reports takes it first, before it reads any of
 * them (ingest, reparse, deletion): a report is its neighbours' evidence and re-decides them, so two writers of one
 * agency's reports take turns, each reading what the other committed. SQLite serialises writers already.
 */
export async function lockAgency(manager: EntityManager, agencyId: number): Promise<void> {
  if (manager.connection.options.type === "better-sqlite3") return;
  await manager.query("SELECT id FROM agency WHERE id = ? FOR UPDATE", [agencyId]);
}

/** The agency's stored reports of `years` with their section 二 cells and overviews, by year. The agency is locked. */
async function loadEvidence(manager: EntityManager, agencyId: number, years: readonly number[]): Promise<Map<number, StoredEvidence>> {
  const reports = await manager.find(Report, { where: { agencyId, year: In([...new Set(years)]) } });
  if (reports.length === 0) return new Map();
  const ids = In(reports.map((report) => report.id));
  const records = await manager.find(ReportCell, { where: { reportId: ids, tableCode: In([...PROACTIVE_CODES]) } });
  const overviews = await manager.find(ReportSection, { where: { reportId: ids, sectionCode: "S1_OVERVIEW" } });
  const guessed = new Set(
    (await manager.find(ValidationIssue, { select: { reportId: true }, where: { reportId: ids, rule: VERSION_GUESSED } })).map((issue) => issue.reportId),
  );
  return new Map(
    reports.map((report) => {
      const own = records.filter((record) => record.reportId === report.id);
      const evidence: StoredEvidence = {
        id: report.id,
        year: report.year,
        version: report.templateVersion,
        versionGuessed: guessed.has(report.id),
        scope: report.scope,
        cells: own.map(fromCellRecord),
        narrative: report.narrativeFacts ?? [],
        overview: overviews.find((section) => section.reportId === report.id)?.body ?? null,
        records: new Map(own.map((record) => [recordCellCode(record), record])),
      };
      return [report.year, evidence];
    }),
  );
}

/** Who a report is as evidence: its agency, year and the scope it is stored with. */
export interface ReportIdentity {
  readonly agencyId: number;
  readonly year: number;
  readonly scope: ReportScope;
}

/**
 * The report with its open section 二 rows decided on the evidence of its overview and of the same agency's stored
 * reports of the year before and after, each row's PARSE_AMBIGUOUS warning replaced by its EVIDENCE_DECIDED issue
 * when it is decided (an issue of that rule the source itself listed is dropped: only evidence makes one). Reads
 * only; runs in the caller's transaction, after `lockAgency`.
 */
export async function decideOpenRows(manager: EntityManager, identity: ReportIdentity, parsed: ParsedReport): Promise<ParsedReport> {
  const issues = parsed.issues.filter((issue) => issue.rule !== EVIDENCE_DECIDED);
  if (openRows(parsed.cells).length === 0) return issues.length === parsed.issues.length ? parsed : { ...parsed, issues };
  const { agencyId, year, scope } = identity;
  const stored = await loadEvidence(manager, agencyId, [year - 1, year + 1]);
  const report: ReportEvidence = {
    year,
    version: parsed.templateVersion,
    versionGuessed: parsed.issues.some((issue) => issue.rule === VERSION_GUESSED),
    scope,
    cells: parsed.cells,
    narrative: parsed.narrative ?? [],
    overview: parsed.sections.S1_OVERVIEW ?? null,
  };
  const settled = settleReport(report, stored.get(year - 1), stored.get(year + 1));
  const cells = byCode(settled.flatMap((row) => row.cells));
  return { ...parsed, cells: parsed.cells.map((cell) => cells.get(cellCode(cell)) ?? cell), issues: withRowIssues(issues, settled) };
}

/** The years among `years` whose stored report of the agency has a cell that lists readings. */
async function yearsWithOpenCells(manager: EntityManager, agencyId: number, years: readonly number[]): Promise<number[]> {
  const rows = (await manager.query(
    `SELECT DISTINCT r.year AS year FROM report r JOIN report_cell c ON c.report_id = r.id
      WHERE r.agency_id = ? AND r.year IN (${years.map(() => "?").join(", ")}) AND c.row_readings IS NOT NULL`,
    [agencyId, ...years],
  )) as Array<{ year: number | string }>;
  return rows.map((row) => Number(row.year));
}

/** Whether a stored cell already stands as settled. */
function isStoredAs(record: ReportCell, cell: Cell): boolean {
  return record.value === cell.value && record.valueState === cell.state && record.decidedBy === (cell.decidedBy ?? null);
}

/** An issue row as compared for a rewrite: everything stored but its ids. */
const issueKey = (issue: ReturnType<typeof issueRow>): string => JSON.stringify([issue.rule, issue.severity, issue.message, issue.cellCodes, issue.line]);

/**
 * Writes a stored report's settled rows: the cells that changed, and the rows' issues (each row's EVIDENCE_DECIDED or
 * PARSE_AMBIGUOUS) when they changed. Answers whether anything was written.
 */
async function storeSettled(manager: EntityManager, report: StoredEvidence, settled: readonly SettledRow[]): Promise<boolean> {
  let changed = false;
  for (const cell of settled.flatMap((row) => row.cells)) {
    const record = report.records.get(cellCode(cell))!;
    if (isStoredAs(record, cell)) continue;
    await manager.update(ReportCell, { id: record.id }, { value: cell.value, valueState: cell.state, decidedBy: cell.decidedBy ?? null });
    changed = true;
  }
  const ofRule = await manager.find(ValidationIssue, { where: { reportId: report.id, rule: In([AMBIGUOUS, EVIDENCE_DECIDED]) } });
  const stale = ofRule.filter((issue) => issue.rule === EVIDENCE_DECIDED || settled.some((row) => isIssueOf(issue.rule, issue.cellCodes, row)));
  const rows = settled.map((row) => issueRow(report.id, row.issue));
  const storedKeys = stale.map(issueKey).sort();
  const wantedKeys = rows.map(issueKey).sort();
  if (storedKeys.length === wantedKeys.length && storedKeys.every((key, index) => key === wantedKeys[index])) return changed;
  // Deleted by primary key, as continuity.ts does: a range DELETE would take gap locks.
  if (stale.length > 0)
    await manager.delete(
      ValidationIssue,
      stale.map((issue) => issue.id),
    );
  if (rows.length > 0) await manager.insert(ValidationIssue, rows);
  return true;
}

/**
 * Re-decides the open rows of the agency's reports of the year before and after `year`, whose evidence the report
 * of `year` is (it was just stored, replaced or deleted), writing the cells and row issues that change. Answers the
 * years whose report changed. Runs in the caller's transaction, after `lockAgency`.
 */
export async function redecideNeighbours(manager: EntityManager, agencyId: number, year: number): Promise<number[]> {
  const open = await yearsWithOpenCells(manager, agencyId, [year - 1, year + 1]);
  if (open.length === 0) return [];
  const stored = await loadEvidence(
    manager,
    agencyId,
    open.flatMap((neighbour) => [neighbour - 1, neighbour, neighbour + 1]),
  );
  const changed: number[] = [];
  for (const neighbour of open.sort((a, b) => a - b)) {
    const report = stored.get(neighbour)!;
    if (await storeSettled(manager, report, settleReport(report, stored.get(neighbour - 1), stored.get(neighbour + 1)))) changed.push(neighbour);
  }
  return changed;
}

/**
 * The years whose continuity (X1–X3) must be checked again after the report of `year` was written and the
 * neighbours in `redecided` changed: each against its year before, and the year after against each.
 */
export function continuityYears(year: number, redecided: readonly number[]): number[] {
  return [...new Set([year, year + 1, ...redecided.flatMap((changed) => [changed, changed + 1])])].sort((a, b) => a - b);
}
