import type { SeededRandom } from './random';
import { Timeline } from './timeline';

/** UTC offset of the bot host's local time, used by the two local `date_added` formats. */
export const LocalUtcOffset = { text: '+02:00', ms: 2 * 3_600_000 } as const;

/** The `date_added` formats the legacy bot wrote, in the order it used them. */
export const DateAddedFormats = {
  localText: 'MMM DD, YYYY HH:mm:ss in local time, e.g. "May 08, 2022 00:25:03"',
  localIso: 'YYYY-MM-DDTHH:mm:ss in local time without an offset, e.g. "2022-07-20T14:03:11"',
  startupUtcIso:
    'YYYY-MM-DDTHH:mm:ss.ffffff in UTC without an offset, but the bot start-up time instead of the listing time',
  offsetIso: 'YYYY-MM-DDTHH:mm:ss.ffffff+00:00 in UTC',
} as const;

const MonthAbbreviations = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];

const DayMs = 86_400_000;

/** Dates this close to one day from the listing time are moved away, so no parser rounds across the limit. */
const MismatchLimitMarginMs = 300_000;

/**
 * Write `date_added` values. It keeps the simulated bot's start-up time, because one format wrote the start-up
 * time by mistake. Call {@link format} with non-decreasing listing times.
 */
export class DateAddedClock {
  private startupMs: number = Timeline.start;
  private nextRestartMs: number;
  private startupMicroseconds = 0;

  constructor(private readonly random: SeededRandom) {
    this.nextRestartMs = Timeline.start + this.restartIntervalMs();
  }

  /** Return the `date_added` string that the legacy bot wrote for a listing at `listingMs` (UTC). */
  format(listingMs: number): string {
    this.advanceTo(listingMs);
    if (listingMs < Timeline.localIsoDateFrom) return formatLocalText(listingMs + LocalUtcOffset.ms);
    if (listingMs < Timeline.startupUtcDateFrom) return formatIso(listingMs + LocalUtcOffset.ms, null);
    if (listingMs < Timeline.offsetIsoDateFrom)
      return formatIso(this.startupBefore(listingMs), this.startupMicroseconds);
    return `${formatIso(listingMs, this.random.integer(0, 999_999))}+00:00`;
  }

  private advanceTo(listingMs: number): void {
    while (listingMs >= this.nextRestartMs) {
      this.startupMs = this.nextRestartMs;
      this.startupMicroseconds = this.random.integer(0, 999_999);
      this.nextRestartMs += this.restartIntervalMs();
    }
  }

  private startupBefore(listingMs: number): number {
    const distanceMs = listingMs - this.startupMs;
    const nearLimit = Math.abs(distanceMs - DayMs) < MismatchLimitMarginMs;
    return nearLimit ? this.startupMs - 2 * MismatchLimitMarginMs : this.startupMs;
  }

  // The bot restarted every few hours to ten days (deploys, crashes).
  private restartIntervalMs(): number {
    return this.random.integer(3 * 3_600_000, 10 * DayMs);
  }
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

function formatLocalText(wallClockMs: number): string {
  const date = new Date(wallClockMs);
  const month = MonthAbbreviations[date.getUTCMonth()] as string;
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  return `${month} ${pad(date.getUTCDate())}, ${date.getUTCFullYear()} ${time}`;
}

function formatIso(wallClockMs: number, microseconds: number | null): string {
  const date = new Date(wallClockMs);
  const day = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  return microseconds === null ? `${day}T${time}` : `${day}T${time}.${pad(microseconds, 6)}`;
}
