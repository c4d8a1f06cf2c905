/** The admins' users page: the list of people, their roles, and the new-user form. */
import { STAFF_ROLES, type StaffRole } from '../../domain/common/enums.js';
import type { UserView } from '../../domain/auth/users.js';
import { controlProps, Field, FormMessage, inputProps } from '../common/form-field.js';
import { Layout, type ShellUser } from '../common/layout.js';
import { TokenTable, type TokenTableProps } from './api-tokens.view.js';

export interface NewUserFormProps { values?: Record<string, string>; errors?: Record<string, string>; message?: string }

export function NewUserForm({ values = { role: 'agent' }, errors = {}, message }: NewUserFormProps) {
  return (
    <form id="new-user-form" class="grid-form panel" hx-post="/admin/users" hx-target="#users" hx-swap="outerHTML" novalidate>
      <FormMessage message={message} />
      <Field label="Email" name="email" error={errors.email}><input {...inputProps('email', values, errors)} type="email" required /></Field>
      <Field label="Name" name="name" error={errors.name}><input {...inputProps('name', values, errors)} required /></Field>
      <Field label="Role" name="role" error={errors.role}>
        <select {...controlProps('role', errors)}>{STAFF_ROLES.map((r) => <option value={r} selected={values.role === r}>{r}</option>)}</select>
      </Field>
      <Field label="First password (12 to 128 characters)" name="password" error={errors.password}>
        <input {...controlProps('password', errors)} type="password" autocomplete="new-password" required minlength={12} />
      </Field>
      <div class="wide"><button type="submit" class="primary">Add user</button></div>
    </form>
  );
}

function UserRow({ user, self }: { user: UserView; self: boolean }) {
  const post = { 'hx-post': `/admin/users/${user.id}`, 'hx-target': '#users', 'hx-swap': 'outerHTML' };
  return (
    <tr data-user={user.email} class={user.active ? '' : 'inactive-user'}>
      <td>{user.name}{self ? ' (you)' : ''}</td>
      <td>{user.email}</td>
      <td>
        {user.role === 'consumer' ? 'consumer (portal)' : (
          <form class="inline" {...post} hx-trigger="change">
            <select name="role" aria-label={`Role of ${user.email}`} disabled={!user.active}>
              {STAFF_ROLES.map((r: StaffRole) => <option value={r} selected={user.role === r}>{r}</option>)}
            </select>
          </form>
        )}
      </td>
      <td>{user.active ? 'Active' : 'Deactivated'}</td>
      <td>
        <form class="inline" {...post}>
          <input type="hidden" name="active" value={user.active ? 'false' : 'true'} />
          <button type="submit" class={user.active ? 'danger' : ''}>{user.active ? 'Deactivate' : 'Reactivate'}</button>
        </form>
        {user.active ? (
          <form class="inline" hx-post={`/admin/users/${user.id}/password-reset`} hx-target="#users" hx-swap="outerHTML">
            <button type="submit">Send reset link</button>
          </form>
        ) : null}
        {' '}<a href={`/admin/users/${user.id}/tokens`}>API tokens</a>
      </td>
    </tr>
  );
}

export function UserList({ users, selfId, form, notice }: { users: UserView[]; selfId: number; form?: NewUserFormProps; notice?: string }) {
  return (
    <section id="users">
      {notice ? <div class="alert alert-info" role="status">{notice}</div> : null}
      <NewUserForm {...form} />
      <table class="panel">
        <thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col"></th></tr></thead>
        <tbody>{users.map((u) => <UserRow user={u} self={u.id === selfId} />)}</tbody>
      </table>
    </section>
  );
}

/** An admin's view of one person's live API tokens. */
export function UserTokensPage({ person, user, csrfToken, tokens }: { person: UserView; user: ShellUser; csrfToken: string | null; tokens: TokenTableProps }) {
  return (
    <Layout title={`API tokens of ${person.name}`} user={user} csrfToken={csrfToken} active="users">
      <p class="breadcrumb"><a href="/admin/users">Users and roles</a></p>
      <h1>API tokens of {person.name}</h1>
      <p class="muted">{person.email}</p>
      <TokenTable {...tokens} />
    </Layout>
  );
}

export function UsersPage({ users, selfId, user, csrfToken }: { users: UserView[]; selfId: number; user: ShellUser; csrfToken: string | null }) {
  return (
    <Layout title="Users and roles" user={user} csrfToken={csrfToken} active="users">
      <h1>Users and roles</h1>
      <p class="muted">Agents read every account and record activity; dispatchers also run service orders and technicians; admins also manage users, settings and jobs.</p>
      <UserList users={users} selfId={selfId} />
    </Layout>
  );
}
