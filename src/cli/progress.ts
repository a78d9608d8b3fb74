import { SingleBar } from "cli-progress";

/** Reports progress of a long run: a bar on a terminal, one plain line per item otherwise. */
export interface Progress {
  step(label: string): void;
  stop(): void;
}

/** A progress reporter on `stream` (stderr: stdout is for data). */
export function createProgress(total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY) {
    const bar = new SingleBar({ stream, format: "{bar} {value}/{total} {label}", hideCursor: true, clearOnComplete: false });
    bar.start(total, 0, { label: "" });
    return { step: (label) => bar.increment(1, { label }), stop: () => bar.stop() };
  }
  let done = 0;
  return {
    step: (label) => {
      done += 1;
      stream.write(`[${done}/${total}] ${label}\n`);
    },
    stop: () => {},
  };
}
