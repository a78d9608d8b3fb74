import { Field, ID, InterfaceType } from "type-graphql";

/** Anything that can be fetched by its global id with `node(id)`. */
@InterfaceType("Node", {
  description: "An object with a global id (全局编号), fetchable with `node(id)`.",
  resolveType: (value: { constructor: { name: string } }) => {
    const name = value.constructor.name;
    return name === "Region" ? "Region" : name === "Agency" ? "Agency" : "Report";
  },
})
export abstract class NodeInterface {
  @Field(() => ID, { description: "Opaque global id (全局编号)." })
  id: string;
}
