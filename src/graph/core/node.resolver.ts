import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { Agency, Region, Report } from "../../entities";
import type { Context } from "./context";
import { BadUserInputError, NotFoundError } from "./errors";
import { fromGlobalId } from "./node";
import { NodeInterface } from "./node.type";
import { quoteInput } from "../../domain/quote-input";

const MAX_NODES = 100;

/** Fetches any object by its global id. */
async function loadNode(id: string, { loaders }: Context, argument: string): Promise<Region | Agency | Report | null> {
  const { type, key } = fromGlobalId(id, argument);
  if (type === "Region") return loaders.regionByCode.load(key);
  if (!/^\d{1,15}$/.test(key)) throw new BadUserInputError(argument, `${quoteInput(id)} is not a valid id`);
  return type === "Agency" ? loaders.agencyById.load(Number(key)) : loaders.reportById.load(Number(key));
}

@Resolver()
export class NodeResolver {
  @Query(() => NodeInterface, { description: "Any object by its global id (按全局编号查询)." })
  async node(
    @Arg("id", () => ID, { description: "An object's global id, as the graph gives it in `id` (全局编号)." }) id: string,
    @Ctx() context: Context,
  ): Promise<Region | Agency | Report> {
    const node = await loadNode(id, context, "id");
    if (!node) throw new NotFoundError("Node", id);
    return node;
  }

  @Query(() => [NodeInterface], {
    nullable: "items",
    description: `Objects by their global ids, in the same order, null where none (批量查询), at most ${MAX_NODES}.`,
  })
  async nodes(
    @Arg("ids", () => [ID], { description: "Global ids, at most 100 (全局编号列表)." }) ids: string[],
    @Ctx() context: Context,
  ): Promise<Array<Region | Agency | Report | null>> {
    if (ids.length > MAX_NODES) throw new BadUserInputError("ids", `at most ${MAX_NODES} ids, got ${ids.length}`);
    return Promise.all(ids.map((id, index) => loadNode(id, context, `ids[${index}]`)));
  }
}
