// The smallest account a test can work with (a connection and an assigned meter), and a
// technician to assign orders to: for service-order, activity and metrics tests.
import { sql } from 'kysely';
import { db } from '../../domain/common/database.js';
import type { AccountStatus, ServiceOrderType } from '../../domain/common/enums.js';
import type { Orm } from '../../infra/database/orm.js';
import { insertRow } from './rows.js';

let counter = 0;
/** The database's clock, as the rows' timestamps have always been taken. */
const now = sql<Date>`now()`;

/** A bare account with a connection and an assigned meter, enough for service-order tests. */
export async function insertMinimalAccount(orm: Orm, options: { status?: AccountStatus; accountNumber?: string } = {}) {
  counter += 1;
  const query = db(orm.em);
  const accountNumber = options.accountNumber ?? `WU-${70000 + counter}`;
  const accountId = await insertRow(query, 'account', {
    account_number: accountNumber, first_name: 'Test', last_name: `Consumer${counter}`, email: `c${counter}@example.com`,
    service_address: '1 Main St', customer_since: '2015-01-01', status: options.status ?? 'active', version: 1, created_at: now, updated_at: now,
  });
  const connectionId = await insertRow(query, 'service_connection', {
    account_id: accountId, address: '1 Main St', service_type: 'water', active: true, created_at: now,
  });
  const meterNumber = `M-T${counter}${Date.now() % 100000}`;
  const meterId = await insertRow(query, 'meter', {
    meter_number: meterNumber, device_number: `D-${meterNumber}`, type: 'Residential', model: 'Aquaflow X200',
    installed_at: '2015-01-01', reading_status: 'active', created_at: now,
  });
  await insertRow(query, 'meter_assignment', { meter_id: meterId, connection_id: connectionId, assigned_at: '2015-01-01', created_at: now });
  return { id: accountId, accountNumber, meterNumber, meterId };
}

export async function insertTechnician(orm: Orm, skills: ServiceOrderType[] = ['repair', 'inspection', 'meter_reading', 'disconnection', 'reconnection', 'installation', 'transfer', 'maintenance']) {
  return insertRow(db(orm.em), 'technician', { name: `Tech ${Math.random().toString(36).slice(2, 6)}`, skills, active: true, created_at: now });
}
