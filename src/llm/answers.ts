// The shape of each step's answer: zod validates what comes back, and the same schema, as JSON
// Schema, is what the provider is asked to produce.
import { z } from 'zod';
import type { IssueType, TermCategory } from '../pipeline/types';

export const CATEGORIES = [
  'person_name',
  'place_name',
  'organization',
  'title',
  'technical_term',
  'common_noun',
] as const satisfies readonly TermCategory[];

export const REVIEW_ISSUE_TYPES = ['UNCLEAR', 'CONTRADICTION', 'MISSING', 'UNNECESSARY'] as const satisfies readonly IssueType[];

// Models write "Technical Term", "missing_relation" or "unclear" often enough that refusing them
// would waste a corrective retry on a harmless slip.
const lenient = <const V extends readonly [string, ...string[]]>(values: V, aliases: Record<string, V[number]> = {}) =>
  z.preprocess((v) => {
    if (typeof v !== 'string') return v;
    const folded = v.trim().toLowerCase().replace(/[\s-]+/g, '_');
    const hit = values.find((x) => x.toLowerCase() === folded);
    return hit ?? aliases[folded] ?? v;
  }, z.enum(values));

const Category = lenient(CATEGORIES, { technical: 'technical_term', person: 'person_name', place: 'place_name', org: 'organization' });
const IssueKind = lenient(REVIEW_ISSUE_TYPES, { missing_relation: 'MISSING', contradictory: 'CONTRADICTION' });
/** Ids the model cites; the engine ignores ids it did not give (so no transform that JSON Schema cannot show). */
const Ids = z.array(z.number());
/** Refinements instead of minLength, which strict OpenAI schemas do not accept. */
const Text = z.string().refine((s) => s.trim().length > 0, 'must not be empty');

export const ExtractAnswer = z
  .object({
    terms: z.array(z.object({ term: z.string(), keep: z.boolean(), category: Category })),
    added: z.array(z.object({ term: z.string(), category: Category })),
  })
  .meta({ title: 'term_selection' });

export const DefinitionAnswer = z
  .object({ definition: Text, confidence: z.number(), sources: Ids })
  .meta({ title: 'grounded_definition' });

export const ReviewAnswer = z
  .object({
    issues: z.array(
      z.object({ term: z.string(), type: IssueKind, description: z.string(), shouldExclude: z.boolean(), reason: z.string() }),
    ),
  })
  .meta({ title: 'glossary_review' });

export const RefineAnswer = z
  .object({
    definition: Text,
    confidence: z.number(),
    sources: Ids,
    unresolved: Ids,
    notes: z.array(z.string()),
  })
  .meta({ title: 'refined_definition' });

/**
 * JSON Schema for a provider: no `$schema` key and no ±2^53 integer bounds, which strict OpenAI
 * schemas and some local servers reject.
 */
export function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return stripBounds(json) as Record<string, unknown>;
}

function stripBounds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripBounds);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if ((key === 'minimum' || key === 'maximum') && Math.abs(Number(value)) >= Number.MAX_SAFE_INTEGER) continue;
    out[key] = stripBounds(value);
  }
  return out;
}

export const JSON_SCHEMAS = {
  extract: jsonSchemaOf(ExtractAnswer),
  provisional: jsonSchemaOf(DefinitionAnswer),
  review: jsonSchemaOf(ReviewAnswer),
  refine: jsonSchemaOf(RefineAnswer),
};
