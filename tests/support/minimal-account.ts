import type { Orm } from '../../infra/database/orm.js';

let counter = 0;

/** A bare account with a connection and an assigned meter, enough for service-order tests. */
export async function insertMinimalAccount(orm: Orm, options: { status?: string; accountNumber?: string } = {}) {
  counter += 1;
  const sql = orm.em.getConnection();
  const accountNumber = options.accountNumber ?? `WU-${70000 + counter}`;
  const [account] = await sql.execute<{ id: number }[]>(
    `insert into account (account_number, first_name, last_name, email, service_address, customer_since, status, version, created_at, updated_at)
     values (?, 'Test', ?, ?, '1 Main St', '2015-01-01', ?, 1, now(), now()) returning id`,
    [accountNumber, `Consumer${counter}`, `c${counter}@example.com`, options.status ?? 'active']);
  const [connection] = await sql.execute<{ id: number }[]>(
    `insert into service_connection (account_id, address, service_type, active, created_at) values (?, '1 Main St', 'water', true, now()) returning id`, [account.id]);
  const meterNumber = `M-T${counter}${Date.now() % 100000}`;
  const [meter] = await sql.execute<{ id: number }[]>(
    `insert into meter (meter_number, device_number, type, model, installed_at, reading_status, created_at)
     values (?, ?, 'Residential', 'Aquaflow X200', '2015-01-01', 'active', now()) returning id`, [meterNumber, `D-${meterNumber}`]);
  await sql.execute(`insert into meter_assignment (meter_id, connection_id, assigned_at, created_at) values (?, ?, '2015-01-01', now())`, [meter.id, connection.id]);
  return { id: account.id, accountNumber, meterNumber, meterId: meter.id };
}

export async function insertTechnician(orm: Orm, skills: string[] = ['repair', 'inspection', 'meter_reading', 'disconnection', 'reconnection', 'installation', 'transfer', 'maintenance']) {
  const [row] = await orm.em.getConnection().execute<{ id: number }[]>(
    `insert into technician (name, skills, active, created_at) values (?, ?, true, now()) returning id`,
    [`Tech ${Math.random().toString(36).slice(2, 6)}`, `{${skills.join(',')}}`]);
  return row.id;
}
