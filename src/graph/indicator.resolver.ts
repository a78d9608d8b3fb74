import { Arg, Args, Ctx, Query, Resolver } from "type-graphql";
import { MoreThan, type FindOptionsWhere } from "typeorm";
import { Indicator } from "../entities";
import type { Context } from "./context";
import { IndicatorType } from "./indicator.type";
import { PageArgs, afterId, pageSize } from "./pagination";

/** The indicator catalog. */
@Resolver(() => IndicatorType)
export class IndicatorResolver {
  @Query(() => [IndicatorType], {
    description: "The indicator catalog in template order (指标目录). Page with `after` = the last position.",
  })
  async indicators(
    @Arg("tableCode", () => String, { nullable: true, description: "Only the indicators of this table." })
    tableCode: string | null,
    @Args() page: PageArgs,
    @Ctx() { dataSource }: Context,
  ): Promise<Indicator[]> {
    const where: FindOptionsWhere<Indicator> = {};
    if (tableCode) where.tableCode = tableCode;
    const after = afterId(page);
    if (after !== null) where.position = MoreThan(after);
    return dataSource.getRepository(Indicator).find({ where, order: { position: "ASC" }, take: pageSize(page) });
  }
}
