/** Complaints on the profile's Service tab (htmx): open one, resolve one. */
import { Hono } from 'hono';
import { z } from 'zod';
import { findAccountRecord } from '../../domain/accounts/account-record.js';
import { CATEGORY_MAX_LENGTH, COMPLAINT_MAX_LENGTH, openComplaint, resolveComplaint } from '../../domain/communications/complaints.js';
import { NewComplaintForm, ResolveComplaintForm } from '../../views/profile/forms/complaints.view.js';
import { formState } from '../../views/profile/forms/form-state.js';
import { actorOf } from '../shared/actor.js';
import type { AppEnv } from '../app-env.js';
import { handleForm, parseForm } from '../shared/forms.js';
import { requireRole } from '../middleware/require-role.js';
import { renderSavedTab } from '../accounts/account-writes-refresh.js';
import { recordId } from '../shared/record-params.js';

const ComplaintFields = z.object({
  category: z.string({ error: 'required' }).max(CATEGORY_MAX_LENGTH, `at most ${CATEGORY_MAX_LENGTH} characters`),
  description: z.string({ error: 'required' }).max(COMPLAINT_MAX_LENGTH, `at most ${COMPLAINT_MAX_LENGTH} characters`),
});
const ResolveFields = z.object({
  resolution: z.string().max(COMPLAINT_MAX_LENGTH, `at most ${COMPLAINT_MAX_LENGTH} characters`).optional(),
});

export const complaintPageRoutes = new Hono<AppEnv>()
  .post('/accounts/:accountNumber/complaints', requireRole('agent'), async (c) => {
    const record = await findAccountRecord(c.get('em'), c.req.param('accountNumber'));
    return handleForm(c,
      (values) => openComplaint(c.get('em'), record.accountNumber, parseForm(ComplaintFields, values), actorOf(c)),
      (values, errors, message) => c.html(<NewComplaintForm accountNumber={record.accountNumber} state={formState(values, errors, message)} />),
      () => renderSavedTab(c, record.accountNumber, 'service', 'Complaint opened.'));
  })
  .post('/accounts/:accountNumber/complaints/:id/resolve', requireRole('agent'), async (c) => {
    const record = await findAccountRecord(c.get('em'), c.req.param('accountNumber'));
    const id = recordId(c.req.param('id'), 'Complaint');
    return handleForm(c,
      (values) => resolveComplaint(c.get('em'), id, parseForm(ResolveFields, values), actorOf(c), record.id),
      (values, errors, message) => c.html(<ResolveComplaintForm accountNumber={record.accountNumber} complaintId={id} state={formState(values, errors, message)} />),
      () => renderSavedTab(c, record.accountNumber, 'service', 'Complaint resolved.'));
  });
