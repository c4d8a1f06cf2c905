/** Complaints on the profile's Service tab (htmx): open one, resolve one. */
import { Hono } from 'hono';
import { findAccountRecord } from '../../domain/accounts/account-record.js';
import { openComplaint, resolveComplaint } from '../../domain/communications/complaints.js';
import { NewComplaintForm, ResolveComplaintForm } from '../../views/profile/forms/complaints.view.js';
import { formState } from '../../views/profile/forms/form-state.js';
import { actorOf } from '../common/actor.js';
import type { AppEnv } from '../app-env.js';
import { handleForm, parseForm } from '../common/forms.js';
import { requireRole } from '../middleware/require-role.js';
import { renderSavedTab } from '../accounts/account-writes-refresh.js';
import { recordId } from '../common/record-params.js';
import { ComplaintResolution, NewComplaint } from './records.schemas.js';

export const complaintPageRoutes = new Hono<AppEnv>()
  .post('/accounts/:accountNumber/complaints', requireRole('agent'), async (c) => {
    const record = await findAccountRecord(c.get('em'), c.req.param('accountNumber'));
    return handleForm(c,
      (values) => openComplaint(c.get('em'), record.accountNumber, parseForm(NewComplaint, values), actorOf(c)),
      (values, errors, message) => c.html(<NewComplaintForm accountNumber={record.accountNumber} state={formState(values, errors, message)} />),
      () => renderSavedTab(c, record.accountNumber, 'service', 'Complaint opened.'));
  })
  .post('/accounts/:accountNumber/complaints/:id/resolve', requireRole('agent'), async (c) => {
    const record = await findAccountRecord(c.get('em'), c.req.param('accountNumber'));
    const id = recordId(c.req.param('id'), 'Complaint');
    return handleForm(c,
      (values) => resolveComplaint(c.get('em'), id, parseForm(ComplaintResolution, values), actorOf(c), record.id),
      (values, errors, message) => c.html(<ResolveComplaintForm accountNumber={record.accountNumber} complaintId={id} state={formState(values, errors, message)} />),
      () => renderSavedTab(c, record.accountNumber, 'service', 'Complaint resolved.'));
  });
