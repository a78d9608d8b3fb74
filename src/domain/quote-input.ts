/** The longest piece of a client's input that an error message repeats. */
const QUOTED_INPUT_LIMIT = 80;

/**
 * A client's text quoted for an error message: at most QUOTED_INPUT_LIMIT characters (then its length), control
 * characters escaped (by JSON), so that a message never echoes a megabyte back or carries a NUL.
 */
export function quoteInput(text: string): string {
  const shown = text.length > QUOTED_INPUT_LIMIT ? `${text.slice(0, QUOTED_INPUT_LIMIT)}… (${text.length} characters)` : text;
  return JSON.stringify(shown);
}
