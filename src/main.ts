import "reflect-metadata";
import { runServe } from "./cli/serve.command";

/** `npm start`: configure, migrate, seed and serve until SIGTERM/SIGINT. */
runServe().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
