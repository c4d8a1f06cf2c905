/**
 * Where and how a consumer is reached: a US-style service address inside one utility's
 * territory (a handful of towns in one state, as a real water utility serves), a phone
 * number and an e-mail address on the reserved example domains, so the notification
 * feature can never mail a real person from demo data.
 */
import { en } from '@faker-js/faker';
import { asciiSlug, type PersonName } from './names.js';
import type { Rng } from './prng.js';

const STREET_NAMES: readonly string[] = (en.location as unknown as { street_name: string[] }).street_name;
const STREET_SUFFIXES = ['Street', 'Avenue', 'Road', 'Lane', 'Drive', 'Court', 'Way', 'Boulevard', 'Place', 'Terrace'];
const STREET_STEMS = ['Maple', 'Oak', 'Cedar', 'Willow', 'Lakeview', 'Hillcrest', 'Sunset', 'River', 'Prairie', 'Birch', 'Elm', 'Meadow'];

/** The territory: towns with their ZIP code ranges and phone area codes (Illinois, fictionalised). */
const TOWNS = [
  { city: 'Springfield', zip: [62701, 62712], area: '217', weight: 30 },
  { city: 'Chatham', zip: [62629, 62629], area: '217', weight: 10 },
  { city: 'Rochester', zip: [62563, 62563], area: '217', weight: 8 },
  { city: 'Sherman', zip: [62684, 62684], area: '217', weight: 8 },
  { city: 'Riverton', zip: [62561, 62561], area: '217', weight: 8 },
  { city: 'Petersburg', zip: [62675, 62675], area: '217', weight: 6 },
  { city: 'Auburn', zip: [62615, 62615], area: '217', weight: 6 },
  { city: 'Jacksonville', zip: [62650, 62651], area: '217', weight: 12 },
  { city: 'Lincoln', zip: [62656, 62656], area: '217', weight: 12 },
] as const;
const TOWN_WEIGHTS = Object.fromEntries(TOWNS.map((t, i) => [String(i), t.weight])) as Record<string, number>;

const EMAIL_DOMAINS = ['example.com', 'example.net', 'example.org'];

export interface Contact {
  serviceAddress: string;
  city: string;
  postalCode: string;
  phone: string | null;
  email: string | null;
}

function streetName(rng: Rng): string {
  return rng.chance(0.6) ? rng.pick(STREET_NAMES) : `${rng.pick(STREET_STEMS)} ${rng.pick(STREET_SUFFIXES)}`;
}

function streetAddress(rng: Rng, commercial: boolean): string {
  const number = rng.int(1, 9) * 10 ** rng.int(1, 3) + rng.int(0, 99);
  const street = `${number} ${streetName(rng)}`;
  if (commercial && rng.chance(0.4)) return `${street}, Suite ${rng.int(1, 30) * 10 + rng.int(0, 9)}`;
  if (!commercial && rng.chance(0.15)) return `${street}, Apt ${rng.int(1, 24)}${rng.pick(['A', 'B', 'C', 'D'])}`;
  return street;
}

/** NANP rules: the exchange never starts with 0/1 and is never N11; 555 is left out too. */
function phoneNumber(rng: Rng, area: string): string {
  let exchange = rng.int(200, 999);
  if (exchange % 100 === 11 || exchange === 555) exchange += 1;
  return `(${area}) ${exchange}-${String(rng.int(0, 9999)).padStart(4, '0')}`;
}

function emailAddress(rng: Rng, name: PersonName, accountNumber: string): string {
  const first = asciiSlug(name.firstName) || 'customer';
  const last = asciiSlug(name.lastName) || 'account';
  const digits = accountNumber.replace(/\D/g, '');
  const style = rng.weighted({ dotted: 5, initial: 3, numbered: 2 });
  // Like real mailboxes, common names repeat across households; search then lists both.
  const user =
    style === 'dotted' ? `${first}.${last}` : style === 'initial' ? `${first[0]}${last}${rng.int(10, 99)}` : `${first}${last}${digits}`;
  return `${user}@${rng.pick(EMAIL_DOMAINS)}`;
}

export function contactFor(rng: Rng, name: PersonName, accountNumber: string, commercial: boolean): Contact {
  const town = TOWNS[Number(rng.weighted(TOWN_WEIGHTS))];
  return {
    serviceAddress: streetAddress(rng, commercial),
    city: town.city,
    postalCode: String(rng.int(town.zip[0], town.zip[1])),
    phone: rng.chance(0.95) ? phoneNumber(rng, town.area) : null,
    email: rng.chance(0.92) ? emailAddress(rng, name, accountNumber) : null,
  };
}
