import { Arg, Ctx, Query, Resolver } from "type-graphql";
import { Indicator } from "../../entities";
import type { Context } from "../core/context";
import { IndicatorType } from "./indicator.type";
import { listCost } from "../core/query-cost";
import { checkTableCode } from "../core/code-checks";

/** The indicator catalog: bounded by the template (276 entries), so a plain list. */
@Resolver(() => IndicatorType)
export class IndicatorResolver {
  @Query(() => [IndicatorType], { description: "The indicator catalog in template order (指标目录).", complexity: listCost(276) })
  async indicators(
    @Arg("tableCode", () => String, { nullable: true, description: "Only the indicators of this table, e.g. APPLICATIONS (表代码)." }) tableCode: string | null,
    @Ctx() { dataSource }: Context,
  ): Promise<Indicator[]> {
    if (tableCode) checkTableCode("tableCode", tableCode);
    return dataSource.getRepository(Indicator).find({ where: tableCode ? { tableCode } : {}, order: { position: "ASC" } });
  }
}
