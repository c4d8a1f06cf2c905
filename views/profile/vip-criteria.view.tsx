/** The VIP criteria list of the Overview tab. */
import type { AccountVip } from '../../domain/accounts/account-insights.js';
import { VipCrown } from '../common/vip-crown.js';

/** The five VIP criteria (docs/rules.md#vip) with which hold, and the admin's pin when there is one. */
export function VipCriteria({ vip, minCriteria }: { vip: AccountVip; minCriteria: number }) {
  return (
    <div class="vip-criteria">
      <p class="vip-verdict">
        <VipCrown vip={vip.vip} />{' '}
        <strong>{vip.vip ? 'VIP' : 'Not VIP'}</strong>
        {' '}— {vip.criteriaMet} of {vip.criteria.length} criteria hold; {minCriteria} make a VIP.
      </p>
      {vip.pinned ? (
        <p class="vip-pin" data-vip-pin={vip.vip ? 'on' : 'off'}>
          Pinned {vip.vip ? 'on' : 'off'} by an admin{vip.pinReason ? `: ${vip.pinReason}` : ''}.
          {vip.ruleVip !== vip.vip ? ` The rule alone would say ${vip.ruleVip ? 'VIP' : 'not VIP'}.` : ''}
        </p>
      ) : null}
      <ul class="criteria">
        {vip.criteria.map((c) => (
          <li class={c.holds ? 'criterion holds' : 'criterion fails'} data-criterion={c.key} data-holds={String(c.holds)}>
            <span class="criterion-mark">{c.holds ? '✓ Holds' : '✗ Does not hold'}</span>: {c.label}
            <span class="muted"> ({c.detail})</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
