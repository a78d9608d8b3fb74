import type { DataSource } from "typeorm";
import type { Loaders } from "./loaders";

/** What every resolver gets: the database and this request's loaders. */
export interface Context {
  readonly dataSource: DataSource;
  readonly loaders: Loaders;
}
