const MonthNumbers: Readonly<Record<string, number>> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};

// "May 08, 2022 00:25:03", the oldest format.
const EnglishFormat = /^([A-Z][a-z]{2}) (\d{2}), (\d{4}) (\d{2}):(\d{2}):(\d{2})$/;
// ISO 8601 with or without an offset, as Python's isoformat() and str() write it.
const IsoFormat = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * Parse a legacy `date_added` in any of its four historical formats. Values without an offset were written in
 * the old host's local time or, through a bug, in UTC; they are read as UTC, which is off by the host's offset
 * at most. Returns undefined for any other text.
 */
export function parseDateAdded(text: string): Date | undefined {
  const english = EnglishFormat.exec(text);
  if (english) {
    const [, month = '', day, year, hour, minute, second] = english;
    const monthNumber = MonthNumbers[month];
    if (monthNumber === undefined) return undefined;
    return validDate(
      Date.UTC(Number(year), monthNumber, Number(day), Number(hour), Number(minute), Number(second)),
    );
  }

  const iso = IsoFormat.exec(text);
  if (!iso) return undefined;
  const [, year, month, day, hour, minute, second, fraction = '', offset = 'Z'] = iso;
  const milliseconds = Math.floor(Number(`0${fraction || '.0'}`) * 1000);
  const utc = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
    milliseconds,
  );
  return validDate(utc - offsetMinutes(offset) * 60_000);
}

function offsetMinutes(offset: string): number {
  if (offset === 'Z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  const [hours = 0, minutes = 0] = offset.slice(1).split(':').map(Number);
  return sign * (hours * 60 + minutes);
}

function validDate(milliseconds: number): Date | undefined {
  return Number.isNaN(milliseconds) ? undefined : new Date(milliseconds);
}
