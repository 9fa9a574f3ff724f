import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { INDICATOR_NAMES } from './indicators.ts';

/**
 * The ranking methodology as data: which indicators make the score and with which weight, how each
 * is normalised, who is too small to be ranked, the peer groups, and the tie-breaks. A new version
 * is a new entry of METHODOLOGIES (never an edit of a published one): every snapshot names the
 * version it used and the open-data bucket keeps each version's document.
 */

const IndicatorName = /* @__PURE__ */ (() => z.enum(INDICATOR_NAMES))();

const Normalisation = /* @__PURE__ */ (() =>
  z.discriminatedUnion('kind', [
    /**
     * Fixed goalposts: `best` scores 1, `worst` scores 0, linear in between, clamped. A commune's score
     * does not depend on the others, so it can be recomputed from its own published indicators.
     */
    z.object({ kind: z.literal('goalposts'), best: z.number(), worst: z.number() }),
    /** Min–max over the ranked communes of the run (best value 1, worst 0; all equal ⇒ 1). */
    z.object({ kind: z.literal('minmax') }),
  ]))();

export const Methodology = /* @__PURE__ */ (() =>
  z
    .object({
      version: z.string().check(z.regex(/^\d{4}\.\d+$/, 'a version looks like 2026.1')),
      title: z.string(),
      /** Which indicators the score and ranks use: the rolling 12 months ending with the period (steadier) or the month. */
      basis: z.enum(['rolling12', 'month']),
      /** Communes below this volume (on the basis) are listed with their indicators but not ranked. */
      minVolume: z.object({
        indicator: z.enum(['decided', 'received']),
        min: z.number().check(z.int(), z.nonnegative()),
      }),
      indicators: z
        .array(
          z.object({
            indicator: IndicatorName,
            /** Integer weight; the weights sum to 100. */
            weight: z.number().check(z.int(), z.positive()),
            better: z.enum(['higher', 'lower']),
            normalisation: Normalisation,
            /** What the indicator measures, in plain words (published with the methodology). */
            rationale: z.string(),
          }),
        )
        .check(z.minLength(1)),
      /** Peer groups, first match wins; a commune matching none is in the last group. */
      peerGroups: z
        .array(
          z.object({
            id: z.string().check(z.regex(/^[a-z0-9-]+$/)),
            labelFr: z.string(),
            labelAr: z.string(),
            kinds: z.optional(z.array(z.enum(['urban', 'rural']))),
            /** Population bands (a commune without a population counts as 0). */
            minPopulation: z.optional(z.number().check(z.int(), z.nonnegative())),
            maxPopulation: z.optional(z.number().check(z.int(), z.nonnegative())),
          }),
        )
        .check(z.minLength(1)),
      /** Equal scores (at the published precision) are ordered by these, then by commune id (always last). */
      tieBreak: z.array(z.object({ indicator: IndicatorName, better: z.enum(['higher', 'lower']) })),
      /** Decimals of the published score (0–100). */
      scoreDecimals: z.number().check(z.int(), z.gte(0), z.lte(6)),
    })
    .check(
      z.refine((m) => m.indicators.reduce((sum, i) => sum + i.weight, 0) === 100, {
        message: 'indicator weights must sum to 100',
        path: ['indicators'],
      }),
      z.refine((m) => new Set(m.indicators.map((i) => i.indicator)).size === m.indicators.length, {
        message: 'an indicator appears twice',
        path: ['indicators'],
      }),
    ))();
export type Methodology = z.infer<typeof Methodology>;

export const METHODOLOGY_2026_1: Methodology = /* @__PURE__ */ (() =>
  Methodology.parse({
    version: '2026.1',
    title: 'Classement des communes — délivrance des autorisations (méthodologie 2026.1)',
    basis: 'rolling12',
    minVolume: { indicator: 'decided', min: 20 },
    indicators: [
      {
        indicator: 'shareDecidedInTime',
        weight: 35,
        better: 'higher',
        normalisation: { kind: 'goalposts', best: 1, worst: 0.5 },
        rationale: 'Share of decisions taken within the legal deadline (law 55-19): the legal promise.',
      },
      {
        indicator: 'medianDecisionDays',
        weight: 20,
        better: 'lower',
        normalisation: { kind: 'goalposts', best: 7, worst: 60 },
        rationale: 'Typical time from submission to decision, time returned to the professional excluded.',
      },
      {
        indicator: 'p90DecisionDays',
        weight: 15,
        better: 'lower',
        normalisation: { kind: 'goalposts', best: 20, worst: 120 },
        rationale: 'The slow tail: 90% of files are decided within this many days.',
      },
      {
        indicator: 'overdueBacklogRate',
        weight: 15,
        better: 'lower',
        normalisation: { kind: 'goalposts', best: 0, worst: 0.2 },
        rationale: 'Files past their deadline still waiting at the end of the period, per file received.',
      },
      {
        indicator: 'avgReturnRounds',
        weight: 10,
        better: 'lower',
        normalisation: { kind: 'goalposts', best: 0, worst: 2 },
        rationale: 'Returns for completion per decided file: remarks should come all at once.',
      },
      {
        indicator: 'tacitApprovalRate',
        weight: 5,
        better: 'lower',
        normalisation: { kind: 'goalposts', best: 0, worst: 0.2 },
        rationale: 'Share of decisions reached by silence (tacit approval) rather than by a decision.',
      },
    ],
    peerGroups: [
      {
        id: 'urban-large',
        labelFr: 'Communes urbaines de 100 000 habitants et plus',
        labelAr: 'الجماعات الحضرية التي يبلغ عدد سكانها 100.000 نسمة فأكثر',
        kinds: ['urban'],
        minPopulation: 100_000,
      },
      {
        id: 'urban',
        labelFr: 'Communes urbaines de moins de 100 000 habitants',
        labelAr: 'الجماعات الحضرية التي يقل عدد سكانها عن 100.000 نسمة',
        kinds: ['urban'],
      },
      { id: 'rural', labelFr: 'Communes rurales', labelAr: 'الجماعات القروية', kinds: ['rural'] },
    ],
    tieBreak: [
      { indicator: 'shareDecidedInTime', better: 'higher' },
      { indicator: 'medianDecisionDays', better: 'lower' },
      { indicator: 'decided', better: 'higher' },
    ],
    scoreDecimals: 2,
  }))();

/** Every published methodology, by version. */
export const METHODOLOGIES: Readonly<Record<string, Methodology>> = { '2026.1': METHODOLOGY_2026_1 };
/** The version new runs use. */
export const CURRENT_METHODOLOGY = METHODOLOGY_2026_1;

/** The methodology document as published (stable key order, 2-space JSON, trailing newline). */
export const methodologyJson = (m: Methodology): string => `${JSON.stringify(m, null, 2)}\n`;

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
