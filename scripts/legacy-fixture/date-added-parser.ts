const MonthNumbers: Record<string, number> = {
  Jan: 1,
  Feb: 2,
  Mar: 3,
  Apr: 4,
  May: 5,
  Jun: 6,
  Jul: 7,
  Aug: 8,
  Sep: 9,
  Oct: 10,
  Nov: 11,
  Dec: 12,
};

const LocalText = /^([A-Z][a-z]{2}) (\d{2}), (\d{4}) (\d{2}):(\d{2}):(\d{2})$/;
const IsoText = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(\+00:00)?$/;

/**
 * Parse a `date_added` string in one of the four legacy formats to UTC milliseconds. Formats without an
 * offset are read as UTC, as the migration does when it compares them with the ObjectId time.
 * Returns null when the text matches no format or names an impossible date.
 */
export function parseDateAdded(text: string): number | null {
  const local = LocalText.exec(text);
  if (local) {
    const [, month = '', day, year, hour, minute, second] = local;
    return utcMs(
      Number(year),
      MonthNumbers[month],
      Number(day),
      Number(hour),
      Number(minute),
      Number(second),
      0,
    );
  }

  const iso = IsoText.exec(text);
  if (!iso) return null;
  const [, year, month, day, hour, minute, second, fraction = '0'] = iso;
  const milliseconds = Math.floor(Number(fraction.padEnd(6, '0')) / 1000);
  return utcMs(
    Number(year),
    Number(month),
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
    milliseconds,
  );
}

function utcMs(
  year: number,
  month: number | undefined,
  day: number,
  hour: number,
  minute: number,
  second: number,
  milliseconds: number,
): number | null {
  if (month === undefined || hour > 23 || minute > 59 || second > 59) return null;

  const ms = Date.UTC(year, month - 1, day, hour, minute, second, milliseconds);
  const date = new Date(ms);
  const sameDay =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return sameDay ? ms : null;
}
