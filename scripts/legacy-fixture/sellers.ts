import type { SeededRandom } from './random';

/** A legacy seller: a Discord snowflake (always above 2^53) and the username the bot saw. */
export interface Seller {
  id: bigint;
  username: string;
}

/** Discord's epoch, 2015-01-01T00:00:00Z, in UTC milliseconds. Snowflakes count milliseconds from it. */
const DiscordEpochMs = 1_420_070_400_000n;

/** Accounts created from 2016-01-01 to 2022-03-01 (UTC ms), so snowflakes fall between about 1.3e17 and 9.5e17. */
const AccountCreatedFromMs = 1_451_606_400_000;
const AccountCreatedToMs = 1_646_092_800_000;

const Syllables = [
  'ka',
  'mi',
  'ko',
  'yu',
  'ri',
  'sa',
  'to',
  'ne',
  'ha',
  'ru',
  'shi',
  'no',
  'zen',
  'lux',
  'vi',
];

/** Usernames with characters that a Postgres text column or a terminal may treat specially. */
const UnusualUsernames = ['🌸petal_queen🌸', 'ملك_السوق', 'Zoë', 'e\u0301clair', 'ナツキ'];

/** Build a pool of sellers. Users picked from it repeat, as they did in the real market. */
export function createSellerPool(random: SeededRandom, size: number): Seller[] {
  const sellers: Seller[] = [];
  for (let index = 0; index < size; index += 1) {
    sellers.push({ id: randomSnowflake(random), username: randomUsername(random, index) });
  }
  return sellers;
}

/** Pick a seller, favouring the start of the pool so a few sellers list most items. */
export function pickSeller(random: SeededRandom, sellers: readonly Seller[]): Seller {
  const skewed = random.next() ** 2;
  return sellers[Math.floor(skewed * sellers.length)] as Seller;
}

function randomSnowflake(random: SeededRandom): bigint {
  const createdMs = BigInt(random.integer(AccountCreatedFromMs, AccountCreatedToMs));
  const lowBits = BigInt(random.integer(0, 2 ** 22 - 1));
  return ((createdMs - DiscordEpochMs) << 22n) | lowBits;
}

function randomUsername(random: SeededRandom, index: number): string {
  if (index % 50 === 7) return random.pick(UnusualUsernames);
  const syllableCount = random.integer(2, 4);
  let name = '';
  for (let count = 0; count < syllableCount; count += 1) name += random.pick(Syllables);
  return random.chance(0.4) ? `${name}${random.integer(1, 9999)}` : name;
}
