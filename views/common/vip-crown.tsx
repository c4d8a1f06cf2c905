/** The gold VIP crown with an accessible label; renders nothing for a non-VIP account. */
export function VipCrown({ vip }: { vip: boolean | null | undefined }) {
  if (!vip) return null;
  return (
    <span class="vip-crown" role="img" aria-label="VIP" title="VIP">
      <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
        <path d="M3 7l4.5 4L12 4l4.5 7L21 7l-2 11H5L3 7z" fill="#c9a227" stroke="#8a6d12" stroke-width="1" stroke-linejoin="round" />
      </svg>
    </span>
  );
}
