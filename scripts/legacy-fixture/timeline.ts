/** UTC milliseconds of a calendar date. `month` is 1-based. */
function utc(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day);
}

/**
 * When the legacy bot changed what it wrote, in UTC milliseconds. A document listed before a boundary lacks the
 * field or format introduced there.
 */
export const Timeline = {
  start: utc(2022, 4, 1),
  descriptionFrom: utc(2022, 4, 15),
  priceFrom: utc(2022, 4, 25),
  ownerFrom: utc(2022, 5, 1),
  shortUuidFrom: utc(2022, 6, 1),
  updatedPriceFrom: utc(2022, 7, 1),
  localIsoDateFrom: utc(2022, 7, 1),
  startupUtcDateFrom: utc(2022, 9, 1),
  canonicalUuidFrom: utc(2022, 10, 10),
  modelCollectionFrom: utc(2022, 10, 20),
  offsetIsoDateFrom: utc(2022, 12, 1),
  end: utc(2023, 3, 1),
} as const;

/**
 * Relative listing activity per month from April 2022 to February 2023. The market grew after launch, so the
 * early months (whose documents lack an owner and are quarantined) hold few documents.
 */
const MonthWeights = [2, 6, 8, 10, 11, 12, 12, 11, 10, 9, 8] as const;

interface MonthSpan {
  startMs: number;
  endMs: number;
  cumulativeStart: number;
  share: number;
}

const MonthSpans: readonly MonthSpan[] = buildMonthSpans();

function buildMonthSpans(): MonthSpan[] {
  const total = MonthWeights.reduce((sum, weight) => sum + weight, 0);
  const spans: MonthSpan[] = [];
  let cumulative = 0;

  MonthWeights.forEach((weight, offset) => {
    const startMs = Date.UTC(2022, 3 + offset, 1);
    const endMs = Date.UTC(2022, 4 + offset, 1);
    spans.push({ startMs, endMs, cumulativeStart: cumulative, share: weight / total });
    cumulative += weight / total;
  });
  return spans;
}

/**
 * Map a quantile in [0, 1) to a listing time in UTC milliseconds, so evenly spaced quantiles follow the monthly
 * activity. The mapping is increasing, so increasing quantiles give non-decreasing times.
 */
export function listingTimeAt(quantile: number): number {
  for (const span of MonthSpans) {
    if (quantile < span.cumulativeStart + span.share) {
      const withinMonth = (quantile - span.cumulativeStart) / span.share;
      return Math.floor(span.startMs + withinMonth * (span.endMs - span.startMs));
    }
  }
  return Timeline.end - 1;
}
