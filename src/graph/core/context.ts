import type { DataSource } from "typeorm";
import type { StatementBudget } from "../../analytics/statement-budget";
import type { Caller } from "./auth";
import type { Loaders } from "./entity.loader";

/** What every resolver gets: the database, this request's loaders, and who is calling. */
export interface Context {
  readonly dataSource: DataSource;
  readonly loaders: Loaders;
  readonly caller: Caller;
  /** How long this request's analytics statements may run; unlimited when absent. */
  readonly budget?: StatementBudget;
  /** Called after a write, so that cached answers are dropped. */
  readonly onDataChanged?: () => void;
}
