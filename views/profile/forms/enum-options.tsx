/** The <option>s of a select over one of the domain's enums, labelled as the profile shows them. */
import { enumLabel } from '../format.js';

/** One option per value, `selected` marking the current one (nothing marked when it is empty). */
export function EnumOptions({ values, selected }: { values: readonly string[]; selected?: string }) {
  return <>{values.map((value) => <option value={value} selected={selected === value}>{enumLabel(value)}</option>)}</>;
}
