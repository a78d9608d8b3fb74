import { parse, type DefaultTreeAdapterMap } from "parse5";

type Node = DefaultTreeAdapterMap["node"];
type Element = DefaultTreeAdapterMap["element"];

/**
 * Renders an HTML page as the text the parser reads: the page <title> first, block elements on lines of their own,
 * and every table row (<tr>) as one pipe row "| cell | cell |", so that an empty cell keeps its position (a page
 * that prints zeros as empty cells, domain spec §8 M7). Rowspan and colspan need no expansion: the parser anchors
 * rows on their labels and reads values in order. Scripts, styles and forms are dropped.
 */
const SKIPPED = new Set(["script", "style", "noscript", "template", "head", "iframe", "svg", "select", "button", "form"]);
const BLOCKS = new Set([
  "address", "article", "aside", "blockquote", "br", "caption", "dd", "div", "dl", "dt", "figcaption", "figure",
  "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
  "table", "tbody", "thead", "tfoot", "ul",
]);

function isElement(node: Node): node is Element {
  return "tagName" in node;
}

function textOf(node: Node): string {
  if (node.nodeName === "#text") return (node as DefaultTreeAdapterMap["textNode"]).value;
  if (!isElement(node) || SKIPPED.has(node.tagName)) return "";
  return node.childNodes.map(textOf).join(node.tagName === "br" ? " " : "");
}

function cellText(cell: Element): string {
  return cell.childNodes.map((child) => (isElement(child) && BLOCKS.has(child.tagName) ? ` ${textOf(child)} ` : textOf(child))).join("").replace(/\s+/g, " ").trim();
}

/** Where a rendered pipe row came from: the table's and the row's 0-based position in the document. */
export interface HtmlRowOrigin {
  readonly table: number;
  readonly row: number;
}

interface RenderState {
  readonly lines: string[];
  readonly current: string[];
  /** Rendered line index → the table row it came from. */
  readonly rows: Map<number, HtmlRowOrigin>;
  tables: number;
  rowInTable: number[];
}

function flush(state: RenderState): void {
  const line = state.current.join("").replace(/[ \t\u00A0]+/g, " ").trim();
  if (line !== "") state.lines.push(line);
  state.current.length = 0;
}

function render(node: Node, state: RenderState): void {
  if (node.nodeName === "#text") {
    state.current.push((node as DefaultTreeAdapterMap["textNode"]).value);
    return;
  }
  if (!isElement(node) && node.nodeName !== "#document") return;
  const tag = isElement(node) ? node.tagName : "";
  if (SKIPPED.has(tag)) return;
  if (tag === "tr") {
    flush(state);
    const cells = (node as Element).childNodes.filter((child): child is Element => isElement(child) && (child.tagName === "td" || child.tagName === "th"));
    const table = state.rowInTable.length - 1;
    state.rows.set(state.lines.length, { table: Math.max(state.tables - 1, 0), row: table >= 0 ? state.rowInTable[table]++ : 0 });
    state.lines.push(`| ${cells.map(cellText).join(" | ")} |`);
    return;
  }
  if (tag === "table") {
    state.tables += 1;
    state.rowInTable.push(0);
  }
  if (BLOCKS.has(tag)) flush(state);
  for (const child of (node as Element).childNodes ?? []) render(child, state);
  if (BLOCKS.has(tag)) flush(state);
  if (tag === "table") state.rowInTable.pop();
}

function findTitle(node: Node): string | null {
  if (isElement(node) && node.tagName === "title") return textOf(node).replace(/\s+/g, " ").trim() || null;
  for (const child of (node as Element).childNodes ?? []) {
    const title = findTitle(child);
    if (title) return title;
  }
  return null;
}

/** Whether a text looks like an HTML document rather than plain text that mentions a tag. */
export function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 2000).toLowerCase();
  return /<!doctype html|<html[\s>]|<body[\s>]/.test(head) || (text.match(/<\/(?:td|tr|p|div)>/gi)?.length ?? 0) > 20;
}

/** An HTML document rendered for the parser, with where each table row came from (by 1-based line). */
export interface RenderedHtml {
  readonly text: string;
  readonly rows: ReadonlyMap<number, HtmlRowOrigin>;
}

/** Renders an HTML document for the parser. */
export function renderHtml(html: string): RenderedHtml {
  const document = parse(html);
  const state: RenderState = { lines: [], current: [], rows: new Map(), tables: 0, rowInTable: [] };
  const title = findTitle(document);
  if (title) state.lines.push(title);
  render(document, state);
  flush(state);
  return { text: state.lines.join("\n"), rows: new Map([...state.rows].map(([index, origin]) => [index + 1, origin])) };
}

/** The parser's text for an HTML document. */
export function htmlToText(html: string): string {
  return renderHtml(html).text;
}
