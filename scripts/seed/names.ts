/**
 * People's names. Most come from faker's English lists (thousands of first names), picked
 * with our own stream so generation stays cheap and independent of faker's global state;
 * about one in ten is drawn from hand-written lists of accented and apostrophe names,
 * because search must be accent-insensitive (docs/rules.md#search) and the demo should prove it.
 */
import { en } from '@faker-js/faker';
import type { Rng } from './prng.js';

const personData = en.person as unknown as {
  first_name: { generic?: string[]; female?: string[]; male?: string[] };
  last_name: { generic?: string[] };
};

const FIRST_NAMES: readonly string[] = [
  ...(personData.first_name.female ?? []),
  ...(personData.first_name.male ?? []),
  ...(personData.first_name.generic ?? []),
];
const LAST_NAMES: readonly string[] = personData.last_name.generic ?? [];

const ACCENTED_FIRST_NAMES = [
  'José', 'Zoë', 'Chloé', 'Renée', 'André', 'Inés', 'Sofía', 'Jürgen', 'Björn', 'Søren',
  'François', 'Noémie', 'Raúl', 'Ángel', 'Élise', 'Joël', 'Anaïs', 'Mónica', 'Łukasz', 'Zoé',
  'Agnès', 'Çağla', 'Tomáš', 'Håkon', 'Iñaki', 'Jérôme', 'Maël', 'Nuño', 'Óscar', 'René',
];
const ACCENTED_LAST_NAMES = [
  'Müller', 'García', 'Peña', 'Núñez', 'Gómez', 'Côté', 'Fernández', 'Schröder', 'Łukasik',
  'Ibáñez', 'Jiménez', 'Bergström', 'Ødegård', 'Dubé', 'Gagné', 'Martínez', 'Rodríguez',
  "O'Brien", "O'Connor", "D'Angelo", 'Lefèvre', 'Şahin', 'Nováková', 'Åberg', 'Pérez',
];

export interface PersonName {
  firstName: string;
  lastName: string;
}

export function personName(rng: Rng): PersonName {
  const firstName = rng.chance(0.08) ? rng.pick(ACCENTED_FIRST_NAMES) : rng.pick(FIRST_NAMES);
  let lastName = rng.chance(0.1) ? rng.pick(ACCENTED_LAST_NAMES) : rng.pick(LAST_NAMES);
  // Faker's own pattern gives about one double-barrelled surname in twenty.
  if (rng.chance(0.04)) lastName = `${lastName}-${rng.pick(LAST_NAMES)}`;
  return { firstName, lastName };
}

/** Letters without diacritics, lower case, for e-mail local parts: "Zoë O'Brien" → "zoe", "obrien". */
export function asciiSlug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ø/g, 'o').replace(/Ø/g, 'O').replace(/ł/g, 'l').replace(/Ł/g, 'L').replace(/ı/g, 'i')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}
