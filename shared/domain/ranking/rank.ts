import type { CommuneIndicators, IndicatorName, Indicators } from './indicators.ts';
import { round } from './indicators.ts';
import type { Methodology } from './methodology.ts';

/**
 * The ranking itself, pure and deterministic: score, national / regional / peer-group ranks and the
 * movement since the previous period, from each commune's indicators and the methodology.
 *
 * - Listed: every commune given; ranked: those whose volume on the basis (e.g. decisions over the
 *   rolling 12 months) reaches the methodology's minimum and whose scored indicators all exist.
 * - Score (0–100, rounded to the published decimals) = Σ weight × normalised indicator / 100.
 * - Order: score (higher first), then the methodology's tie-breaks on the published indicators
 *   (a missing value is worst), then the commune id (ascending), so ranks are unique and a re-run
 *   orders the same way. Regional and peer-group ranks follow the national order.
 * - movement = previous national rank − national rank (positive: climbed); null when either is missing.
 */

export interface CommuneInfo {
  id: string;
  nameFr: string;
  nameAr: string;
  provinceId: string;
  regionId: string;
  kind: 'urban' | 'rural';
  population: number | null;
}

export interface RankingRow {
  /** The commune id (BLDS `Jurisdiction`: unique id of the jurisdiction). */
  Jurisdiction: string;
  communeNameFr: string;
  communeNameAr: string;
  provinceId: string;
  regionId: string;
  communeKind: 'urban' | 'rural';
  peerGroup: string;
  ranked: boolean;
  /** Why a listed commune is not ranked: `below-minimum-volume` or `insufficient-data`. */
  notRankedReason: string | null;
  score: number | null;
  nationalRank: number | null;
  regionalRank: number | null;
  peerGroupRank: number | null;
  previousNationalRank: number | null;
  movement: number | null;
  month: Indicators;
  rolling12: Indicators;
}

export const EMPTY_INDICATORS: Indicators = {
  received: 0,
  decided: 0,
  approved: 0,
  rejected: 0,
  tacitApprovals: 0,
  withdrawn: 0,
  issued: 0,
  returned: 0,
  medianDecisionDays: null,
  p90DecisionDays: null,
  medianIssueDays: null,
  p90IssueDays: null,
  shareDecidedInTime: null,
  overdueBacklog: 0,
  overdueBacklogRate: 0,
  avgReturnRounds: null,
  tacitApprovalRate: null,
};

/** The peer group of a commune: the first group whose kind and population band match, else the last. */
export function peerGroupOf(commune: Pick<CommuneInfo, 'kind' | 'population'>, m: Methodology): string {
  const population = commune.population ?? 0;
  const match = m.peerGroups.find(
    (g) =>
      (!g.kinds || g.kinds.includes(commune.kind)) &&
      (g.minPopulation === undefined || population >= g.minPopulation) &&
      (g.maxPopulation === undefined || population <= g.maxPopulation),
  );
  return (match ?? m.peerGroups[m.peerGroups.length - 1])?.id as string;
}

const indicatorValue = (indicators: Indicators, name: IndicatorName): number | null => indicators[name];

/** Normalised [0, 1] value of each scored indicator for each ranked commune. */
function normaliser(m: Methodology, basisOf: (id: string) => Indicators, ranked: string[]) {
  const ranges = new Map<IndicatorName, { min: number; max: number }>();
  for (const spec of m.indicators) {
    if (spec.normalisation.kind !== 'minmax') continue;
    const values = ranked.map((id) => indicatorValue(basisOf(id), spec.indicator)).filter((v) => v !== null);
    ranges.set(spec.indicator, { min: Math.min(...values), max: Math.max(...values) });
  }
  return (spec: Methodology['indicators'][number], value: number): number => {
    const n = spec.normalisation;
    if (n.kind === 'goalposts') {
      if (n.best === n.worst) return 1;
      return Math.min(1, Math.max(0, (value - n.worst) / (n.best - n.worst)));
    }
    const range = ranges.get(spec.indicator) as { min: number; max: number };
    if (range.max === range.min) return 1;
    const position = (value - range.min) / (range.max - range.min);
    return spec.better === 'higher' ? position : 1 - position;
  };
}

export function scoreOf(m: Methodology, indicators: Indicators, normalise: ReturnType<typeof normaliser>) {
  let total = 0;
  for (const spec of m.indicators) {
    const value = indicatorValue(indicators, spec.indicator);
    if (value === null) return null;
    total += spec.weight * normalise(spec, value);
  }
  return round(total, m.scoreDecimals);
}

export interface RankInput {
  communes: CommuneInfo[];
  /** Communes without an entry had no activity: all counts 0. */
  indicators: ReadonlyMap<string, CommuneIndicators>;
  methodology: Methodology;
  /** National ranks of the previous period, by commune id. */
  previousRanks: ReadonlyMap<string, number>;
}

export function rankCommunes(input: RankInput): RankingRow[] {
  const m = input.methodology;
  const of = (id: string): CommuneIndicators =>
    input.indicators.get(id) ?? { month: EMPTY_INDICATORS, rolling12: EMPTY_INDICATORS };
  const basisOf = (id: string) => of(id)[m.basis];
  const communes = [...input.communes].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const eligibility = new Map<string, string | null>();
  for (const c of communes) {
    const basis = basisOf(c.id);
    const reason =
      basis[m.minVolume.indicator] < m.minVolume.min
        ? 'below-minimum-volume'
        : m.indicators.some((spec) => indicatorValue(basis, spec.indicator) === null)
          ? 'insufficient-data'
          : null;
    eligibility.set(c.id, reason);
  }
  const rankedIds = communes.filter((c) => eligibility.get(c.id) === null).map((c) => c.id);
  const normalise = normaliser(m, basisOf, rankedIds);
  const scores = new Map(rankedIds.map((id) => [id, scoreOf(m, basisOf(id), normalise) as number]));

  const compare = (a: string, b: string): number => {
    const byScore = (scores.get(b) as number) - (scores.get(a) as number);
    if (byScore !== 0) return byScore;
    for (const tie of m.tieBreak) {
      const va = indicatorValue(basisOf(a), tie.indicator);
      const vb = indicatorValue(basisOf(b), tie.indicator);
      if (va === vb) continue;
      if (va === null) return 1;
      if (vb === null) return -1;
      return tie.better === 'higher' ? vb - va : va - vb;
    }
    return a < b ? -1 : a > b ? 1 : 0;
  };
  const order = [...rankedIds].sort(compare);

  const info = new Map(communes.map((c) => [c.id, c]));
  const national = new Map<string, number>();
  const regional = new Map<string, number>();
  const group = new Map<string, number>();
  const regionCount = new Map<string, number>();
  const groupCount = new Map<string, number>();
  order.forEach((id, i) => {
    const c = info.get(id) as CommuneInfo;
    const g = peerGroupOf(c, m);
    national.set(id, i + 1);
    regionCount.set(c.regionId, (regionCount.get(c.regionId) ?? 0) + 1);
    groupCount.set(g, (groupCount.get(g) ?? 0) + 1);
    regional.set(id, regionCount.get(c.regionId) as number);
    group.set(id, groupCount.get(g) as number);
  });

  const row = (c: CommuneInfo): RankingRow => {
    const rank = national.get(c.id) ?? null;
    const previous = input.previousRanks.get(c.id) ?? null;
    const indicators = of(c.id);
    return {
      Jurisdiction: c.id,
      communeNameFr: c.nameFr,
      communeNameAr: c.nameAr,
      provinceId: c.provinceId,
      regionId: c.regionId,
      communeKind: c.kind,
      peerGroup: peerGroupOf(c, m),
      ranked: rank !== null,
      notRankedReason: eligibility.get(c.id) ?? null,
      score: scores.get(c.id) ?? null,
      nationalRank: rank,
      regionalRank: regional.get(c.id) ?? null,
      peerGroupRank: group.get(c.id) ?? null,
      previousNationalRank: previous,
      movement: rank !== null && previous !== null ? previous - rank : null,
      month: indicators.month,
      rolling12: indicators.rolling12,
    };
  };
  const unranked = communes.filter((c) => !national.has(c.id));
  return [...order.map((id) => row(info.get(id) as CommuneInfo)), ...unranked.map(row)];
}
