import { literalContainsPattern } from "../../services/report-selection";
import { BadUserInputError } from "./errors";
import { quoteInput } from "../../domain/quote-input";

/** Checks of list arguments (region codes, filter texts): each error names the argument it is about. */

const REGION_CODE = /^\d{6}$/;

/** Checks the form of a region code argument. */
export function checkRegionCode(argument: string, code: string): string {
  if (!REGION_CODE.test(code)) throw new BadUserInputError(argument, `${quoteInput(code)} is not a 6-digit region code`);
  return code;
}

/** Whether a text holds a control character (NUL, line breaks, …): no name or code does. */
export function hasControlCharacter(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f-\u009f]/.test(text);
}

/** Checks a text filter: at most `maxLength` characters and no control characters; returns it. */
export function checkFilterText(argument: string, text: string, maxLength = 64): string {
  if (text.length > maxLength) throw new BadUserInputError(argument, `must be at most ${maxLength} characters`);
  if (hasControlCharacter(text)) throw new BadUserInputError(argument, "must not contain control characters (such as NUL or a line break)");
  return text;
}

/** A LIKE pattern that matches `text` literally inside a value, with `!` as the escape character. */
export function containsPattern(text: string, argument: string): string {
  return literalContainsPattern(checkFilterText(argument, text));
}
