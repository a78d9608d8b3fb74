import {
  defaultTreeAdapter,
  Parser,
  Tokenizer,
  type DefaultTreeAdapterMap,
  type Token,
  type TokenHandler,
  type TokenizerOptions,
  type TreeAdapter,
} from "parse5";
import { DocumentLimitError, MAX_HTML_CHARACTERS, MAX_HTML_DEPTH, MAX_HTML_ELEMENTS, MAX_HTML_PARSE_STEPS, MAX_HTML_TAG_ATTRIBUTES } from "../documents/limits";

type Node = DefaultTreeAdapterMap["node"];
type Element = DefaultTreeAdapterMap["element"];

/**
 * Renders an HTML page as the text the parser reads: the page <title> first, block elements on lines of their own,
 * and every table row (<tr>) as one pipe row "| cell | cell |", so that an empty cell keeps its position (a page
 * that prints zeros as empty cells, docs/real-text.md M7). Rowspan and colspan need no expansion: the parser anchors
 * rows on their labels and reads values in order. Scripts, styles and forms are dropped.
 *
 * A page is parsed within the bounds of documents/limits.ts (characters, elements, nesting depth, attributes per
 * tag, tree-building steps), so that no markup can take the process's memory or time, and every walk of the tree
 * is iterative, so that no nesting overflows the call stack.
 */
const SKIPPED = new Set(["script", "style", "noscript", "template", "head", "iframe", "svg", "select", "button", "form"]);
const BLOCKS = new Set([
  "address",
  "article",
  "aside",
  "blockquote",
  "br",
  "caption",
  "dd",
  "div",
  "dl",
  "dt",
  "figcaption",
  "figure",
  "footer",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hr",
  "li",
  "main",
  "nav",
  "ol",
  "p",
  "pre",
  "section",
  "table",
  "tbody",
  "thead",
  "tfoot",
  "ul",
]);

function isElement(node: Node): node is Element {
  return "tagName" in node;
}

function childrenOf(node: Node): readonly Node[] {
  return (node as Element).childNodes ?? [];
}

/** What the bounded parse has spent, and where it is in the page (for the message when a bound is reached). */
class HtmlBudget {
  private steps = 0;
  private nodes = 0;
  line: () => number = () => 1;

  private stop(code: DocumentLimitError["code"], what: string): never {
    throw new DocumentLimitError(code, `${what}; parsing stopped at line ${this.line()}`);
  }

  charge(steps: number): void {
    this.steps += steps;
    if (this.steps > MAX_HTML_PARSE_STEPS) {
      this.stop(
        "HTML_TOO_COMPLEX",
        `the HTML page needs more than ${MAX_HTML_PARSE_STEPS} steps to build its tree (deep, misnested or unclosed tags, or tags with many attributes), the limit for a page`,
      );
    }
  }

  countNode(): void {
    this.nodes += 1;
    if (this.nodes > MAX_HTML_ELEMENTS) this.stop("HTML_TOO_MANY_ELEMENTS", `the HTML page has more than ${MAX_HTML_ELEMENTS} elements, the limit for a page`);
  }

  checkDepth(depth: number): void {
    if (depth > MAX_HTML_DEPTH) this.stop("HTML_TOO_DEEP", `the HTML page nests elements more than ${MAX_HTML_DEPTH} deep, the limit for a page`);
  }

  /** An element that repeated <html> or <body> tags have added attributes to. */
  checkMergedAttributes(count: number): void {
    if (count > MAX_HTML_TAG_ATTRIBUTES) {
      this.stop(
        "HTML_TOO_MANY_ATTRIBUTES",
        `an element of the HTML page has more than ${MAX_HTML_TAG_ATTRIBUTES} attributes (from repeated <html> or <body> tags), the limit for a tag`,
      );
    }
  }

  checkAttributes(count: number): void {
    if (count >= MAX_HTML_TAG_ATTRIBUTES)
      this.stop("HTML_TOO_MANY_ATTRIBUTES", `a tag of the HTML page has more than ${MAX_HTML_TAG_ATTRIBUTES} attributes, the limit for a tag`);
    // The tokenizer compares each new attribute name with every one before it in the tag.
    this.charge(count);
  }
}

/** parse5's tokenizer with a bound on attributes per tag, whose duplicate check is quadratic in their number. */
class BoundedTokenizer extends Tokenizer {
  constructor(
    options: TokenizerOptions,
    handler: TokenHandler,
    private readonly budget: HtmlBudget,
  ) {
    super(options, handler);
  }

  protected override _leaveAttrName(): void {
    this.budget.checkAttributes((this.currentToken as Token.TagToken).attrs.length);
    super._leaveAttrName();
  }
}

/**
 * parse5's tree builder, charged per token for the open elements and active formatting elements it may walk (the
 * cost of misnested and deeply nested markup) and stopped past MAX_HTML_DEPTH. It reads parse5's stack and list
 * sizes, which parse5 (pinned in package.json) marks internal: a change there fails the deep-nesting tests.
 */
class BoundedParser extends Parser<DefaultTreeAdapterMap> {
  constructor(
    treeAdapter: TreeAdapter<DefaultTreeAdapterMap>,
    private readonly budget: HtmlBudget,
  ) {
    super({ treeAdapter });
    this.tokenizer = new BoundedTokenizer(this.options, this, budget);
    budget.line = () => this.tokenizer.preprocessor.line;
  }

  private charged(handle: () => void): void {
    this.budget.charge(1 + this.openElements.stackTop + this.activeFormattingElements.entries.length);
    handle();
    this.budget.checkDepth(this.openElements.stackTop + 1);
  }

  override onStartTag(token: Token.TagToken): void {
    this.charged(() => super.onStartTag(token));
  }

  override onEndTag(token: Token.TagToken): void {
    this.charged(() => super.onEndTag(token));
  }

  override onCharacter(token: Token.CharacterToken): void {
    this.charged(() => super.onCharacter(token));
  }

  override onWhitespaceCharacter(token: Token.CharacterToken): void {
    this.charged(() => super.onWhitespaceCharacter(token));
  }

  override onNullCharacter(token: Token.CharacterToken): void {
    this.charged(() => super.onNullCharacter(token));
  }
}

type TextNode = DefaultTreeAdapterMap["textNode"];

/** How many pieces of a text node's text are kept before they are joined into one string. */
const TEXT_PIECES_JOINED = 1024;

/**
 * parse5's default tree adapter, counting the nodes it creates and charging the operations that walk a node's
 * children (inserting before a sibling, as foster parenting does; detaching, as the adoption agency does) or an
 * element's attributes (a repeated <html> or <body> tag adds its attributes to the first, up to the limit of a
 * tag). Text is kept as pieces and joined once the tree is built (`finish`): appending to a string a piece at a
 * time, as the default adapter does, holds a rope node per piece, which for megabytes of one-character pieces is
 * several times the text's own size.
 */
function boundedTreeAdapter(budget: HtmlBudget): { adapter: TreeAdapter<DefaultTreeAdapterMap>; finish: () => void } {
  const base = defaultTreeAdapter;
  const pieces = new Map<TextNode, { readonly joined: string[]; readonly pending: string[] }>();
  const append = (node: TextNode, text: string) => {
    const entry = pieces.get(node) ?? { joined: [], pending: [node.value] };
    pieces.set(node, entry);
    entry.pending.push(text);
    // Pieces are joined a thousand at a time, so that no more than that many small strings are ever held.
    if (entry.pending.length >= TEXT_PIECES_JOINED) entry.joined.push(entry.pending.splice(0).join(""));
  };
  const lastText = (node: Node | undefined): TextNode | null => (node && base.isTextNode(node) ? node : null);
  const adapter: TreeAdapter<DefaultTreeAdapterMap> = {
    ...base,
    createElement(tagName, namespaceURI, attrs) {
      budget.countNode();
      return base.createElement(tagName, namespaceURI, attrs);
    },
    createCommentNode(data) {
      budget.countNode();
      return base.createCommentNode(data);
    },
    insertBefore(parentNode, newNode, referenceNode) {
      budget.charge(parentNode.childNodes.length);
      base.insertBefore(parentNode, newNode, referenceNode);
    },
    insertText(parentNode, text) {
      const last = lastText(parentNode.childNodes[parentNode.childNodes.length - 1]);
      if (last) append(last, text);
      else base.appendChild(parentNode, base.createTextNode(text));
    },
    insertTextBefore(parentNode, text, referenceNode) {
      budget.charge(parentNode.childNodes.length);
      const previous = lastText(parentNode.childNodes[parentNode.childNodes.indexOf(referenceNode) - 1]);
      if (previous) append(previous, text);
      else base.insertBefore(parentNode, base.createTextNode(text), referenceNode);
    },
    detachNode(node) {
      budget.charge(node.parentNode?.childNodes.length ?? 0);
      base.detachNode(node);
    },
    adoptAttributes(recipient, attrs) {
      budget.charge(recipient.attrs.length + attrs.length);
      base.adoptAttributes(recipient, attrs);
      budget.checkMergedAttributes(recipient.attrs.length);
    },
  };
  const finish = () => pieces.forEach(({ joined, pending }, node) => (node.value = joined.join("") + pending.join("")));
  return { adapter, finish };
}

/**
 * Parses an HTML page into parse5's default tree within the limits; throws DocumentLimitError, naming the limit and
 * the line, when the page goes past one.
 */
function parseHtmlBounded(html: string): DefaultTreeAdapterMap["document"] {
  if (html.length > MAX_HTML_CHARACTERS) {
    throw new DocumentLimitError("HTML_TOO_LARGE", `the HTML page has ${html.length} characters, more than the ${MAX_HTML_CHARACTERS} a page may have`);
  }
  const budget = new HtmlBudget();
  const { adapter, finish } = boundedTreeAdapter(budget);
  const parser = new BoundedParser(adapter, budget);
  parser.tokenizer.write(html, true);
  finish();
  return parser.document;
}

/** The text of a node and everything under it, scripts and the like left out. */
function textOf(root: Node): string {
  const pieces: string[] = [];
  const pending: Array<Node | string> = [root];
  while (pending.length > 0) {
    const item = pending.pop()!;
    if (typeof item === "string") pieces.push(item);
    else if (item.nodeName === "#text") pieces.push((item as DefaultTreeAdapterMap["textNode"]).value);
    else if (isElement(item) && !SKIPPED.has(item.tagName)) {
      const children = item.childNodes;
      for (let index = children.length - 1; index >= 0; index -= 1) {
        pending.push(children[index]);
        if (index > 0 && item.tagName === "br") pending.push(" ");
      }
    }
  }
  return pieces.join("");
}

/**
 * White space to fold to one space: runs of two or more and single characters other than a space. (A single space
 * is left as it is rather than replaced by itself: megabytes of words would otherwise be rebuilt piece by piece.)
 */
const SPACE_RUNS = /\s{2,}|[^\S ]/g;
/** The same for a line: only spaces, tabs and no-break spaces. */
const LINE_SPACE_RUNS = /[ \t\u00A0]{2,}|[\t\u00A0]/g;

function cellText(cell: Element): string {
  return cell.childNodes
    .map((child) => (isElement(child) && BLOCKS.has(child.tagName) ? ` ${textOf(child)} ` : textOf(child)))
    .join("")
    .replace(SPACE_RUNS, " ")
    .trim();
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
  const line = state.current.join("").replace(LINE_SPACE_RUNS, " ").trim();
  if (line !== "") state.lines.push(line);
  state.current.length = 0;
}

function renderRow(row: Element, state: RenderState): void {
  flush(state);
  const cells = row.childNodes.filter((child): child is Element => isElement(child) && (child.tagName === "td" || child.tagName === "th"));
  const table = state.rowInTable.length - 1;
  state.rows.set(state.lines.length, { table: Math.max(state.tables - 1, 0), row: table >= 0 ? state.rowInTable[table]++ : 0 });
  state.lines.push(`| ${cells.map(cellText).join(" | ")} |`);
}

/** Leaving an element: a block ends its line, a table its row count. */
function leave(tag: string, state: RenderState): void {
  if (BLOCKS.has(tag)) flush(state);
  if (tag === "table") state.rowInTable.pop();
}

/** Renders the tree in document order, depth first, with an explicit stack. */
function render(root: Node, state: RenderState): void {
  const pending: Array<{ readonly node: Node; readonly leaving: boolean }> = [{ node: root, leaving: false }];
  while (pending.length > 0) {
    const { node, leaving } = pending.pop()!;
    const tag = isElement(node) ? node.tagName : "";
    if (leaving) leave(tag, state);
    else if (node.nodeName === "#text") state.current.push((node as DefaultTreeAdapterMap["textNode"]).value);
    else if ((isElement(node) || node.nodeName === "#document") && !SKIPPED.has(tag)) {
      if (tag === "tr") {
        renderRow(node as Element, state);
        continue;
      }
      if (tag === "table") {
        state.tables += 1;
        state.rowInTable.push(0);
      }
      if (BLOCKS.has(tag)) flush(state);
      pending.push({ node, leaving: true });
      const children = childrenOf(node);
      for (let index = children.length - 1; index >= 0; index -= 1) pending.push({ node: children[index], leaving: false });
    }
  }
}

/** The text of the first non-empty <title>, in document order. */
function findTitle(root: Node): string | null {
  const pending: Node[] = [root];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (isElement(node) && node.tagName === "title") {
      const title = textOf(node).replace(SPACE_RUNS, " ").trim();
      if (title) return title;
      continue;
    }
    const children = childrenOf(node);
    for (let index = children.length - 1; index >= 0; index -= 1) pending.push(children[index]);
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

/** Renders an HTML document for the parser; throws DocumentLimitError for a page past the limits. */
export function renderHtml(html: string): RenderedHtml {
  const document = parseHtmlBounded(html);
  const state: RenderState = { lines: [], current: [], rows: new Map(), tables: 0, rowInTable: [] };
  const title = findTitle(document);
  if (title) state.lines.push(title);
  render(document, state);
  flush(state);
  return { text: state.lines.join("\n"), rows: new Map([...state.rows].map(([index, origin]) => [index + 1, origin])) };
}

/** The parser's text for an HTML document; throws DocumentLimitError for a page past the limits. */
export function htmlToText(html: string): string {
  return renderHtml(html).text;
}
