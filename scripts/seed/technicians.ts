/**
 * The field crew: fifteen technicians, each with the order types they are qualified for.
 * Every type is covered by several people, so any order can be assigned.
 */
import { SERVICE_ORDER_TYPES } from '../../domain/common/enums.js';
import { TECHNICIAN_NAMES } from './phrases.js';
import { Rng, mixSeed, hashName } from './prng.js';

export interface TechnicianSeed {
  name: string;
  phone: string;
  skills: string[];
  active: boolean;
}

export function technicianSeeds(seed: number): TechnicianSeed[] {
  const rng = new Rng(mixSeed(seed, hashName('technicians')));
  return TECHNICIAN_NAMES.map((name, i) => {
    // Every type is someone's speciality (i and i + 8 share one), plus a few more skills drawn.
    const skills = SERVICE_ORDER_TYPES.filter((_type, t) => t === i % SERVICE_ORDER_TYPES.length || rng.chance(0.45));
    return { name, phone: `(217) 555-01${String(10 + i).padStart(2, '0')}`, skills, active: i !== TECHNICIAN_NAMES.length - 1 };
  });
}
