import { Field, Float, Int, ObjectType, registerEnumType } from "type-graphql";
import { NARRATIVE_CONCEPT_LABELS, type NarrativeConcept, type NarrativeFact } from "../../parse/narrative";
import { enumOf } from "../core/domain.enum";

/** The concepts the narrative states (src/parse/narrative.ts), as a GraphQL enum. */
export const NarrativeConceptEnum = enumOf(Object.keys(NARRATIVE_CONCEPT_LABELS) as NarrativeConcept[]);

registerEnumType(NarrativeConceptEnum, {
  name: "NarrativeConcept",
  description: "What a figure stated in a report's prose counts (叙述数据类别).",
  valuesConfig: Object.fromEntries(Object.entries(NARRATIVE_CONCEPT_LABELS).map(([concept, label]) => [concept, { description: `${label}.` }])),
});

/** One figure a report's overview states in prose. */
@ObjectType("NarrativeFact", {
  description: "A figure the report's overview states in prose (叙述中的数据), with the table cells it corresponds to; rule T1 compares them.",
})
export class NarrativeFactType implements NarrativeFact {
  @Field(() => NarrativeConceptEnum, { description: "What the figure counts (类别)." })
  concept: NarrativeConcept;

  @Field(() => Float, { description: "The figure as stated; fees in 元 (数值)." })
  value: number;

  @Field(() => [String], {
    description: "TABLE.ROW.COLUMN codes of the cells it corresponds to in the report's template version, summed when several; empty when none (对应单元格).",
  })
  cells: string[];

  @Field({ description: "The phrase as printed, white space removed (原文短语)." })
  text: string;

  @Field(() => Int, { description: "Line of the source text the figure is printed on (原文行号)." })
  line: number;
}
